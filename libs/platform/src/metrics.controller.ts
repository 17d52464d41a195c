import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Metrics } from '@wirewatch/observability';
import { Public } from './auth';

/** Prometheus scrape endpoint. No API key: scrape it on the cluster network, do not expose it publicly. */
@ApiTags('metrics')
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics', description: 'The text exposition format (HTTP, queue and job metrics). No API key: keep it on the cluster network.' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'the metrics in Prometheus text format 0.0.4', schema: { type: 'string', example: '# HELP process_cpu_seconds_total ...' } })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
