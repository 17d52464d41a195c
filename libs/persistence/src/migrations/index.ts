import { InitialSchema1763888400000 } from './1763888400000-InitialSchema';

/** Every migration, oldest first. A new one: add a timestamped file beside these and list it here. */
export const MIGRATIONS = [InitialSchema1763888400000];
