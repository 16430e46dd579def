import { Inject, Injectable } from '@nestjs/common';
import { DependencyCheck, ServiceName } from '@quietpay/contracts';
import { BusClient, healthContract, SERVICE_CONFIG, SERVICE_NAMES, toQuietpayError } from '@quietpay/platform';
import type { GatewayConfig } from '../config.schema';

export interface ServiceHealth {
  readonly ready: boolean;
  readonly checks: readonly DependencyCheck[];
  /** Why the service could not be asked (bus_timeout, bus_no_responders...); absent when it answered. */
  readonly error?: string;
}

export interface SystemHealth {
  readonly ready: boolean;
  readonly services: Readonly<Partial<Record<ServiceName, ServiceHealth>>>;
  readonly notReady: readonly ServiceName[];
}

/** Asks every service for its readiness over NATS, in parallel, each with a short timeout. */
@Injectable()
export class SystemHealthUseCase {
  constructor(
    private readonly bus: BusClient,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute(): Promise<SystemHealth> {
    const entries = await Promise.all(SERVICE_NAMES.map(async (name) => [name, await this.probe(name)] as const));
    const notReady = entries.filter(([, health]) => !health.ready).map(([name]) => name);
    return { ready: notReady.length === 0, services: Object.fromEntries(entries), notReady };
  }

  private async probe(name: ServiceName): Promise<ServiceHealth> {
    try {
      const { result } = await this.bus.request(healthContract(name), {}, { timeoutMs: this.config.HEALTH_PROBE_TIMEOUT_MS });
      if (result.case !== 'ok') return { ready: false, checks: [], error: result.value?.code ?? 'bus_bad_reply' };
      return { ready: result.value.ready, checks: result.value.checks };
    } catch (error) {
      return { ready: false, checks: [], error: toQuietpayError(error).code };
    }
  }
}
