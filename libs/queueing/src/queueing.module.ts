import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { JOB_RETENTION, type QueueName } from '@wirewatch/contracts';

export interface QueueingOptions {
  redisUrl: string;
  prefix: string;
  /** the queues this service produces to or consumes from */
  queues: QueueName[];
  /** retries of a failed job before it stays failed (deliveries set their own) */
  attempts?: number;
}

/**
 * BullMQ for one service: a connection built from REDIS_URL, the QUEUE_PREFIX (a Redis Cluster hash tag by
 * default, so every key of a queue lands on one slot) and the queues registered with bounded retention.
 */
@Module({})
export class QueueingModule {
  static forRoot(opts: QueueingOptions): DynamicModule {
    return {
      module: QueueingModule,
      imports: [
        BullModule.forRoot({
          prefix: opts.prefix,
          // maxRetriesPerRequest: null lets workers wait out a Redis restart instead of failing commands.
          connection: { url: opts.redisUrl, maxRetriesPerRequest: null },
          defaultJobOptions: {
            ...JOB_RETENTION,
            attempts: opts.attempts ?? 5,
            backoff: { type: 'exponential', delay: 1000 },
          },
        }),
        BullModule.registerQueue(...opts.queues.map((name) => ({ name }))),
      ],
      exports: [BullModule],
    };
  }
}
