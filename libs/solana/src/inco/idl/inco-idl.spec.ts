import { BorshCoder, type Idl } from '@coral-xyz/anchor';
import { Keypair, type PublicKey, SystemProgram, type TransactionInstruction } from '@solana/web3.js';
import BN from 'bn.js';
import { describe, expect, it } from 'vitest';
import { resolveProgramIds } from '../../config/program-ids.config';
import { anchorAccountDiscriminator, anchorInstructionDiscriminator } from '../anchor-discriminator.util';
import { decodeIncoAccount, INCO_ACCOUNT_SIZE } from '../inco-account.decoder';
import { decodeIncoMint } from '../inco-mint.decoder';
import {
  approveCheckedInstruction,
  approveInstruction,
  createIdempotentInstruction,
  initializeMintInstruction,
  mintToInstruction,
  revokeInstruction,
  transferInstruction,
} from '../inco-token.instructions';
import {
  encodeIncoLightningInstruction,
  encodeIncoTokenAccount,
  encodeIncoTokenInstruction,
  incoTokenAccountDiscriminator,
  incoTokenAccountMetas,
  type IdlValue,
} from './inco.coder';
import { decodeIncoLightningInstruction, decodeIncoTokenAccount, decodeIncoTokenInstruction } from './inco.decoders';
import { INCO_LIGHTNING_IDL } from './inco-lightning.idl';
import { INCO_TOKEN_IDL } from './inco-token.idl';

const ids = resolveProgramIds();
const key = (n: number): PublicKey => Keypair.fromSeed(new Uint8Array(32).fill(n)).publicKey;
const [payer, wallet, owner, delegate, source, destination, allowA, allowB] = [1, 2, 3, 4, 5, 6, 7, 8].map(key) as [
  PublicKey,
  PublicKey,
  PublicKey,
  PublicKey,
  PublicKey,
  PublicKey,
  PublicKey,
  PublicKey,
];
const ciphertext = Uint8Array.from({ length: 152 }, (_, i) => (i * 37) % 256);
const common = { inco_lightning_program: ids.incoLightning, system_program: SystemProgram.programId };

/** The same instruction, written with the IDL's coder: data, then the IDL's accounts and any remaining ones. */
function viaIdl(
  name: Parameters<typeof encodeIncoTokenInstruction>[0],
  accounts: Record<string, PublicKey>,
  args: Parameters<typeof encodeIncoTokenInstruction>[1],
  remaining: PublicKey[] = [],
) {
  const metas = incoTokenAccountMetas(name, { ...common, ...accounts }).map((m) => `${m.pubkey.toBase58()}:${m.isWritable ? 'w' : ''}${m.isSigner ? 's' : ''}`);
  const rest = remaining.map((k, i) => `${k.toBase58()}:${i % 2 === 0 ? 'w' : ''}`);
  return { data: Buffer.from(encodeIncoTokenInstruction(name, args)).toString('hex'), keys: [...metas, ...rest] };
}
const built = (ix: TransactionInstruction) => ({
  data: ix.data.toString('hex'),
  keys: ix.keys.map((m) => `${m.pubkey.toBase58()}:${m.isWritable ? 'w' : ''}${m.isSigner ? 's' : ''}`),
});

describe('the Inco IDLs', () => {
  it("carry the sha256 discriminators (PROTOCOLS.md's table included)", () => {
    for (const ix of [...INCO_TOKEN_IDL.instructions, ...INCO_LIGHTNING_IDL.instructions])
      expect([ix.name, ...ix.discriminator]).toEqual([ix.name, ...anchorInstructionDiscriminator(ix.name)]);
    for (const account of INCO_TOKEN_IDL.accounts) expect(incoTokenAccountDiscriminator(account.name)).toEqual(anchorAccountDiscriminator(account.name));
    expect(Array.from(anchorAccountDiscriminator('Allowance'))).toEqual([...INCO_LIGHTNING_IDL.accounts[0].discriminator]);
  });
});

describe("Anchor's coder over the IncoToken IDL, byte for byte against the hand-written encoders", () => {
  it('create_idempotent, revoke, initialize_mint', () => {
    expect(viaIdl('create_idempotent', { payer, associated_token: source, wallet, mint: ids.incoMint }, {})).toEqual(
      built(createIdempotentInstruction(ids, { payer, associatedToken: source, wallet, mint: ids.incoMint })),
    );
    expect(viaIdl('revoke', { source, owner }, {})).toEqual(built(revokeInstruction(ids, { source, owner })));
    for (const freeze of [undefined, key(9)]) {
      expect(viaIdl('initialize_mint', { mint: ids.incoMint, payer }, { decimals: 6, mint_authority: payer, freeze_authority: freeze ?? null })).toEqual(
        built(initializeMintInstruction(ids, { mint: ids.incoMint, payer, decimals: 6, mintAuthority: payer, ...(freeze ? { freezeAuthority: freeze } : {}) })),
      );
    }
  });

  it('approve_checked and approve, with and without the allowance grant', () => {
    const grant = { allowance: allowA, allowed: delegate };
    const args = { ciphertext, input_type: 0 };
    expect(viaIdl('approve_checked', { source, mint: ids.incoMint, delegate, owner }, { ...args, decimals: 6 }, [allowA, delegate])).toEqual(
      built(approveCheckedInstruction(ids, { source, mint: ids.incoMint, delegate, owner, ciphertext, decimals: 6, grant })),
    );
    expect(viaIdl('approve_checked', { source, mint: ids.incoMint, delegate, owner }, { ...args, decimals: 9 })).toEqual(
      built(approveCheckedInstruction(ids, { source, mint: ids.incoMint, delegate, owner, ciphertext, decimals: 9 })),
    );
    expect(viaIdl('approve', { source, delegate, owner }, args, [allowA, delegate])).toEqual(
      built(approveInstruction(ids, { source, delegate, owner, ciphertext, grant })),
    );
  });

  it('transfer with both grants, and mint_to', () => {
    const grants = [
      { allowance: allowA, allowed: owner },
      { allowance: allowB, allowed: wallet },
    ] as const;
    expect(viaIdl('transfer', { source, destination, authority: delegate }, { ciphertext, input_type: 0 }, [allowA, owner, allowB, wallet])).toEqual(
      built(transferInstruction(ids, { source, destination, authority: delegate, ciphertext, grants })),
    );
    expect(viaIdl('mint_to', { mint: ids.incoMint, account: source, mint_authority: payer }, { ciphertext, input_type: 0 }, [allowA, owner])).toEqual(
      built(mintToInstruction(ids, { mint: ids.incoMint, account: source, mintAuthority: payer, ciphertext, grant: { allowance: allowA, allowed: owner } })),
    );
  });

  it('decodes what it encodes, and refuses unknown or truncated data', () => {
    const data = encodeIncoTokenInstruction('approve_checked', { ciphertext, input_type: 0, decimals: 6 });
    expect(decodeIncoTokenInstruction(data)).toEqual({ name: 'approve_checked', args: { ciphertext, input_type: 0, decimals: 6 } });
    expect(decodeIncoTokenInstruction(data.subarray(0, 20))).toBeNull();
    expect(decodeIncoTokenInstruction(new Uint8Array(8))).toBeNull();
    const allow = encodeIncoLightningInstruction('allow', { handle: 2n ** 127n + 5n, value: true, allowed_address: owner });
    expect(decodeIncoLightningInstruction(allow)).toEqual({ name: 'allow', args: { handle: 2n ** 127n + 5n, value: true, allowed_address: owner } });
  });
});

describe("Anchor's coder over the IncoToken accounts, against the hand-written decoders", () => {
  const fields = (delegateKey: PublicKey | null) => ({
    mint: ids.incoMint,
    owner,
    amount: 2n ** 120n + 111n,
    delegate: delegateKey,
    state: { Initialized: {} },
    is_native: null,
    delegated_amount: 222n,
    close_authority: null,
  });

  it('IncoAccount with and without a delegate: 221 bytes, the fields where decodeIncoAccount reads them', () => {
    for (const d of [null, delegate]) {
      const bytes = encodeIncoTokenAccount('IncoAccount', fields(d), INCO_ACCOUNT_SIZE);
      expect(bytes.length).toBe(INCO_ACCOUNT_SIZE);
      const hand = decodeIncoAccount(bytes);
      expect([hand.mint, hand.owner, hand.amountHandle, hand.delegate, hand.state, hand.isNative, hand.delegatedAmountHandle, hand.closeAuthority]).toEqual([
        ids.incoMint,
        owner,
        2n ** 120n + 111n,
        d,
        'initialized',
        null,
        222n,
        null,
      ]);
      expect(decodeIncoTokenAccount('IncoAccount', bytes)).toEqual(fields(d));
    }
  });

  it('IncoMint', () => {
    const mint = { mint_authority: payer, supply: 9n, decimals: 6, is_initialized: true, freeze_authority: null };
    const bytes = encodeIncoTokenAccount('IncoMint', mint, 8 + 106);
    expect(decodeIncoMint(bytes)).toEqual({ mintAuthority: payer, supplyHandle: 9n, decimals: 6, isInitialized: true, freezeAuthority: null });
    expect(decodeIncoTokenAccount('IncoMint', bytes)).toEqual(mint);
    expect(() => encodeIncoTokenAccount('IncoMint', mint, 20)).toThrow(/allocated/);
  });
});

// Pins the hand-written Borsh coder (idl-borsh.codec.ts) to the bytes of Anchor's BorshCoder, which
// it replaced on the client side: the SDK and the services must keep writing exactly what they wrote
// before, and what localnet's emulator (Anchor's coder) reads.
describe("the Borsh coder, byte for byte against Anchor's BorshCoder over the same IDLs", () => {
  const anchorToken = new BorshCoder(INCO_TOKEN_IDL as unknown as Idl);
  const anchorLightning = new BorshCoder(INCO_LIGHTNING_IDL as unknown as Idl);
  const toAnchor = (args: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(args).map(([k, v]) => [
        k,
        typeof v === 'bigint' ? new BN(v.toString()) : v instanceof Uint8Array && !('toBase58' in v) ? Buffer.from(v) : v,
      ]),
    );
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const tokenArgs: Record<string, Record<string, IdlValue>> = {
    create_idempotent: {},
    initialize_mint: { decimals: 6, mint_authority: payer, freeze_authority: null },
    mint_to: { ciphertext, input_type: 0 },
    approve_checked: { ciphertext, input_type: 0, decimals: 9 },
    approve: { ciphertext: new Uint8Array(0), input_type: 0 },
    transfer: { ciphertext, input_type: 0 },
    transfer_with_authorization: { ciphertext: ciphertext.subarray(0, 7), input_type: 0 },
    revoke: {},
  };

  it('every IncoToken instruction the IDL names', () => {
    for (const ix of INCO_TOKEN_IDL.instructions) {
      const args = tokenArgs[ix.name];
      expect(args, ix.name).toBeDefined();
      expect([ix.name, hex(encodeIncoTokenInstruction(ix.name, args!))]).toEqual([ix.name, hex(anchorToken.instruction.encode(ix.name, toAnchor(args!)))]);
    }
    const withFreeze = { decimals: 0, mint_authority: payer, freeze_authority: wallet };
    expect(hex(encodeIncoTokenInstruction('initialize_mint', withFreeze))).toBe(hex(anchorToken.instruction.encode('initialize_mint', toAnchor(withFreeze))));
  });

  it('every Inco Lightning instruction, u128 extremes included', () => {
    const big = 2n ** 128n - 1n;
    const lightningArgs: Record<string, Record<string, IdlValue>> = {
      new_euint128: { ciphertext, input_type: 0 },
      as_euint128: { value: big },
      e_add: { a: 1n, b: big, scalar_byte: 0 },
      e_sub: { a: big, b: 0n, scalar_byte: 1 },
      e_ge: { a: 2n ** 64n, b: 2n ** 64n - 1n, scalar_byte: 0 },
      e_select: { control: 3n, if_true: 2n ** 127n, if_false: 0n, scalar_byte: 0 },
      allow: { handle: 2n ** 127n + 5n, value: true, allowed_address: owner },
    };
    for (const ix of INCO_LIGHTNING_IDL.instructions) {
      const args = lightningArgs[ix.name];
      expect(args, ix.name).toBeDefined();
      expect([ix.name, hex(encodeIncoLightningInstruction(ix.name, args!))]).toEqual([
        ix.name,
        hex(anchorLightning.instruction.encode(ix.name, toAnchor(args!))),
      ]);
    }
  });

  it('IncoAccount and IncoMint, every option and state, decoded alike', async () => {
    for (const [d, native, close, state] of [
      [null, null, null, 'Uninitialized'],
      [delegate, 7n, owner, 'Initialized'],
      [delegate, null, null, 'Frozen'],
    ] as const) {
      const fields = {
        mint: ids.incoMint,
        owner,
        amount: 2n ** 128n - 1n,
        delegate: d,
        state: { [state]: {} },
        is_native: native,
        delegated_amount: 222n,
        close_authority: close,
      };
      const ours = encodeIncoTokenAccount('IncoAccount', fields, INCO_ACCOUNT_SIZE);
      const theirs = await anchorToken.accounts.encode('IncoAccount', toAnchor(fields));
      expect(hex(ours).startsWith(hex(theirs))).toBe(true);
      expect(ours.subarray(theirs.length).every((b) => b === 0)).toBe(true);
      const decodedByAnchor = anchorToken.accounts.decode('IncoAccount', Buffer.from(ours)) as Record<string, unknown>;
      const ourDecode = decodeIncoTokenAccount('IncoAccount', ours);
      for (const [k, v] of Object.entries(decodedByAnchor)) expect([k, String(ourDecode[k])]).toEqual([k, String(v)]);
    }
    const mint = { mint_authority: null, supply: 2n ** 100n, decimals: 9, is_initialized: false, freeze_authority: payer };
    expect(hex(encodeIncoTokenAccount('IncoMint', mint, 8 + 70)).startsWith(hex(await anchorToken.accounts.encode('IncoMint', toAnchor(mint))))).toBe(true);
  });
});
