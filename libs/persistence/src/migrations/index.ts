import { InitialSchema1763888400000 } from './1763888400000-InitialSchema';
import { StoryAnalytics1763910000000 } from './1763910000000-StoryAnalytics';
import { WebhookSecrets1763920000000 } from './1763920000000-WebhookSecrets';
import { Events1763930000000 } from './1763930000000-Events';
import { Alerts1763940000000 } from './1763940000000-Alerts';
import { FeedScheduling1763950000000 } from './1763950000000-FeedScheduling';
import { StorySearch1763960000000 } from './1763960000000-StorySearch';
import { WebSub1763970000000 } from './1763970000000-WebSub';

/** Every migration, oldest first. A new one: add a timestamped file beside these and list it here. */
export const MIGRATIONS = [
  InitialSchema1763888400000,
  StoryAnalytics1763910000000,
  WebhookSecrets1763920000000,
  Events1763930000000,
  Alerts1763940000000,
  FeedScheduling1763950000000,
  StorySearch1763960000000,
  WebSub1763970000000,
];
