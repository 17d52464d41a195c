import type { MessageEvent } from '@nestjs/common';
import { type AlertPayload, type AlertType, compileFilter, type Filter, matchesCompiled, PreparedStory, type StreamEntry } from '@wirewatch/delivery';
import type { StreamRecord } from './alert-stream';

/** Events an ad-hoc connection remembers for created/updated; past this, the oldest are forgotten. */
const REMEMBERED_EVENTS = 10_000;

/** The SSE messages one stream record becomes for one connection (often none). */
export type MessageSelector = (record: StreamRecord) => MessageEvent[];

/** A subscription's alerts: one message per alert the entry produced for it, with that alert's ids. */
export function subscriptionMessages(subscriptionId: number): MessageSelector {
  return ({ id, entry }) =>
    entry.alerts
      .filter((a) => a.subscriptionId === subscriptionId)
      .map((a) => message(id, payload(entry, a.type, { alertId: a.alertId, deliveryId: a.deliveryId, subscriptionId })));
}

/**
 * An ad-hoc filter's matches. There is no alert record behind them, so the ids are null and created/updated is
 * per connection: the first matching story of an event this connection sees is `alert.created`.
 */
export function filterMessages(filter: Filter): MessageSelector {
  const compiled = compileFilter(filter);
  const seenEvents = new Set<number>();
  return ({ id, entry }) => {
    if (!matchesCompiled(compiled, preparedStory(entry))) return [];
    const type: AlertType = seenEvents.has(entry.event.id) ? 'alert.updated' : 'alert.created';
    remember(seenEvents, entry.event.id);
    return [message(id, payload(entry, type, { alertId: null, deliveryId: null, subscriptionId: null }))];
  };
}

/** Adds to a set bounded by {@link REMEMBERED_EVENTS}, dropping the oldest (sets keep insertion order). */
function remember(seen: Set<number>, eventId: number): void {
  seen.delete(eventId);
  seen.add(eventId);
  if (seen.size > REMEMBERED_EVENTS) seen.delete(seen.values().next().value!);
}

/** The story as the alerter's subscription matching sees it (its content is not in the entry). */
function preparedStory({ story, tickers }: StreamEntry): PreparedStory {
  return new PreparedStory({
    topics: story.topics.map((t) => t.id),
    tickers,
    severity: story.severity,
    relevance: story.relevance,
    source: story.source,
    url: story.url,
    text: [story.title, story.summary ?? ''],
  });
}

/** The webhook body's shape, so one consumer can take both. */
function payload(entry: StreamEntry, type: AlertType, ids: Pick<AlertPayload['data'], 'alertId' | 'deliveryId' | 'subscriptionId'>): AlertPayload {
  return { type, timestamp: new Date().toISOString(), data: { ...ids, event: entry.event, story: entry.story, timings: entry.timings } };
}

function message(id: string, body: AlertPayload): MessageEvent {
  return { id, type: body.type, data: body };
}
