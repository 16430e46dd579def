// session-ledger's authority key for one run of the stack: generated on first use, written as a
// keypair file (JSON array of 64 bytes: ed25519 seed ‖ public key, mode 0600) that only the ledger
// is pointed at, and removed when the process exits. The signer gets the public key (base58).
// Per run on purpose: a development key is never reused, so nothing signed in one run verifies in
// another.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes) {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

let authority;

/** { keyFile, publicKey } of this process's ledger authority key. */
export function ledgerAuthority() {
  if (authority) return authority;
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d, 'base64url');
  const publicKey = Buffer.from(jwk.x, 'base64url');
  const dir = mkdtempSync(join(tmpdir(), 'quietpay-ledger-authority-'));
  const keyFile = join(dir, 'ledger-authority.json');
  writeFileSync(keyFile, JSON.stringify([...seed, ...publicKey]), { mode: 0o600 });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  authority = { keyFile, publicKey: base58(publicKey) };
  return authority;
}
