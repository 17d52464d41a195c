import { type Query, QuerySyntaxError, TokenizedText, evaluateQuery, parseQuery } from './query';

/**
 * What a subscription asks for. An absent or empty list does not restrict; lists are OR within, AND across;
 * every given criterion must hold.
 */
export interface Filter {
  /** Topic ids; the story must carry one of them. */
  topics?: string[];
  /** Ticker symbols, case-insensitive; the story must mention one of them. */
  tickers?: string[];
  /** 0–100; the story's severity must be at least this. */
  minSeverity?: number;
  /** 0–100; the story's relevance must be at least this. */
  minRelevance?: number;
  /** Source names (case-insensitive exact) or hosts (`reuters.com` also matches `www.reuters.com`). */
  sources?: string[];
  /** Boolean keyword query over the story text, see {@link parseQuery}. */
  query?: string;
}

/**
 * What a story offers to filters. Only topics and tickers are required so that callers without the newer facts
 * keep working: a missing severity/relevance fails any positive minimum, a missing source fails `sources`, and a
 * missing text is treated as empty.
 */
export interface TaggedStory {
  topics: readonly string[];
  tickers: readonly string[];
  severity?: number | null;
  relevance?: number | null;
  /** The source's (feed's) name. */
  source?: string | null;
  url?: string | null;
  /** Title, summary and content if known; separate fields keep phrases from spanning them. */
  text?: string | readonly string[];
}

export interface Matchable {
  id: number;
  filter: Filter;
}

/** A filter in the form the matcher uses: lists as lower/upper-cased sets, the query parsed. */
export interface CompiledFilter {
  topics: ReadonlySet<string> | null;
  tickers: ReadonlySet<string> | null;
  sources: ReadonlySet<string> | null;
  minSeverity: number;
  minRelevance: number;
  query: Query | null;
}

/** Throws {@link QuerySyntaxError} if the query does not parse (filters are validated before they are stored). */
export function compileFilter(filter: Filter): CompiledFilter {
  return {
    topics: nonEmptySet(filter.topics, (t) => t),
    tickers: nonEmptySet(filter.tickers, (t) => t.toUpperCase()),
    sources: nonEmptySet(filter.sources, (s) => s.trim().toLowerCase()),
    minSeverity: filter.minSeverity ?? 0,
    minRelevance: filter.minRelevance ?? 0,
    query: filter.query === undefined ? null : parseQuery(filter.query),
  };
}

function nonEmptySet(list: readonly string[] | undefined, normalise: (s: string) => string): Set<string> | null {
  return list && list.length > 0 ? new Set(list.map(normalise)) : null;
}

/** A story prepared once for many filters: normalised keys, and its text tokenised on first use. */
export class PreparedStory {
  readonly topics: readonly string[];
  readonly tickers: readonly string[];
  readonly severity: number | null;
  readonly relevance: number | null;
  /** The lower-cased source name and every dot-suffix of the URL host (`www.reuters.com`, `reuters.com`, `com`). */
  readonly sourceKeys: readonly string[];
  private readonly rawText: string | readonly string[];
  private tokens?: TokenizedText;

  constructor(story: TaggedStory) {
    this.topics = story.topics;
    this.tickers = story.tickers.map((t) => t.toUpperCase());
    this.severity = story.severity ?? null;
    this.relevance = story.relevance ?? null;
    this.sourceKeys = sourceKeys(story.source ?? null, story.url ?? null);
    this.rawText = story.text ?? '';
  }

  get text(): TokenizedText {
    return (this.tokens ??= new TokenizedText(this.rawText));
  }
}

function sourceKeys(name: string | null, url: string | null): string[] {
  const keys = name?.trim() ? [name.trim().toLowerCase()] : [];
  const labels = (hostOf(url) ?? '').split('.').filter((l) => l !== '');
  for (let i = 0; i < labels.length; i++) keys.push(labels.slice(i).join('.'));
  return keys;
}

/** The lower-case host of a URL without a trailing dot, or null for a missing or unparsable URL. */
export function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

export function matchesCompiled(f: CompiledFilter, story: PreparedStory): boolean {
  return (
    (f.topics === null || story.topics.some((t) => f.topics!.has(t))) &&
    (f.tickers === null || story.tickers.some((t) => f.tickers!.has(t))) &&
    (f.sources === null || story.sourceKeys.some((k) => f.sources!.has(k))) &&
    atLeast(story.severity, f.minSeverity) &&
    atLeast(story.relevance, f.minRelevance) &&
    (f.query === null || evaluateQuery(f.query, story.text))
  );
}

/** A minimum of 0 admits everything, even an unknown value; a positive one needs a known value that reaches it. */
function atLeast(value: number | null, min: number): boolean {
  return min <= 0 || (value !== null && value >= min);
}

/** One filter against one story. For many subscriptions use {@link SubscriptionIndex}, which compiles once. */
export function matches(filter: Filter, story: TaggedStory): boolean {
  return matchesCompiled(compileFilter(filter), new PreparedStory(story));
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of a filter received over HTTP

export const FILTER_LIMITS = { topics: 50, tickers: 200, sources: 50, sourceLength: 200 } as const;
const TICKER = /^[A-Za-z0-9.\-]{1,12}$/;
const FILTER_FIELDS = ['topics', 'tickers', 'minSeverity', 'minRelevance', 'sources', 'query'] as const;

export interface FilterValidationOptions {
  /** Known topic ids; when given, other topics are refused. */
  topicIds?: readonly string[];
}

/**
 * Checks a filter from a request body and returns it normalised (tickers upper-cased, sources lower-cased hosts
 * or names, repeats and empty lists dropped), or every problem found, each naming its field, for an HTTP 400.
 */
export function validateFilter(raw: unknown, options: FilterValidationOptions = {}): { filter: Filter } | { errors: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { errors: ['filter must be an object such as {"topics": ["market-move"]}'] };
  const input = raw as Record<string, unknown>;
  const errors = Object.keys(input)
    .filter((k) => !(FILTER_FIELDS as readonly string[]).includes(k))
    .map((k) => `filter.${k} is not a known field (allowed: ${FILTER_FIELDS.join(', ')})`);
  const filter: Filter = {};
  const known = options.topicIds;
  const topics = stringList(input.topics, 'topics', FILTER_LIMITS.topics, errors, (t, at) =>
    known && !known.includes(t) ? `${at} is not a known topic (known: ${known.join(', ')})` : null,
  );
  const tickers = stringList(input.tickers, 'tickers', FILTER_LIMITS.tickers, errors, (t, at) =>
    TICKER.test(t) ? null : `${at} must be a ticker symbol such as NVDA (letters, digits, . or -, at most 12)`,
  );
  const sources = stringList(input.sources, 'sources', FILTER_LIMITS.sources, errors, (s, at) =>
    s.length > FILTER_LIMITS.sourceLength ? `${at} is longer than ${FILTER_LIMITS.sourceLength} characters` : null,
  );
  if (topics?.length) filter.topics = distinct(topics);
  if (tickers?.length) filter.tickers = distinct(tickers.map((t) => t.toUpperCase()));
  if (sources?.length) filter.sources = distinct(sources.map(normaliseSource));
  for (const key of ['minSeverity', 'minRelevance'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100) filter[key] = v;
    else errors.push(`filter.${key} must be a number from 0 to 100`);
  }
  const query = validateQuery(input.query, errors);
  if (query !== undefined) filter.query = query;
  return errors.length ? { errors } : { filter };
}

function distinct(list: string[]): string[] {
  return [...new Set(list)];
}

/** A list of non-empty trimmed strings, or undefined after recording why not. */
function stringList(
  value: unknown,
  field: string,
  max: number,
  errors: string[],
  check: (item: string, at: string) => string | null,
): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    errors.push(`filter.${field} must be an array of strings`);
    return undefined;
  }
  if (value.length > max) errors.push(`filter.${field} has ${value.length} entries; at most ${max} are allowed`);
  const items: string[] = [];
  value.forEach((item: unknown, i) => {
    const at = `filter.${field}[${i}]`;
    const problem = typeof item !== 'string' || item.trim() === '' ? `${at} must be a non-empty string` : check(item.trim(), at);
    if (problem) errors.push(problem);
    else items.push((item as string).trim());
  });
  return items;
}

/** A source given as a URL is reduced to its host, so `https://www.reuters.com/` means `www.reuters.com`. */
function normaliseSource(source: string): string {
  return (source.includes('://') ? hostOf(source) : null) ?? source.toLowerCase();
}

function validateQuery(value: unknown, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    errors.push('filter.query must be a string such as "nvidia AND (export OR ban)"');
    return undefined;
  }
  try {
    parseQuery(value);
    return value.trim();
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e;
    errors.push(`filter.query: ${e.message}`);
    return undefined;
  }
}
