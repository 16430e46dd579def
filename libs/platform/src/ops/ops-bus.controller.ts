import { Controller, Inject, Type } from '@nestjs/common';
import { DescribeReply, HealthReply, replyOk, ServiceName } from '@quietpay/contracts';
import { BusHandler } from '../bus/bus-handler.decorator';
import { ReadinessService } from '../health/readiness.service';
import { SERVICE_IDENTITY } from '../platform.tokens';
import { describeContract, healthContract } from './ops-contracts';
import { ServiceIdentity } from './service-identity';

/**
 * Builds the describe/health responder for one service. A factory because the subjects
 * contain the service name and decorators need them when the class is declared.
 */
export function createOpsBusController(service: ServiceName): Type {
  @Controller()
  class OpsBusController {
    constructor(
      private readonly readiness: ReadinessService,
      @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    ) {}

    @BusHandler(healthContract(service))
    async health(): Promise<HealthReply> {
      const { ready, checks } = await this.readiness.check();
      return replyOk({ ready, checks: [...checks] });
    }

    @BusHandler(describeContract(service))
    describe(): DescribeReply {
      const { name, version, instanceId, startedAtUnix, subjects } = this.identity;
      return replyOk({ service: name, version, instanceId, startedAtUnix, subjects: subjects() });
    }
  }
  return OpsBusController;
}
