import { Controller, Get, Header } from '@nestjs/common';
import { Metrics } from '@wirewatch/observability';
import { Public } from './auth';

/** Prometheus scrape endpoint. No API key: scrape it on the cluster network, do not expose it publicly. */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
