import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { QueueName } from '@wirewatch/contracts';
import { serviceModule } from '@wirewatch/platform';
import { ANALYZER_PROVIDER } from './analyzer.provider';
import { ClassifyReconciler } from './reconciler.service';
import { StoriesClassifyProcessor } from './stories-classify.processor';

@Module({})
export class ClassifierModule {
  static register(config: AppConfig): DynamicModule {
    return serviceModule({
      module: ClassifierModule,
      config,
      queues: [QueueName.StoriesClassify, QueueName.StoriesAlert],
      processors: [StoriesClassifyProcessor],
      providers: [ClassifyReconciler, ANALYZER_PROVIDER],
    });
  }
}
