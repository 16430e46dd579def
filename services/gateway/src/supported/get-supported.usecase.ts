import { Injectable } from '@nestjs/common';
import type { SupportedResponse } from '@quietpay/x402';
import { SchemeRegistry } from '../schemes/scheme-registry';

/** `/supported`: every configured scheme's kinds side by side, and the union of their signers. */
@Injectable()
export class GetSupportedUseCase {
  constructor(private readonly schemes: SchemeRegistry) {}

  execute(publicBaseUrl: string): SupportedResponse {
    const signers: Record<string, string[]> = {};
    for (const scheme of this.schemes.all) {
      for (const [family, keys] of Object.entries(scheme.signers())) {
        signers[family] = [...new Set([...(signers[family] ?? []), ...keys])];
      }
    }
    return { kinds: this.schemes.all.flatMap((s) => s.supportedKinds({ publicBaseUrl })), extensions: [], signers };
  }
}
