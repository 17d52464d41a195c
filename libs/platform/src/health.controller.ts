import type { WorkerHost } from '@nestjs/bullmq';
import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { workerStatus } from '@wirewatch/queueing';
import { DataSource } from 'typeorm';
import { Public } from './auth';

/** The BullMQ processors of a service, for /health: `{ provide: WORKER_HOSTS, useFactory: (...p) => p, inject: [...] }`. */
export const WORKER_HOSTS = Symbol('WORKER_HOSTS');

export class LivenessDto {
  @ApiProperty({ description: 'always "ok": the process answers HTTP', enum: ['ok'], example: 'ok' })
  status: 'ok';
}

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly ds: DataSource,
    @Optional() @Inject(WORKER_HOSTS) private readonly workers: WorkerHost[] = [],
  ) {}

  /** Readiness (also at /health): 200 when the database answers and every worker runs with a reachable Redis; 503 otherwise. */
  @Get(['', 'ready'])
  @ApiOperation({
    summary: 'Readiness: the database and every queue worker',
    description: '200 when Postgres answers and every BullMQ worker of the service runs with a reachable Redis; 503 (with the failing checks) otherwise. Served at /health and /health/ready.',
  })
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database', { connection: this.ds, timeout: 2000 }),
      ...this.workers.map((host) => async () => {
        const name = host.worker.name;
        const session = this.indicators.check(`worker:${name}`);
        const s = await workerStatus(host.worker);
        return s.running && s.redis ? session.up(s) : session.down(s);
      }),
    ]);
  }

  /** Liveness: the process answers HTTP. It does not depend on Postgres or Redis, so an outage of either
   *  makes the service unready (taken out of rotation) without getting it restarted. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP', description: 'Does not depend on Postgres or Redis.' })
  @ApiOkResponse({ description: 'the process is alive', type: LivenessDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
