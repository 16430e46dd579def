import type { SupportedKind } from '@quietpay/x402';
import { SOLANA_V1_NAMES, type NetworkResolver } from '@quietpay/x402';
import type { GatewayConfig } from '../../config.schema';

export const SESSION_SCHEME = 'session';

/** The chain facts the session scheme needs; absent when the operator has not configured them. */
export interface SessionSchemeSettings {
  readonly facilitator: string;
  readonly mint: string;
}

export function sessionSchemeSettings(config: GatewayConfig): SessionSchemeSettings | undefined {
  if (config.FACILITATOR_PUBKEY === undefined || config.INCO_MINT === undefined) return undefined;
  return { facilitator: config.FACILITATOR_PUBKEY, mint: config.INCO_MINT };
}

/**
 * The session scheme's `/supported` kinds: one v2 kind (CAIP-2) and one v1 kind (v1 name) with the
 * same `extra`, which is everything the SDK needs to open a session.
 */
export function sessionKinds(config: GatewayConfig, settings: SessionSchemeSettings, networks: NetworkResolver, publicBaseUrl: string): SupportedKind[] {
  const extra: Record<string, unknown> = {
    facilitatorAddress: settings.facilitator,
    spender: settings.facilitator,
    sessionsEndpoint: `${publicBaseUrl}/sessions`,
    decimals: config.INCO_DECIMALS,
    settlementMode: config.SETTLEMENT_MODE,
    mint: settings.mint,
    asset: settings.mint,
    incoTokenProgramId: config.INCO_TOKEN_PROGRAM_ID,
    incoLightningProgramId: config.INCO_LIGHTNING_PROGRAM_ID,
    ...(config.TEE_PUBLIC_KEY === undefined ? {} : { teePublicKey: config.TEE_PUBLIC_KEY }),
  };
  const cluster = networks.clusterOf(config.NETWORK);
  const kinds: SupportedKind[] = [{ x402Version: 2, scheme: SESSION_SCHEME, network: config.NETWORK, extra }];
  // A custom network id (not one of the three clusters) has no v1 name, so it is offered as v2 only.
  if (cluster !== undefined) kinds.push({ x402Version: 1, scheme: SESSION_SCHEME, network: SOLANA_V1_NAMES[cluster], extra });
  return kinds;
}
