/**
 * Key material of the covalidator stand-in and of the module's own mint: a secp256k1 TEE key
 * (ECIES inputs are encrypted to it), an ed25519 attestation key (signs decrypt answers), and
 * the IncoToken mint and its authority. Kept in one JSON file under the state directory so a
 * persisted chain keeps matching keys across restarts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Keypair } from '@solana/web3.js';
import { ed25519 } from '@noble/curves/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1';
import bs58 from 'bs58';

export class IncoKeys {
  constructor(
    public teePrivateKey: Uint8Array,
    public attestationSeed: Uint8Array,
    public mint: Keypair,
    public mintAuthority: Keypair,
  ) {}

  /** Given keys are kept; the rest are random. */
  static generate(teePrivateKey?: Uint8Array, attestationSeed?: Uint8Array, mint?: Keypair, mintAuthority?: Keypair): IncoKeys {
    return new IncoKeys(
      teePrivateKey ?? secp256k1.utils.randomPrivateKey(),
      attestationSeed ?? ed25519.utils.randomPrivateKey(),
      mint ?? Keypair.generate(),
      mintAuthority ?? Keypair.generate(),
    );
  }

  /** 65-byte uncompressed secp256k1 public key (what ecies-geth encrypts to). */
  get teePublicKey(): Uint8Array {
    return secp256k1.getPublicKey(this.teePrivateKey, false);
  }

  get attestationPublicKey(): Uint8Array {
    return ed25519.getPublicKey(this.attestationSeed);
  }

  /** Adopts the keys saved in `file`, or saves these there when there is none yet. */
  loadOrSave(file: string): void {
    if (existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const str = (k: string): string => {
        const v = saved[k];
        if (typeof v !== 'string') throw new Error(`${file}: missing ${k}`);
        return v;
      };
      this.teePrivateKey = Buffer.from(str('teePrivateKey'), 'hex');
      this.attestationSeed = Buffer.from(str('attestationSeed'), 'hex');
      this.mint = Keypair.fromSecretKey(bs58.decode(str('mint')));
      this.mintAuthority = Keypair.fromSecretKey(bs58.decode(str('mintAuthority')));
      return;
    }
    const out = {
      teePrivateKey: Buffer.from(this.teePrivateKey).toString('hex'),
      attestationSeed: Buffer.from(this.attestationSeed).toString('hex'),
      mint: bs58.encode(this.mint.secretKey),
      mintAuthority: bs58.encode(this.mintAuthority.secretKey),
    };
    writeFileSync(file, JSON.stringify(out, null, 2), { mode: 0o600 });
  }
}
