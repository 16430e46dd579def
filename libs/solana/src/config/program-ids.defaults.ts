/**
 * The only place chain-specific ids are written down: the values of the deployed devnet stack
 * (PROTOCOLS.md §2–3). Everything else takes a `SolanaProgramIds` from configuration; localnet
 * reuses these ids because its emulated programs sit at the real addresses.
 *
 * Not used: the ids in `@inco/solana-sdk`'s constants (`3pQi…`, `5SpaVk…`), which none of its
 * functions use.
 */
export const DEVNET_PROGRAM_ID_STRINGS = {
  incoToken: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  incoLightning: '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj',
  /** The devnet confidential mint (6 decimals). */
  incoMint: '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB',
  /** MagicBlock Ephemeral SPL Token / private payments. */
  ephemeralSpl: 'SPLxh1LVZzEkX99H6rqYizhytLWPZVV296zyYDPagv2',
  /** MagicBlock delegation program. */
  delegation: 'DELeGGvXpWV2fqJUhqcF5ZSYMS4JTLjteaAMARRSaeSh',
  /** MagicBlock regular ephemeral-rollup validator. */
  validator: 'MAS1Dt9qreoRMQ14YQuhg8UTZMMzDdKhmkZMECCzk57',
  /** MagicBlock TEE (private) validator. */
  teeValidator: 'MTEWGuqxUpYZGFJQcp8tLN7x5v9BSeoFHYWQQ3n3xzo',
} as const;

export type ProgramIdName = keyof typeof DEVNET_PROGRAM_ID_STRINGS;
