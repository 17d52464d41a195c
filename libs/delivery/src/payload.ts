/** What an alert says about its event: the story told by every outlet so far. */
export interface AlertEventView {
  id: number;
  title: string;
  firstSeenAt: string;
  sourceCount: number;
  sources: string[];
}

export interface AlertFigureView {
  kind: string;
  value: number;
  unit: string;
  text: string;
  subject: string | null;
  direction: string | null;
}

export interface AlertStoryView {
  id: number;
  title: string;
  url: string | null;
  source: string;
  published: string | null;
  summary: string | null;
  topics: { id: string; score: number; evidence: string[] }[];
  entities: { name: string; ticker: string | null; relevance: number | null; primary: boolean; sentiment: number | null; evidence: string[] }[];
  sentiment: { score: number; label: string } | null;
  figures: AlertFigureView[];
  severity: number | null;
  relevance: number | null;
  novelty: number | null;
  duplicateOf: number | null;
  explanation: string | null;
}

export interface AlertTimings {
  publishedAt: string | null;
  fetchedAt: string;
  classifiedAt: string | null;
  alertedAt: string;
}

export type AlertType = 'alert.created' | 'alert.updated';

/**
 * The body of a webhook (Standard Webhooks: `{type, timestamp, data}`) and of a stream message. `alert.created`
 * is the first story of an event that matched the subscription; `alert.updated` a later one.
 */
export interface AlertPayload {
  type: AlertType;
  timestamp: string;
  data: {
    alertId: number | null;
    deliveryId: number | null;
    subscriptionId: number | null;
    event: AlertEventView;
    story: AlertStoryView;
    timings: AlertTimings;
  };
}

/** What the alerter knows of a story when it alerts: the row, its outlet and its tags. */
export interface StoryFacts {
  id: number;
  title: string;
  url: string | null;
  source: string;
  summary: string | null;
  publishedAt: Date | null;
  fetchedAt: Date;
  classifiedAt: Date | null;
  sentiment: number | null;
  sentimentLabel: string | null;
  figures: AlertFigureView[] | null;
  severity: number | null;
  relevance: number | null;
  novelty: number | null;
  duplicateOf: number | null;
  explanation: { summary: string } | null;
}

export interface TagFacts {
  kind: 'topic' | 'entity';
  key: string;
  label: string;
  score: number;
  evidence: string[];
  sentiment: number | null;
  relevance: number | null;
  isPrimary: boolean | null;
}

export interface EventFacts {
  id: number;
  title: string;
  firstSeenAt: Date;
  sources: string[];
}

export function eventView(event: EventFacts): AlertEventView {
  return { id: event.id, title: event.title, firstSeenAt: event.firstSeenAt.toISOString(), sourceCount: event.sources.length, sources: event.sources };
}

export function storyView(story: StoryFacts, tags: readonly TagFacts[]): AlertStoryView {
  return {
    id: story.id,
    title: story.title,
    url: story.url,
    source: story.source,
    published: iso(story.publishedAt),
    summary: story.summary,
    topics: tags.filter((t) => t.kind === 'topic').map((t) => ({ id: t.key, score: t.score, evidence: t.evidence })),
    entities: tags
      .filter((t) => t.kind === 'entity')
      .map((t) => ({
        name: t.label,
        ticker: t.key === t.label ? null : t.key,
        relevance: t.relevance,
        primary: t.isPrimary ?? false,
        sentiment: t.sentiment,
        evidence: t.evidence,
      })),
    sentiment: story.sentiment === null || story.sentimentLabel === null ? null : { score: story.sentiment, label: story.sentimentLabel },
    figures: story.figures ?? [],
    severity: story.severity,
    relevance: story.relevance,
    novelty: story.novelty,
    duplicateOf: story.duplicateOf,
    explanation: story.explanation?.summary ?? null,
  };
}

export function timingsOf(story: StoryFacts, alertedAt: Date): AlertTimings {
  return { publishedAt: iso(story.publishedAt), fetchedAt: story.fetchedAt.toISOString(), classifiedAt: iso(story.classifiedAt), alertedAt: alertedAt.toISOString() };
}

export interface AlertPayloadInput {
  type: AlertType;
  alertId: number;
  deliveryId: number;
  subscriptionId: number;
  /** when the alert was decided (the delivery row's creation) */
  alertedAt: Date;
  event: EventFacts;
  story: StoryFacts;
  tags: readonly TagFacts[];
  now: Date;
}

/** The webhook body of one delivery. */
export function buildAlertPayload(input: AlertPayloadInput): AlertPayload {
  return {
    type: input.type,
    timestamp: input.now.toISOString(),
    data: {
      alertId: input.alertId,
      deliveryId: input.deliveryId,
      subscriptionId: input.subscriptionId,
      event: eventView(input.event),
      story: storyView(input.story, input.tags),
      timings: timingsOf(input.story, input.alertedAt),
    },
  };
}

/**
 * One entry of the live stream: a story the alerter processed, its event as it stands, and the alerts it
 * produced. Stream readers derive their messages from it: a subscription's alerts, or an ad-hoc filter's matches.
 */
export interface StreamEntry {
  event: AlertEventView;
  story: AlertStoryView;
  /** the story's tickers, as filters match them */
  tickers: string[];
  timings: AlertTimings;
  alerts: { subscriptionId: number; alertId: number | null; deliveryId: number; type: AlertType }[];
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

/** Delivery outcome of one HTTP answer: only 2xx is success; a 3xx is not followed and counts as failure. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}
