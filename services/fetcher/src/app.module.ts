import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { Metrics } from '@wirewatch/observability';
import { FeedStore } from '@wirewatch/persistence';
import { serviceModule } from '@wirewatch/platform';
import { FeedScheduler } from './feed-scheduler.service';
import { FeedsController } from './feeds.controller';
import { FeedsPollProcessor } from './feeds-poll.processor';

@Module({})
export class FetcherModule {
  static register(config: AppConfig): DynamicModule {
    return serviceModule({
      module: FetcherModule,
      config,
      queues: [QueueName.FeedsPoll, QueueName.StoriesClassify],
      controllers: [FeedsController],
      processors: [FeedsPollProcessor],
      providers: [
        FeedScheduler,
        // wirewatch_feeds{state}: feed health for the dashboards, counted at scrape time
        { provide: 'FEED_HEALTH_METRIC', inject: [Metrics, FeedStore], useFactory: (m: Metrics, feeds: FeedStore) => m.feedHealth(() => feeds.healthCounts()) },
      ],
    });
  }
}
