import { type Filter, validateFilter } from '@wirewatch/delivery';
import { isStreamId, positionBefore } from './stream-position';

/** What a /stream connection asks for: one subscription's alerts or an ad-hoc filter, from a position or live. */
export interface StreamRequest {
  selection: { subscriptionId: number } | { filter: Filter };
  /** resume after this position; null = live only */
  after: string | null;
}

export type ParsedStreamRequest = { request: StreamRequest } | { errors: string[] };

const LIST_PARAMS = ['topics', 'tickers', 'sources'] as const;
const NUMBER_PARAMS = ['minSeverity', 'minRelevance'] as const;
const QUERY_PARAMS = ['q', 'query'] as const;
const OTHER_PARAMS = ['subscription', 'since', 'lastEventId', 'key'] as const;
const KNOWN_PARAMS: readonly string[] = [...LIST_PARAMS, ...NUMBER_PARAMS, ...QUERY_PARAMS, ...OTHER_PARAMS];

/**
 * Reads a /stream request's query string and Last-Event-ID header. Filter parameters use the subscription
 * filter syntax (lists comma-separated) and are checked by the same validation as a stored filter; every
 * problem is reported, for an HTTP 400 before the stream starts.
 */
export function parseStreamRequest(query: Record<string, unknown>, lastEventIdHeader: string | undefined, topicIds: readonly string[]): ParsedStreamRequest {
  const errors = Object.keys(query)
    .filter((k) => !KNOWN_PARAMS.includes(k))
    .map((k) => `${k} is not a known parameter (allowed: ${KNOWN_PARAMS.filter((p) => p !== 'key').join(', ')})`);
  const params = singleValues(query, errors);
  const after = startPosition(lastEventIdHeader ?? params.lastEventId, params.since, errors);
  const selection = params.subscription === undefined ? filterSelection(params, topicIds, errors) : subscriptionSelection(params, errors);
  return errors.length || !selection ? { errors } : { request: { selection, after } };
}

/** Each parameter once; a repeated list parameter is joined (`tickers=A&tickers=B` is `tickers=A,B`). */
function singleValues(query: Record<string, unknown>, errors: string[]): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') values[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string') && (LIST_PARAMS as readonly string[]).includes(name)) values[name] = value.join(',');
    else errors.push(`${name} must be given once, as text`);
  }
  return values;
}

function startPosition(lastEventId: string | undefined, since: string | undefined, errors: string[]): string | null {
  // A browser reconnecting sends Last-Event-ID; it wins over the ?since= of the URL it first opened.
  if (lastEventId !== undefined && lastEventId !== '') {
    if (isStreamId(lastEventId)) return lastEventId;
    errors.push(`Last-Event-ID must be an id this stream sent, such as 1700000000000-0 (got "${lastEventId}")`);
    return null;
  }
  if (since === undefined) return null;
  const time = /^\d{4}-\d{2}-\d{2}T/.test(since) ? new Date(since) : null;
  if (time && !Number.isNaN(time.getTime())) return positionBefore(time);
  errors.push(`since must be an ISO 8601 time such as 2026-01-31T09:30:00Z (got "${since}")`);
  return null;
}

function subscriptionSelection(params: Record<string, string | undefined>, errors: string[]): StreamRequest['selection'] | null {
  const filterGiven = [...LIST_PARAMS, ...NUMBER_PARAMS, ...QUERY_PARAMS].filter((p) => params[p] !== undefined);
  if (filterGiven.length) errors.push(`subscription cannot be combined with filter parameters (${filterGiven.join(', ')}): the subscription's filter applies`);
  const id = Number(params.subscription);
  if (/^\d{1,15}$/.test(params.subscription ?? '') && id > 0) return { subscriptionId: id };
  errors.push(`subscription must be a subscription id such as 12 (got "${params.subscription}")`);
  return null;
}

/** Query parameters to the filter object validateFilter checks (numbers converted when they look like numbers). */
function filterSelection(params: Record<string, string | undefined>, topicIds: readonly string[], errors: string[]): StreamRequest['selection'] | null {
  if (params.q !== undefined && params.query !== undefined) errors.push('give the query as q or as query, not both');
  const raw: Record<string, unknown> = {};
  for (const name of LIST_PARAMS) {
    const value = params[name];
    if (value !== undefined) raw[name] = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  for (const name of NUMBER_PARAMS) {
    const value = params[name];
    if (value !== undefined) raw[name] = value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  const query = params.q ?? params.query;
  if (query !== undefined && query.trim() !== '') raw.query = query;
  const checked = validateFilter(raw, { topicIds });
  if ('errors' in checked) {
    // validateFilter names fields as in a stored filter (filter.tickers[0]); here they are query parameters.
    errors.push(...checked.errors.map((e) => e.replace(/^filter\./, '')));
    return null;
  }
  return { filter: checked.filter };
}
