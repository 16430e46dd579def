import { afterAll, beforeAll } from 'vitest';
import { buildProjects } from '../support/build-projects';
import { startNatsServer, type NatsServerProcess } from '../support/nats-server.process';
import { serviceEnv } from '../support/quietpay-stack';
import { killAllServices, type ServiceProcess, startService } from '../support/service.process';

// Chain facts a gateway without a chain accepts (valid addresses; nothing is ever sent).
export const FACILITATOR = '9LmfGkt3fx7hGkcoe2Q9hvQ7vnBrDGgusBNbgSB1q7on';
export const MINT = '7crFMbJN7hxVhUPNcRRxTGr9nD3TnvpZ8pNZepA19wuB';
export const PAY_TO = 'GH7ome3EiwEr7tu9JuTh2dpYWBJK3z69Xm1ZE3MEE6JC';

export interface LoneGateway {
  readonly url: string;
  readonly proc: ServiceProcess;
}

/**
 * Registers a private nats-server for the file and returns a starter of gateway processes on it
 * with no other service attached: whatever they answer is the gateway's own doing.
 *
 * @example
 * const startGateway = loneGateways();
 * const { url } = await startGateway({ QUIETPAY_PROFILE: 'devnet' });
 */
export function loneGateways(): (extra?: Record<string, string>) => Promise<LoneGateway> {
  let nats: NatsServerProcess | undefined;
  beforeAll(async () => {
    buildProjects(['services/gateway']);
    nats = await startNatsServer();
  });
  afterAll(async () => {
    await killAllServices();
    await nats?.stop();
  });
  return async (extra = {}) => {
    if (!nats) throw new Error('loneGateways() must be called at describe level');
    const proc = startService(
      'gateway',
      serviceEnv('gateway', nats, { FACILITATOR_PUBKEY: FACILITATOR, INCO_MINT: MINT, NATS_REQUEST_TIMEOUT_MS: '300', ...extra }),
    );
    return { url: `http://127.0.0.1:${await proc.started()}`, proc };
  };
}
