import { Controller, Get, Inject, Req } from '@nestjs/common';
import { SERVICE_CONFIG } from '@quietpay/platform';
import type { SupportedResponse } from '@quietpay/x402';
import type { Request } from 'express';
import type { GatewayConfig } from '../config.schema';
import { publicBaseUrl } from '../http/public-base-url';
import { GetSupportedUseCase } from './get-supported.usecase';

/** x402 `/supported`: public, no API key. */
@Controller('supported')
export class SupportedController {
  constructor(
    private readonly supported: GetSupportedUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  get(@Req() req: Request): SupportedResponse {
    return this.supported.execute(publicBaseUrl(this.config, req));
  }
}
