import { InitialSchema1763888400000 } from './1763888400000-InitialSchema';
import { StoryAnalytics1763910000000 } from './1763910000000-StoryAnalytics';

/** Every migration, oldest first. A new one: add a timestamped file beside these and list it here. */
export const MIGRATIONS = [InitialSchema1763888400000, StoryAnalytics1763910000000];
