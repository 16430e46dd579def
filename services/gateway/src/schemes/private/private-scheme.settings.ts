import { transferQueueAddress } from '@quietpay/solana';
import type { SupportedKind } from '@quietpay/x402';
import { PublicKey } from '@solana/web3.js';
import type { GatewayConfig } from '../../config.schema';

export const PRIVATE_SCHEME = 'private';

/** What the private scheme needs at run time; absent when PRIVATE_SCHEME_ENABLED is false. */
export interface PrivateSchemeSettings {
  /** The facilitator's CAIP-2 network: requirements must name exactly this one. */
  readonly network: string;
  readonly mint: string;
  readonly paymentsApiUrl: string;
  readonly validator: string;
  readonly transferQueue: string;
  readonly cluster: string;
  readonly claimKeyPrefix: string;
}

export function privateSchemeSettings(config: GatewayConfig): PrivateSchemeSettings | undefined {
  if (!config.PRIVATE_SCHEME_ENABLED || config.USDC_MINT === undefined || config.PAYMENTS_API_URL === undefined) return undefined;
  const transferQueue =
    config.PRIVATE_TRANSFER_QUEUE ??
    transferQueueAddress(
      { ephemeralSpl: new PublicKey(config.EPHEMERAL_SPL_PROGRAM_ID) },
      new PublicKey(config.USDC_MINT),
      new PublicKey(config.MAGICBLOCK_VALIDATOR),
    ).toBase58();
  return {
    network: config.NETWORK,
    mint: config.USDC_MINT,
    paymentsApiUrl: config.PAYMENTS_API_URL.replace(/\/+$/, ''),
    validator: config.MAGICBLOCK_VALIDATOR,
    transferQueue,
    cluster: config.SOLANA_CLUSTER ?? config.QUIETPAY_PROFILE,
    claimKeyPrefix: config.PRIVATE_CLAIM_KEY_PREFIX,
  };
}

/**
 * The one `/supported` kind: v2 only, because a private payment is identified by a payment id the
 * v1 wire has no agreed place for. `extra` is what an agent needs to pay and a resource server
 * needs to build requirements (libs/server PrivateSchemeServer copies it into every 402).
 */
export function privateKind(settings: PrivateSchemeSettings): SupportedKind {
  return {
    x402Version: 2,
    scheme: PRIVATE_SCHEME,
    network: settings.network,
    extra: {
      paymentsApiUrl: settings.paymentsApiUrl,
      validator: settings.validator,
      transferQueue: settings.transferQueue,
      mint: settings.mint,
      cluster: settings.cluster,
      // /verify compares the SUM of every settlement under (paymentId, payTo) with the price
      // (chain-poller's pair total), so an agent may pay in standard-denomination parts.
      paymentParts: 'sum',
    },
  };
}
