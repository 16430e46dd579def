import { Controller, Get, Header } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prometheus scrape endpoint with process metrics; services add their own to `registry`. */
@Controller('metrics')
export class MetricsHttpController {
  static readonly registry = (() => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    return registry;
  })();

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return MetricsHttpController.registry.metrics();
  }
}
