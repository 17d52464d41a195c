import type { Provider } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { APP_CONFIG, loadAnalyzer } from '@wirewatch/platform';

/** Injection token: the taxonomy and topic models the classifier runs with, read once at start. */
export const ANALYZER = 'ANALYZER';

export const ANALYZER_PROVIDER: Provider = {
  provide: ANALYZER,
  inject: [APP_CONFIG],
  useFactory: (cfg: AppConfig) => loadAnalyzer(cfg),
};
