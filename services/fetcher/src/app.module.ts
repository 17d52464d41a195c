import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { Metrics } from '@wirewatch/observability';
import { FeedStore, WebSubStore } from '@wirewatch/persistence';
import { serviceModule } from '@wirewatch/platform';
import { DataSource } from 'typeorm';
import { FeedScheduler } from './feed-scheduler.service';
import { FeedsController } from './feeds.controller';
import { FeedsPollProcessor } from './feeds-poll.processor';
import { WebSubController } from './websub/websub.controller';
import { WebSubRenewal } from './websub/websub-renewal.service';
import { WebSubService } from './websub/websub.service';

@Module({})
export class FetcherModule {
  static register(config: AppConfig): DynamicModule {
    return serviceModule({
      module: FetcherModule,
      config,
      queues: [QueueName.FeedsPoll, QueueName.StoriesClassify],
      controllers: [FeedsController, WebSubController],
      processors: [FeedsPollProcessor],
      providers: [
        FeedScheduler,
        { provide: WebSubStore, inject: [DataSource], useFactory: (ds: DataSource) => new WebSubStore(ds) },
        WebSubService,
        // lease renewal and unsubscription only when WebSub is on (PUBLIC_BASE_URL)
        ...(config.publicBaseUrl ? [WebSubRenewal] : []),
        // wirewatch_feeds{state}: feed health for the dashboards, counted at scrape time
        { provide: 'FEED_HEALTH_METRIC', inject: [Metrics, FeedStore], useFactory: (m: Metrics, feeds: FeedStore) => m.feedHealth(() => feeds.healthCounts()) },
      ],
    });
  }
}
