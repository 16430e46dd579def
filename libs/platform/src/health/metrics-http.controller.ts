import { Controller, Get, Header } from '@nestjs/common';
import { metricsRegistry } from '../metrics/metrics.registry';

/** Prometheus scrape endpoint: process metrics plus every quietpay metric of this process. */
@Controller('metrics')
export class MetricsHttpController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
