import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { serviceModule } from '@wirewatch/platform';
import { DeliveriesSendProcessor } from './deliveries-send.processor';
import { AlertReconciler } from './reconciler.service';
import { StoriesAlertProcessor } from './stories-alert.processor';
import { SubscriptionsController } from './subscriptions.controller';

@Module({})
export class AlerterModule {
  static register(config: AppConfig): DynamicModule {
    return serviceModule({
      module: AlerterModule,
      config,
      queues: [QueueName.StoriesAlert, QueueName.DeliveriesSend],
      controllers: [SubscriptionsController],
      processors: [StoriesAlertProcessor, DeliveriesSendProcessor],
      providers: [AlertReconciler],
    });
  }
}
