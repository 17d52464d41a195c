import { type DynamicModule, Logger, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '@wirewatch/config';
import type { QueueName } from '@wirewatch/contracts';
import { Metrics } from '@wirewatch/observability';
import { QueueingModule } from '@wirewatch/queueing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { ApiKeyGuard } from './auth';
import { AppConfigModule } from './config.module';
import { DatabaseModule } from './database.module';
import { HealthController, WORKER_HOSTS } from './health.controller';
import { loggingModule, ServiceLogger } from './logging';
import { MetricsController } from './metrics.controller';
import { outboundHttpProvider } from './outbound-http';

export interface ServiceModuleSpec {
  module: Type;
  config: AppConfig;
  queues: QueueName[];
  controllers?: Type[];
  providers?: Provider[];
  /** the BullMQ processor classes of this service, checked by /health */
  processors: Type[];
  queueAttempts?: number;
  imports?: DynamicModule[];
}

/**
 * The wiring every WireWatch service shares: config, Postgres (migrated), BullMQ queues, the API-key guard
 * on every route but /health and /metrics, and those two. A service adds its controllers and processors.
 */
export function serviceModule(spec: ServiceModuleSpec): DynamicModule {
  const { config } = spec;
  return {
    module: spec.module,
    imports: [
      AppConfigModule.forRoot(config),
      loggingModule(config),
      DatabaseModule,
      QueueingModule.forRoot({ redisUrl: config.redisUrl, prefix: config.queuePrefix, queues: spec.queues, attempts: spec.queueAttempts }),
      TerminusModule.forRoot({ logger: false }),
      ...(spec.imports ?? []),
    ],
    controllers: [HealthController, MetricsController, ...(spec.controllers ?? [])],
    providers: [
      { provide: APP_GUARD, useClass: ApiKeyGuard },
      ServiceLogger,
      outboundHttpProvider,
      {
        // Queue connection errors (Redis gone) go to the service log, once per error, not to bare stderr.
        provide: 'QUEUE_ERROR_LOG',
        inject: spec.queues.map((q) => getQueueToken(q)),
        useFactory: (...queues: Queue[]) => {
          const log = new Logger('Queues');
          for (const q of queues) q.on('error', (e: Error) => log.warn(`${q.name}: ${e.message}`));
          return true;
        },
      },
      {
        provide: Metrics,
        inject: spec.queues.map((q) => getQueueToken(q)),
        useFactory: (...queues: Queue[]) => new Metrics(config.service, queues),
      },
      ...spec.processors,
      { provide: WORKER_HOSTS, inject: spec.processors, useFactory: (...hosts: unknown[]) => hosts },
      ...(spec.providers ?? []),
    ],
  };
}
