import { randomUUID } from 'node:crypto';

/** A short id that follows one unit of work (a feed poll and the stories it found) across services. */
export function newCorrelationId(): string {
  return randomUUID();
}
