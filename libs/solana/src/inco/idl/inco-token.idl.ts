/**
 * IncoToken's interface as an Anchor IDL (spec 0.1.0, Anchor ≥ 0.30), written from PROTOCOLS.md §2:
 * discriminators, argument layouts, account order and flags, the `IncoAccount` / `IncoMint` layouts
 * and the documented error codes. It is the one description quietpay's client (libs/solana, with its
 * own Borsh coder) and the localnet emulator (infra/localnet, with Anchor's BorshCoder) both encode
 * and decode with, so the two cannot drift apart silently. `initialize_mint`'s layout is quietpay's assumption (PROTOCOLS.md
 * gives none): SPL-like `decimals, mint_authority, freeze_authority`.
 *
 * `address` is the devnet deployment; the program id actually used is configuration
 * (`resolveProgramIds`), never this literal. Remaining accounts (the allowance PDAs and the
 * addresses they grant) are not part of an Anchor IDL and are appended by the builders.
 * Euint128 handles are u128.
 */
export const INCO_TOKEN_IDL = {
  address: '9Cir3JKBcQ1mzasrQNKWMiGVZvYu3dxvfkGeQ6mohWWi',
  metadata: { name: 'inco_token', version: '0.1.0', spec: '0.1.0', description: 'Confidential SPL-like token over Inco Lightning (PROTOCOLS.md §2)' },
  instructions: [
    {
      name: 'create_idempotent',
      discriminator: [143, 88, 34, 91, 112, 20, 245, 59],
      accounts: [
        { name: 'payer', writable: true, signer: true },
        { name: 'associated_token', writable: true },
        { name: 'wallet' },
        { name: 'mint' },
        { name: 'system_program' },
        { name: 'inco_lightning_program' },
      ],
      args: [],
    },
    {
      name: 'initialize_mint',
      discriminator: [209, 42, 195, 4, 129, 85, 209, 44],
      accounts: [
        { name: 'mint', writable: true, signer: true },
        { name: 'payer', writable: true, signer: true },
        { name: 'system_program' },
        { name: 'inco_lightning_program' },
      ],
      args: [
        { name: 'decimals', type: 'u8' },
        { name: 'mint_authority', type: 'pubkey' },
        { name: 'freeze_authority', type: { option: 'pubkey' } },
      ],
    },
    {
      name: 'mint_to',
      discriminator: [241, 34, 48, 186, 37, 179, 123, 192],
      accounts: [
        { name: 'mint', writable: true },
        { name: 'account', writable: true },
        { name: 'mint_authority', writable: true, signer: true },
        { name: 'inco_lightning_program' },
        { name: 'system_program' },
      ],
      args: [
        { name: 'ciphertext', type: 'bytes' },
        { name: 'input_type', type: 'u8' },
      ],
    },
    {
      name: 'approve_checked',
      discriminator: [47, 197, 254, 42, 58, 201, 58, 109],
      accounts: [
        { name: 'source', writable: true },
        { name: 'mint' },
        { name: 'delegate' },
        { name: 'owner', writable: true, signer: true },
        { name: 'inco_lightning_program' },
        { name: 'system_program' },
      ],
      args: [
        { name: 'ciphertext', type: 'bytes' },
        { name: 'input_type', type: 'u8' },
        { name: 'decimals', type: 'u8' },
      ],
    },
    {
      name: 'approve',
      discriminator: [69, 74, 217, 36, 115, 117, 97, 76],
      accounts: [
        { name: 'source', writable: true },
        { name: 'delegate' },
        { name: 'owner', writable: true, signer: true },
        { name: 'inco_lightning_program' },
        { name: 'system_program' },
      ],
      args: [
        { name: 'ciphertext', type: 'bytes' },
        { name: 'input_type', type: 'u8' },
      ],
    },
    {
      name: 'transfer',
      discriminator: [163, 52, 200, 231, 140, 3, 69, 186],
      accounts: [
        { name: 'source', writable: true },
        { name: 'destination', writable: true },
        { name: 'authority', writable: true, signer: true },
        { name: 'inco_lightning_program' },
        { name: 'system_program' },
      ],
      args: [
        { name: 'ciphertext', type: 'bytes' },
        { name: 'input_type', type: 'u8' },
      ],
    },
    {
      name: 'transfer_with_authorization',
      discriminator: [241, 208, 6, 43, 81, 61, 213, 10],
      accounts: [
        { name: 'source', writable: true },
        { name: 'destination', writable: true },
        { name: 'payer', signer: true },
        { name: 'instructions_sysvar' },
        { name: 'inco_lightning_program' },
        { name: 'system_program' },
      ],
      args: [
        { name: 'ciphertext', type: 'bytes' },
        { name: 'input_type', type: 'u8' },
      ],
    },
    {
      name: 'revoke',
      discriminator: [170, 23, 31, 34, 133, 173, 93, 242],
      accounts: [{ name: 'source', writable: true }, { name: 'owner', writable: true, signer: true }, { name: 'inco_lightning_program' }],
      args: [],
    },
  ],
  accounts: [
    { name: 'IncoAccount', discriminator: [18, 233, 131, 18, 230, 173, 249, 89] },
    { name: 'IncoMint', discriminator: [254, 129, 245, 169, 202, 143, 198, 4] },
  ],
  types: [
    {
      name: 'AccountState',
      type: { kind: 'enum', variants: [{ name: 'Uninitialized' }, { name: 'Initialized' }, { name: 'Frozen' }] },
    },
    {
      // COption fields are Borsh enums on this program (1-byte tag, then the value if Some): an
      // Anchor `option`. The account is allocated at 221 bytes; what follows the fields is padding.
      name: 'IncoAccount',
      type: {
        kind: 'struct',
        fields: [
          { name: 'mint', type: 'pubkey' },
          { name: 'owner', type: 'pubkey' },
          { name: 'amount', type: 'u128' },
          { name: 'delegate', type: { option: 'pubkey' } },
          { name: 'state', type: { defined: { name: 'AccountState' } } },
          { name: 'is_native', type: { option: 'u64' } },
          { name: 'delegated_amount', type: 'u128' },
          { name: 'close_authority', type: { option: 'pubkey' } },
        ],
      },
    },
    {
      name: 'IncoMint',
      type: {
        kind: 'struct',
        fields: [
          { name: 'mint_authority', type: { option: 'pubkey' } },
          { name: 'supply', type: 'u128' },
          { name: 'decimals', type: 'u8' },
          { name: 'is_initialized', type: 'bool' },
          { name: 'freeze_authority', type: { option: 'pubkey' } },
        ],
      },
    },
  ],
  errors: [
    { code: 6001, name: 'InsufficientFunds', msg: 'Insufficient funds' },
    { code: 6002, name: 'InvalidMint', msg: 'Invalid Mint' },
    { code: 6003, name: 'MintMismatch', msg: 'Account not associated with this Mint' },
    { code: 6004, name: 'OwnerMismatch', msg: 'Owner does not match' },
    { code: 6012, name: 'InvalidInstruction', msg: 'Invalid instruction' },
    { code: 6017, name: 'AccountFrozen', msg: 'Account frozen' },
    { code: 6018, name: 'MintDecimalsMismatch', msg: 'Mint decimals mismatch' },
  ],
} as const;

/** The IncoToken instruction names the IDL describes. */
export type IncoTokenInstructionName = (typeof INCO_TOKEN_IDL.instructions)[number]['name'];
