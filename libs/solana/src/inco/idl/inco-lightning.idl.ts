const signer = [{ name: 'signer', writable: true, signer: true }] as const;
const binaryArgs = [
  { name: 'a', type: 'u128' },
  { name: 'b', type: 'u128' },
  { name: 'scalar_byte', type: 'u8' },
] as const;

/**
 * The Inco Lightning calls IncoToken makes through CPI, as an Anchor IDL: handle creation from a
 * client ciphertext (`new_euint128`) or a plaintext (`as_euint128`), the arithmetic the transfer
 * uses (`e_add`, `e_sub`, `e_ge`, `e_select`, PROTOCOLS.md §2) and `allow`, which creates the
 * allowance PDA `[handle as 16-byte LE, allowed]` granting an address decrypt rights. Handles are
 * u128. PROTOCOLS.md names these calls and the allowance seeds but gives no argument layouts: the
 * layouts here are the ones quietpay's localnet emits as inner instructions, so a parser reading
 * localnet's (or a devnet) transaction must treat them as quietpay's model, not Inco's published
 * interface. `address` is the devnet deployment; the id used is configuration.
 */
export const INCO_LIGHTNING_IDL = {
  address: '5sjEbPiqgZrYwR31ahR6Uk9wf5awoX61YGg7jExQSwaj',
  metadata: { name: 'inco_lightning', version: '0.1.0', spec: '0.1.0', description: 'The Inco Lightning calls IncoToken makes (quietpay model)' },
  instructions: [
    {
      name: 'new_euint128',
      discriminator: [145, 32, 102, 227, 47, 231, 10, 214],
      accounts: signer,
      args: [
        { name: 'ciphertext', type: 'bytes' },
        { name: 'input_type', type: 'u8' },
      ],
    },
    { name: 'as_euint128', discriminator: [86, 61, 23, 173, 187, 2, 247, 96], accounts: signer, args: [{ name: 'value', type: 'u128' }] },
    { name: 'e_add', discriminator: [20, 83, 18, 167, 120, 33, 209, 238], accounts: signer, args: binaryArgs },
    { name: 'e_sub', discriminator: [187, 11, 145, 30, 50, 54, 58, 228], accounts: signer, args: binaryArgs },
    { name: 'e_ge', discriminator: [129, 196, 119, 101, 81, 108, 69, 206], accounts: signer, args: binaryArgs },
    {
      name: 'e_select',
      discriminator: [179, 245, 134, 133, 174, 177, 203, 253],
      accounts: signer,
      args: [
        { name: 'control', type: 'u128' },
        { name: 'if_true', type: 'u128' },
        { name: 'if_false', type: 'u128' },
        { name: 'scalar_byte', type: 'u8' },
      ],
    },
    {
      name: 'allow',
      discriminator: [60, 103, 140, 65, 110, 109, 147, 164],
      accounts: [
        { name: 'allowance_account', writable: true },
        { name: 'signer', writable: true, signer: true },
        { name: 'allowed_address' },
        { name: 'system_program' },
      ],
      args: [
        { name: 'handle', type: 'u128' },
        { name: 'value', type: 'bool' },
        { name: 'allowed_address', type: 'pubkey' },
      ],
    },
  ],
  accounts: [{ name: 'Allowance', discriminator: [144, 8, 184, 213, 49, 248, 73, 131] }],
  types: [
    {
      name: 'Allowance',
      type: {
        kind: 'struct',
        fields: [
          { name: 'allowed', type: 'bool' },
          { name: 'bump', type: 'u8' },
        ],
      },
    },
  ],
} as const;

/** The Inco Lightning instruction names the IDL describes. */
export type IncoLightningInstructionName = (typeof INCO_LIGHTNING_IDL.instructions)[number]['name'];
