/** Account data size the program allocates for an IncoAccount. */
export const INCO_ACCOUNT_SIZE = 221;
