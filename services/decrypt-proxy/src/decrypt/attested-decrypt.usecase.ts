import type { AttestedDecryptRequest, DecryptedHandle, DecryptedHandles, HandleAuthorization } from '@quietpay/contracts';
import { nativeEd25519, type QuietpayError } from '@quietpay/platform';
import { verifyAttestedDecrypt } from '@quietpay/solana';
import type { PublicKey } from '@solana/web3.js';
import { AttestationKeyProvider } from '../covalidator/attestation-key.provider';
import { CovalidatorClient } from '../covalidator/covalidator.client';
import { AddressRateLimiter } from './address-rate.limiter';
import { DecryptResultCache } from './decrypt-result.cache';
import { attestationInvalid, decryptError, MAX_HANDLES_PER_CALL } from './decrypt.errors';
import { isValidHandleSignature, parseAddress } from './request-signature.verifier';

const DECIMAL_U128 = /^[1-9]\d{0,38}$/;

/**
 * Decrypts handles for one wallet through the covalidator and returns a plaintext only when the
 * covalidator's ed25519 attestation verifies against the pinned key for the handle we asked for.
 */
export class AttestedDecryptUseCase {
  constructor(
    private readonly covalidator: CovalidatorClient,
    private readonly attestationKey: AttestationKeyProvider,
    private readonly cache: DecryptResultCache,
    private readonly rateLimiter: AddressRateLimiter,
  ) {}

  async execute(request: AttestedDecryptRequest): Promise<DecryptedHandles> {
    this.validate(request);
    await this.rateLimiter.take(request.address, request.handles.length);
    const key = await this.attestationKey.key();
    const plaintexts = await Promise.all(request.handles.map((h) => this.decryptOne(request.address, h, key)));
    return { plaintexts };
  }

  private validate(request: AttestedDecryptRequest): PublicKey {
    const address = parseAddress(request.address);
    if (!address) throw invalid('address is not a base58 public key', { address: request.address });
    if (request.handles.length === 0) throw invalid('no handles', {});
    if (request.handles.length > MAX_HANDLES_PER_CALL) {
      throw decryptError('too_many_handles', `at most ${MAX_HANDLES_PER_CALL} handles a call`, {
        context: { count: String(request.handles.length) },
      });
    }
    for (const h of request.handles) {
      // The covalidator rejects hex; a u128 has at most 39 decimal digits; 0 is uninitialised.
      if (!DECIMAL_U128.test(h.handle) || BigInt(h.handle) >= 1n << 128n) throw invalid('handle must be a decimal u128 > 0', { handle: h.handle });
      if (!isValidHandleSignature(h.handle, address, h.signature)) {
        throw decryptError('bad_decrypt_signature', 'signature is not the address signing the handle', {
          context: { handle: h.handle, address: request.address },
        });
      }
    }
    return address;
  }

  private async decryptOne(addressText: string, h: HandleAuthorization, key: PublicKey): Promise<DecryptedHandle> {
    const cached = await this.cache.get(addressText, h.handle);
    if (cached) return { handle: h.handle, plaintext: cached.plaintext, attestationSignature: cached.attestationSignature };
    const answer = await this.covalidator.decryptAttested({ handle: h.handle, address: addressText, signature: h.signature });
    const verdict = verifyAttestedDecrypt(BigInt(h.handle), answer, key, nativeEd25519.verifyRaw);
    if (!verdict.ok) throw attestationInvalid(h.handle, verdict.reason);
    // verifyAttestedDecrypt accepted the answer, so it has a signature string.
    const attestationSignature = (answer as { signature: string }).signature;
    const plaintext = verdict.plaintext.toString(10);
    await this.cache.put(addressText, h.handle, plaintext, attestationSignature);
    return { handle: h.handle, plaintext, attestationSignature };
  }
}

function invalid(message: string, context: Record<string, string>): QuietpayError {
  return decryptError('invalid_request', message, { context });
}
