import { InitialSchema1763888400000 } from './1763888400000-InitialSchema';
import { StoryAnalytics1763910000000 } from './1763910000000-StoryAnalytics';
import { WebhookSecrets1763920000000 } from './1763920000000-WebhookSecrets';

/** Every migration, oldest first. A new one: add a timestamped file beside these and list it here. */
export const MIGRATIONS = [InitialSchema1763888400000, StoryAnalytics1763910000000, WebhookSecrets1763920000000];
