/**
 * Event clustering: the same news told by different outlets becomes one event. The decision is pure and the
 * state is plain data, so the CLI (EventClusterer, in memory) and a service (events in Postgres) share it:
 *   1. f = eventFeatures(story, classification, publishedOrFetchedAt)
 *   2. load events whose keys (eventKeys, e.g. a GIN text[] column) overlap candidateKeys(f) and whose
 *      [firstSeenAt - window, lastSeenAt + window] contains f.at
 *   3. d = decideEvent(f, candidates); novelty = noveltyFor(chosen event or null, f.at)
 *   4. save startEvent(...) or joinEvent(...), and eventKeys of the new state
 */
export { eventFeatures, entityKey, figureKey, type EventFeatures, type StoryForEvents } from './features';
export { simhash64, hammingDistance } from './simhash';
export {
  DEFAULT_EVENT_OPTIONS,
  EventClusterer,
  candidateKeys,
  decideEvent,
  eventKeys,
  eventVelocity,
  inWindow,
  joinEvent,
  noveltyFor,
  startEvent,
  type EventDecision,
  type EventMember,
  type EventOptions,
  type EventState,
} from './cluster';
