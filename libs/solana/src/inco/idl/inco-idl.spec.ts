import { Keypair, type PublicKey, SystemProgram, type TransactionInstruction } from '@solana/web3.js';
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
  decodeIncoLightningInstruction,
  decodeIncoTokenAccount,
  decodeIncoTokenInstruction,
  encodeIncoLightningInstruction,
  encodeIncoTokenAccount,
  encodeIncoTokenInstruction,
  incoTokenAccountDiscriminator,
  incoTokenAccountMetas,
} from './inco.coder';
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
