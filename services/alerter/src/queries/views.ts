import { type AlertStoryView, storyView } from '@wirewatch/delivery';
import { outletName } from '@wirewatch/persistence';
import type { EventRow, StoryRow, TagRow } from './queries.store';

/** A story as the query API returns it: the webhook's story shape plus when it was fetched and classified, and its event. */
export interface QueryStoryView extends AlertStoryView {
  fetchedAt: string;
  classifiedAt: string | null;
  eventId: number | null;
}

export interface EventView {
  id: number;
  title: string;
  firstSeenAt: string;
  lastSeenAt: string;
  storyCount: number;
  sourceCount: number;
  sources: string[];
  entities: string[];
  maxSeverity: number | null;
}

/** Joins each story with its own tags; stories keep their order. */
export function storyViews(rows: readonly StoryRow[], tags: readonly TagRow[]): QueryStoryView[] {
  const byStory = new Map<number, TagRow[]>();
  for (const t of tags) byStory.set(t.storyId, [...(byStory.get(t.storyId) ?? []), t]);
  return rows.map((row) => ({
    // the same shape as alerts, so a client reads stories from webhooks, the stream and queries alike
    ...storyView({ ...row, source: sourceOf(row) }, byStory.get(row.id) ?? []),
    fetchedAt: row.fetchedAt.toISOString(),
    classifiedAt: row.classifiedAt?.toISOString() ?? null,
    eventId: row.eventId,
  }));
}

export function eventView(row: EventRow): EventView {
  return {
    id: row.id,
    title: row.title,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    storyCount: row.storyCount,
    sourceCount: row.sources.length,
    sources: row.sources,
    entities: row.entities,
    maxSeverity: row.maxSeverity,
  };
}

/** The outlet, named as the classifier names an event's sources: the feed's name, else the story's (or feed's) host. */
function sourceOf(row: StoryRow): string {
  return outletName(row.feedName, row.url, row.feedUrl) ?? 'unknown';
}
