import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { analyzerTopicIds, APP_CONFIG, loadAnalyzer } from '@wirewatch/platform';

/** Injection token: the topic ids subscriptions may name — the classifier's taxonomy and trained models' topics. */
export const TOPIC_IDS = 'TOPIC_IDS';

/** Reads the same TAXONOMY_FILE and TOPIC_MODELS as the classifier, so a filter naming a user topic is accepted. */
export const TOPIC_IDS_PROVIDER: Provider = {
  provide: TOPIC_IDS,
  inject: [APP_CONFIG],
  useFactory: (cfg: AppConfig) => analyzerTopicIds(loadAnalyzer(cfg)),
};
