import { entityKey, type EventFeatures } from './features';
import { hammingDistance } from './simhash';

/** An event as stored between stories: everything `decideEvent` needs, bounded in size. */
export interface EventState {
  id: string;
  title: string;
  firstSeenAt: number;
  lastSeenAt: number;
  storyCount: number;
  /** Distinct sources, in order of first report (bounded). */
  sources: string[];
  /** Entities of the member stories, most frequent first (bounded). */
  entities: string[];
  /** Centroid of the members' normalised term vectors, top terms only. */
  terms: Record<string, number>;
  /** Most recent members, oldest first; the source is kept for velocity. */
  members: EventMember[];
}

export interface EventMember {
  storyId: string;
  simhash: string;
  at: number;
  source: string;
}

export interface EventOptions {
  /** A story joins an event only within this distance of the event's first..last report. */
  windowMs: number;
  /** Minimum similarity to join (see `similarityTo`). */
  joinThreshold: number;
  /** Fraction of the similarity removed when story and event both name companies but none in common. */
  disjointPenalty: number;
  /** A member within this many SimHash bits is a near-verbatim copy. */
  duplicateBits: number;
  maxTerms: number;
  maxMembers: number;
  maxSources: number;
  maxEntities: number;
  /** Novelty counts the event's earlier reports within this period... */
  noveltyWindowMs: number;
  /** ...and multiplies by this factor for each. */
  noveltyDecay: number;
  /** Velocity counts distinct sources over at most this recent period. */
  velocityWindowMs: number;
}

const HOUR = 3_600_000;

/** joinThreshold and disjointPenalty were chosen on dev/events/dev.jsonl (see dev-set.spec.ts). */
export const DEFAULT_EVENT_OPTIONS: EventOptions = {
  windowMs: 48 * HOUR,
  joinThreshold: 0.3,
  disjointPenalty: 0.3,
  duplicateBits: 3,
  maxTerms: 60,
  maxMembers: 32,
  maxSources: 50,
  maxEntities: 20,
  noveltyWindowMs: 24 * HOUR,
  noveltyDecay: 0.75,
  velocityWindowMs: 6 * HOUR,
};

export interface EventDecision {
  /** The event to join; null means start a new one. */
  eventId: string | null;
  /** The member story this one is a near-verbatim copy of. */
  duplicateOf: string | null;
  /** Similarity to the chosen event (or to the best candidate when starting a new one); 1 for a copy. */
  similarity: number;
}

/**
 * Picks the event a story belongs to among candidate events (typically found through `candidateKeys`).
 * A near-verbatim copy of a member joins that member's event whatever its wording score; otherwise the most
 * similar event in the time window wins if it reaches joinThreshold. Pure: the caller applies the decision.
 */
export function decideEvent(f: EventFeatures, candidates: readonly EventState[], opts: Partial<EventOptions> = {}): EventDecision {
  const o = { ...DEFAULT_EVENT_OPTIONS, ...opts };
  const storyNorm = norm(f.terms);
  let best: { event: EventState; similarity: number } | null = null;
  for (const event of candidates) {
    if (!inWindow(event, f.at, o.windowMs)) continue;
    const duplicateOf = nearCopy(event, f.simhash, o.duplicateBits);
    if (duplicateOf) return { eventId: event.id, duplicateOf, similarity: 1 };
    const similarity = similarityTo(f, storyNorm, event, o);
    if (!best || similarity > best.similarity || (similarity === best.similarity && event.id < best.event.id)) {
      best = { event, similarity };
    }
  }
  if (best && best.similarity >= o.joinThreshold) {
    return { eventId: best.event.id, duplicateOf: null, similarity: best.similarity };
  }
  return { eventId: null, duplicateOf: null, similarity: best?.similarity ?? 0 };
}

export function startEvent(id: string, storyId: string, title: string, source: string, f: EventFeatures, opts: Partial<EventOptions> = {}): EventState {
  const o = { ...DEFAULT_EVENT_OPTIONS, ...opts };
  return {
    id,
    title,
    firstSeenAt: f.at,
    lastSeenAt: f.at,
    storyCount: 1,
    sources: [source],
    entities: f.entities.slice(0, o.maxEntities),
    terms: topTerms(new Map(Object.entries(normalised(f.terms))), o.maxTerms),
    members: [{ storyId, simhash: f.simhash, at: f.at, source }],
  };
}

/** Adds a story to an event and returns the new state; the input is not modified. */
export function joinEvent(e: EventState, storyId: string, source: string, f: EventFeatures, opts: Partial<EventOptions> = {}): EventState {
  const o = { ...DEFAULT_EVENT_OPTIONS, ...opts };
  const terms = new Map<string, number>();
  for (const term in e.terms) terms.set(term, e.terms[term]);
  const n = norm(f.terms);
  if (n > 0) for (const term in f.terms) terms.set(term, (terms.get(term) ?? 0) + f.terms[term] / n);
  const members = [...e.members, { storyId, simhash: f.simhash, at: f.at, source }]
    .sort((a, b) => a.at - b.at)
    .slice(-o.maxMembers);
  return {
    ...e,
    firstSeenAt: Math.min(e.firstSeenAt, f.at),
    lastSeenAt: Math.max(e.lastSeenAt, f.at),
    storyCount: e.storyCount + 1,
    sources: e.sources.includes(source) ? e.sources : [...e.sources, source].slice(0, o.maxSources),
    entities: mergeEntities(e.entities, f.entities, o.maxEntities),
    terms: topTerms(terms, o.maxTerms),
    members,
  };
}

/**
 * Novelty of a story about to join `e` (RavenPack style): 100 for a first report, times 0.75 for each earlier
 * report of the event in the previous 24 h (100, 75, 56, 42, ...). Pass null for a new event.
 */
export function noveltyFor(e: EventState | null, at: number, opts: Partial<EventOptions> = {}): number {
  if (!e) return 100;
  const o = { ...DEFAULT_EVENT_OPTIONS, ...opts };
  const earlier = e.members.filter((m) => m.at <= at && at - m.at <= o.noveltyWindowMs).length;
  return Math.round(100 * o.noveltyDecay ** earlier);
}

/**
 * Distinct sources per hour over the recent period (at most 6 h, at least 1 h so a burst of reports in the first
 * minutes does not divide by almost zero).
 */
export function eventVelocity(e: EventState, now: number, opts: Partial<EventOptions> = {}): number {
  const o = { ...DEFAULT_EVENT_OPTIONS, ...opts };
  const recent = e.members.filter((m) => m.at <= now && now - m.at <= o.velocityWindowMs);
  if (recent.length === 0) return 0;
  const span = Math.min(o.velocityWindowMs, Math.max(HOUR, now - Math.min(...recent.map((m) => m.at))));
  return Math.round((new Set(recent.map((m) => m.source)).size / (span / HOUR)) * 100) / 100;
}

const TEXT_KEYS = 5;

/**
 * Keys for an index over events (e.g. a GIN text[] column): the story's entities and its strongest few words.
 * An event that shares none of them is too dissimilar to join, so a lookup by overlap loses nothing useful.
 */
export function candidateKeys(f: EventFeatures): string[] {
  return [...f.entities.map(entityKey), ...strongestWords(f.terms, TEXT_KEYS)];
}

/** The matching keys for an event row, refreshed whenever the event changes. */
export function eventKeys(e: EventState): string[] {
  return [...e.entities.map(entityKey), ...strongestWords(e.terms, 3 * TEXT_KEYS)];
}

/** Whether a story at `at` is close enough in time to the event's reports to join it. */
export function inWindow(e: EventState, at: number, windowMs: number): boolean {
  return at >= e.firstSeenAt - windowMs && at <= e.lastSeenAt + windowMs;
}

function nearCopy(e: EventState, simhash: string, maxBits: number): string | null {
  for (const m of e.members) if (hammingDistance(m.simhash, simhash) <= maxBits) return m.storyId;
  return null;
}

/**
 * Cosine of the story's terms (words plus entity, topic and figure keys, so shared companies count) with the
 * event centroid; lowered when both name companies but none in common, as two firms' same-evening earnings do.
 */
function similarityTo(f: EventFeatures, storyNorm: number, event: EventState, o: EventOptions): number {
  const cos = cosine(f.terms, storyNorm, event.terms);
  return round3(disjointEntities(f.entities, event.entities) ? cos * (1 - o.disjointPenalty) : cos);
}

function disjointEntities(story: string[], event: string[]): boolean {
  return story.length > 0 && event.length > 0 && !story.some((name) => event.includes(name));
}

function mergeEntities(current: string[], added: string[], max: number): string[] {
  const merged = [...current];
  for (const name of added) if (!merged.includes(name)) merged.push(name);
  return merged.slice(0, max);
}

function strongestWords(terms: Record<string, number>, n: number): string[] {
  return Object.entries(terms)
    .filter(([term]) => !term.includes(':'))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([term]) => term);
}

function cosine(a: Record<string, number>, aNorm: number, b: Record<string, number>): number {
  const bNorm = norm(b);
  if (aNorm === 0 || bNorm === 0) return 0;
  let dot = 0;
  for (const term in a) {
    const w = b[term];
    if (w !== undefined) dot += a[term] * w;
  }
  return dot / (aNorm * bNorm);
}

/** Event centroids are compared with every candidate story: their norms are computed once per state. */
const norms = new WeakMap<Record<string, number>, number>();

function norm(v: Record<string, number>): number {
  const cached = norms.get(v);
  if (cached !== undefined) return cached;
  let sum = 0;
  for (const term in v) sum += v[term] * v[term];
  const n = Math.sqrt(sum);
  norms.set(v, n);
  return n;
}

function normalised(v: Record<string, number>): Record<string, number> {
  const n = norm(v);
  const out: Record<string, number> = {};
  if (n === 0) return out;
  for (const term in v) out[term] = v[term] / n;
  return out;
}

function topTerms(v: Map<string, number>, n: number): Record<string, number> {
  const out: Record<string, number> = {};
  const sorted = [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (let i = 0; i < Math.min(n, sorted.length); i++) out[sorted[i][0]] = round3(sorted[i][1]);
  return out;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** How many candidate events a story is compared with (see `EventClusterer.candidates`). */
export const MAX_CANDIDATES = 40;

/**
 * Sequential clustering over a set of events held in memory: the CLI clusters one stdin batch with it, and the
 * classifier service seeds it with the candidate events it loaded from Postgres (under the assignment lock) and
 * writes back the events it touched. Candidates are found through an index of event keys (see `candidateKeys`),
 * so the cost per story does not grow with the number of events. Stories should arrive roughly in time order.
 */
export class EventClusterer {
  private readonly opts: EventOptions;
  private readonly events = new Map<string, EventState>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly changed = new Set<string>();
  private created = 0;

  /** `newId(n)` names the n-th event this clusterer starts ("e1", "e2", … by default). */
  constructor(
    opts: Partial<EventOptions> = {},
    seed: readonly EventState[] = [],
    private readonly newId: (n: number) => string = (n) => `e${n}`,
  ) {
    this.opts = { ...DEFAULT_EVENT_OPTIONS, ...opts };
    for (const e of seed) this.store(e, eventKeys(e));
  }

  assign(storyId: string, title: string, source: string, f: EventFeatures): { eventId: string; duplicateOf: string | null; novelty: number; event: EventState } {
    const keys = candidateKeys(f);
    const decision = decideEvent(f, this.candidates(f, keys), this.opts);
    const current = decision.eventId ? this.events.get(decision.eventId) ?? null : null;
    const novelty = noveltyFor(current, f.at, this.opts);
    const event = current
      ? joinEvent(current, storyId, source, f, this.opts)
      : startEvent(this.newId(++this.created), storyId, title, source, f, this.opts);
    // The index only narrows the search: filing the event under its members' keys finds it for later reports.
    this.store(event, current ? keys : eventKeys(event));
    this.changed.add(event.id);
    return { eventId: event.id, duplicateOf: decision.duplicateOf, novelty, event };
  }

  /** The events started or joined since this clusterer was made, in their current state. */
  touched(): EventState[] {
    return [...this.changed].map((id) => this.events.get(id)!);
  }

  /**
   * The events in the story's time window sharing the most keys with it, at most `MAX_CANDIDATES` (the most
   * recently active first among equals): a popular company names hundreds of events in 48 h, but the one a
   * report belongs to shares its entities and strongest words, so comparing with every one of them is waste.
   */
  private candidates(f: EventFeatures, keys: readonly string[]): EventState[] {
    const shared = new Map<string, number>();
    for (const key of keys) for (const id of this.byKey.get(key) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    return [...shared]
      .map(([id, n]) => ({ e: this.events.get(id)!, n }))
      .filter(({ e }) => inWindow(e, f.at, this.opts.windowMs))
      .sort((a, b) => b.n - a.n || b.e.lastSeenAt - a.e.lastSeenAt || (a.e.id < b.e.id ? -1 : 1))
      .slice(0, MAX_CANDIDATES)
      .map(({ e }) => e);
  }

  private store(e: EventState, keys: readonly string[]): void {
    this.events.set(e.id, e);
    for (const key of keys) {
      let ids = this.byKey.get(key);
      if (!ids) this.byKey.set(key, (ids = new Set()));
      ids.add(e.id);
    }
  }
}
