import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { BusClient, natsConnectionOptions, SERVICE_CONFIG } from '@quietpay/platform';
import { connect, type NatsConnection } from 'nats';
import type { GatewayConfig } from '../../config.schema';
import { ApiError } from '../../http/api-error';

/**
 * The admin API's own NATS connection, as ADMIN_NATS_USER (the `admin` user: operator-only
 * commands the gateway's service user may not send). Opened on first use, closed at shutdown.
 */
@Injectable()
export class AdminBus implements OnApplicationShutdown {
  private connection: Promise<NatsConnection> | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayConfig) {}

  async client(): Promise<BusClient> {
    const { ADMIN_NATS_USER: user, ADMIN_NATS_PASSWORD_FILE: password } = this.config;
    if (user === undefined || password === undefined) {
      throw new ApiError('not_configured', 'recipient registry changes need ADMIN_NATS_USER and ADMIN_NATS_PASSWORD_FILE (the bus user allowed to make them)');
    }
    this.connection ??= connect(natsConnectionOptions(this.config.NATS_URL, `gateway:${this.config.INSTANCE_ID}:admin`, { user, password })).catch(
      (error: unknown) => {
        this.connection = undefined;
        throw error;
      },
    );
    return new BusClient(await this.connection, this.config.NATS_REQUEST_TIMEOUT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    const nc = await this.connection?.catch(() => undefined);
    await nc?.drain();
  }
}
