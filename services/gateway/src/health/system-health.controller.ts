import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SystemHealth, SystemHealthUseCase } from './system-health.usecase';

@Controller('health')
export class SystemHealthController {
  constructor(private readonly systemHealth: SystemHealthUseCase) {}

  /** 200 when every service reports ready, otherwise 503 with `notReady` naming the others. */
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<SystemHealth> {
    const health = await this.systemHealth.execute();
    res.status(health.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return health;
  }
}
