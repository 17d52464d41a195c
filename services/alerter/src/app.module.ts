import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { serviceModule } from '@wirewatch/platform';
import { DeliveriesSendProcessor } from './deliveries-send.processor';
import { queueBoard } from './queue-board';
import { QUERY_CONTROLLERS, QUERY_PROVIDERS } from './queries';
import { AlertReconciler } from './reconciler.service';
import { StoriesAlertProcessor } from './stories-alert.processor';
import { STREAM_CONTROLLERS, STREAM_PROVIDERS } from './stream';
import { SubscriptionsController } from './subscriptions.controller';
import { TOPIC_IDS_PROVIDER } from './topic-ids';

@Module({})
export class AlerterModule {
  static register(config: AppConfig): DynamicModule {
    return serviceModule({
      module: AlerterModule,
      config,
      // all four: stories.alert and deliveries.send are worked here, and the board shows every queue
      queues: [QueueName.FeedsPoll, QueueName.StoriesClassify, QueueName.StoriesAlert, QueueName.DeliveriesSend],
      imports: queueBoard(config),
      controllers: [SubscriptionsController, ...QUERY_CONTROLLERS, ...STREAM_CONTROLLERS],
      processors: [StoriesAlertProcessor, DeliveriesSendProcessor],
      providers: [AlertReconciler, TOPIC_IDS_PROVIDER, ...QUERY_PROVIDERS, ...STREAM_PROVIDERS],
    });
  }
}
