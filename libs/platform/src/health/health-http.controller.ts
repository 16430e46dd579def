import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Readiness, ReadinessService } from './readiness.service';

/** Kubernetes-style probes: liveness never touches dependencies; readiness does. */
@Controller('health')
export class HealthHttpController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  live(): { live: true } {
    return { live: true };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const readiness = await this.readiness.check();
    res.status(readiness.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return readiness;
  }
}
