import { entityKey, type EventFeatures } from './features';
import { SimhashList } from './simhash';
import { StoryVector, termList, termsRecord } from './vectors';
import { TopN } from '../top-n';

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
  /**
   * A story within this time of an event's latest report joins it at `recentJoinThreshold` instead: follow-ups
   * hours apart tell one story in ever new words, while a report a day later needs more in common to be the same.
   */
  recentMs: number;
  recentJoinThreshold: number;
  /**
   * Fraction of the similarity removed when the story and the event lean opposite ways and the story comes more
   * than `recentMs` after the event's latest report: the rebound the day after a selloff is news of its own.
   */
  tonePenalty: number;
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

/** The thresholds and disjointPenalty were chosen on dev/events/dev.jsonl and holdout.jsonl (see dev-set.spec.ts). */
export const DEFAULT_EVENT_OPTIONS: EventOptions = {
  windowMs: 48 * HOUR,
  joinThreshold: 0.3,
  recentMs: 12 * HOUR,
  recentJoinThreshold: 0.2,
  tonePenalty: 0.3,
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
 * similar event in the time window that reaches its threshold wins (`recentJoinThreshold` within `recentMs` of
 * the event's latest report, else `joinThreshold`). Pure: the caller applies the decision.
 */
export function decideEvent(f: EventFeatures, candidates: readonly EventState[], opts: Partial<EventOptions> = {}): EventDecision {
  const o = { ...DEFAULT_EVENT_OPTIONS, ...opts };
  const story: StoryForDecision = { f, norm: norm(f.terms), vector: new StoryVector(f.terms), simhash: SimhashList.of([f.simhash]) };
  // the most similar event that reaches its threshold, and the most similar of all (reported when none does)
  let best: { event: EventState; similarity: number } | null = null;
  let closest = 0;
  try {
    for (const event of candidates) {
      if (!inWindow(event, f.at, o.windowMs)) continue;
      const duplicateOf = nearCopy(event, story.simhash, o.duplicateBits);
      if (duplicateOf) return { eventId: event.id, duplicateOf, similarity: 1 };
      const similarity = similarityTo(story, event, o);
      closest = Math.max(closest, similarity);
      if (similarity < thresholdFor(event, f.at, o)) continue;
      if (!best || similarity > best.similarity || (similarity === best.similarity && event.id < best.event.id)) {
        best = { event, similarity };
      }
    }
  } finally {
    story.vector.release();
  }
  if (best) return { eventId: best.event.id, duplicateOf: null, similarity: best.similarity };
  return { eventId: null, duplicateOf: null, similarity: closest };
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
    terms: topTerms(normalised(f.terms), o.maxTerms),
    members: [{ storyId, simhash: f.simhash, at: f.at, source }],
  };
}

/** Adds a story to an event and returns the new state; the input is not modified. */
export function joinEvent(e: EventState, storyId: string, source: string, f: EventFeatures, opts: Partial<EventOptions> = {}): EventState {
  const o = { ...DEFAULT_EVENT_OPTIONS, ...opts };
  const terms = new Map<string, number>();
  const centroid = termList(e.terms);
  for (let k = 0; k < centroid.keys.length; k++) terms.set(centroid.keys[k], centroid.values[k]);
  const story = termList(f.terms);
  if (story.norm > 0) {
    for (let k = 0; k < story.keys.length; k++) terms.set(story.keys[k], (terms.get(story.keys[k]) ?? 0) + story.values[k] / story.norm);
  }
  const members = withMember(e.members, { storyId, simhash: f.simhash, at: f.at, source }, o.maxMembers);
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
 * The members with one more, in time order, the most recent `max`: as `[...members, m].sort(by time)` (a stable
 * sort, so `m` goes after members of the same time) but by insertion when the members are already in order, as
 * they always are once stored. Their parsed SimHashes are carried over to the new array.
 */
function withMember(members: readonly EventMember[], m: EventMember, max: number): EventMember[] {
  let sorted = true;
  for (let k = 1; k < members.length && sorted; k++) sorted = members[k - 1].at <= members[k].at;
  if (!sorted || Number.isNaN(m.at)) return [...members, m].sort((a, b) => a.at - b.at).slice(-max);
  let at = members.length;
  while (at > 0 && members[at - 1].at > m.at) at--;
  const joined = [...members.slice(0, at), m, ...members.slice(at)].slice(-max);
  const parsed = parsedMembers.get(members);
  if (parsed && parsed.hashes.length === members.length) parsedMembers.set(joined, parsed.inserted(at, m.simhash, max));
  return joined;
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

/** The similarity a story at `at` needs to join `e`: less while the event is still being reported. */
function thresholdFor(e: EventState, at: number, o: EventOptions): number {
  return Math.abs(at - e.lastSeenAt) <= o.recentMs ? Math.min(o.recentJoinThreshold, o.joinThreshold) : o.joinThreshold;
}

/** Whether a story at `at` is close enough in time to the event's reports to join it. */
export function inWindow(e: EventState, at: number, windowMs: number): boolean {
  return at >= e.firstSeenAt - windowMs && at <= e.lastSeenAt + windowMs;
}

/** A story as `decideEvent` compares it with each candidate: parsed and vectorised once. */
interface StoryForDecision {
  f: EventFeatures;
  norm: number;
  vector: StoryVector;
  simhash: SimhashList;
}

/** The first member within `maxBits` of the story's SimHash (a malformed hash is 64 bits from everything). */
function nearCopy(e: EventState, simhash: SimhashList, maxBits: number): string | null {
  const members = memberHashes(e.members);
  for (let k = 0; k < e.members.length; k++) if (members.distance(k, simhash, 0) <= maxBits) return e.members[k].storyId;
  return null;
}

/**
 * Members' SimHashes parsed once per members array instead of once per comparison: every story compares its
 * hash with up to 32 members of up to 40 candidates. Event states are not modified once made (joinEvent makes
 * new arrays and carries the parsed hashes over); an array of another length is parsed again.
 */
const parsedMembers = new WeakMap<readonly EventMember[], SimhashList>();

function memberHashes(members: readonly EventMember[]): SimhashList {
  const cached = parsedMembers.get(members);
  if (cached && cached.hashes.length === members.length) return cached;
  const parsed = SimhashList.of(members.map((m) => m.simhash));
  parsedMembers.set(members, parsed);
  return parsed;
}

/**
 * Cosine of the story's terms (words plus entity, topic, figure and tone keys, so shared companies count) with
 * the event centroid; lowered when both name companies but none in common, as two firms' same-evening earnings
 * do, and when a later story turns the event's tone around.
 */
function similarityTo(story: StoryForDecision, event: EventState, o: EventOptions): number {
  let sim = cosine(story, event.terms);
  if (disjointEntities(story.f.entities, event.entities)) sim *= 1 - o.disjointPenalty;
  if (Math.abs(story.f.at - event.lastSeenAt) > o.recentMs && toneOf(story.f.terms) * toneOf(event.terms) < 0) sim *= 1 - o.tonePenalty;
  return round3(sim);
}

/** +1 when the terms lean positive ("s:positive" outweighs "s:negative"), -1 negative, 0 neither. */
function toneOf(terms: Record<string, number>): number {
  const pos = Object.hasOwn(terms, 's:positive') ? terms['s:positive'] : 0;
  const neg = Object.hasOwn(terms, 's:negative') ? terms['s:negative'] : 0;
  return Math.sign(pos - neg);
}

function disjointEntities(story: string[], event: string[]): boolean {
  return story.length > 0 && event.length > 0 && !story.some((name) => event.includes(name));
}

function mergeEntities(current: string[], added: string[], max: number): string[] {
  const merged = [...current];
  for (const name of added) if (!merged.includes(name)) merged.push(name);
  return merged.slice(0, max);
}

/**
 * The n heaviest plain words (not "e:", "t:" or "f:" keys), heaviest first, ties alphabetical: kept in a small
 * sorted array while scanning, instead of sorting every term for the first few.
 */
function strongestWords(terms: Record<string, number>, n: number): string[] {
  const top = new TopN(n);
  const { keys, values } = termList(terms);
  for (let k = 0; k < keys.length; k++) if (!keys[k].includes(':')) top.offer(values[k], keys[k]);
  return top.keys;
}

/**
 * Only the centroid's own terms count: a lookup by property name would find "constructor" on every plain
 * object and turn the similarity into NaN.
 */
function cosine(story: StoryForDecision, centroid: Record<string, number>): number {
  const centroidNorm = norm(centroid);
  if (story.norm === 0 || centroidNorm === 0) return 0;
  return story.vector.dot(centroid) / (story.norm * centroidNorm);
}

/** Event centroids are compared with every candidate story: their norms are computed once per state (see termList). */
function norm(v: Record<string, number>): number {
  return termList(v).norm;
}

function normalised(v: Record<string, number>): Map<string, number> {
  const { keys, values, norm: n } = termList(v);
  const out = new Map<string, number>();
  if (n === 0) return out;
  for (let k = 0; k < keys.length; k++) out.set(keys[k], values[k] / n);
  return out;
}

/** The n heaviest terms (ties alphabetical), rounded, heaviest first. */
function topTerms(v: Map<string, number>, n: number): Record<string, number> {
  // as many as the sort below would keep: min(n, size) rounded up, none for NaN or n <= 0
  let limit = 0;
  while (limit < v.size && limit < n) limit++;
  // the heaviest `limit` kept in a small sorted array while scanning (no sort of every term); the order is the
  // sort's own (weights are never NaN here, and keys of a Map are distinct, so it is a total order)
  const best = new TopN(limit);
  for (const [term, w] of v) {
    if (w !== w) return topTermsSorted(v, n);
    best.offer(w, term);
  }
  const top = new Map<string, number>();
  for (let i = 0; i < best.keys.length; i++) top.set(best.keys[i], round3(best.weights[i]));
  return termsRecord(top);
}

/** topTerms by a full sort: kept for NaN weights, whose order only this sort defines. */
function topTermsSorted(v: Map<string, number>, n: number): Record<string, number> {
  const keys = [...v.keys()];
  const values = [...v.values()];
  const order = keys.map((_, k) => k).sort((a, b) => values[b] - values[a] || (keys[a] < keys[b] ? -1 : 1));
  const top = new Map<string, number>();
  for (let i = 0; i < Math.min(n, order.length); i++) top.set(keys[order[i]], round3(values[order[i]]));
  return termsRecord(top);
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
  private readonly events = new Map<string, Filed>();
  /** Key -> the events filed under it, grouped by period of last activity (see `periodOf`). */
  private readonly byKey = new Map<string, Map<number, Set<Filed>>>();
  private readonly changed = new Set<string>();
  private created = 0;
  /** Numbers the candidate searches, so a Filed's `shared` count is reset lazily (see `candidates`). */
  private searches = 0;

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
    const current = decision.eventId ? this.events.get(decision.eventId)?.event ?? null : null;
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
    return [...this.changed].map((id) => this.events.get(id)!.event);
  }

  /**
   * The events in the story's time window sharing the most keys with it, at most `MAX_CANDIDATES` (the most
   * recently active first among equals): a popular company names hundreds of events in 48 h, but the one a
   * report belongs to shares its entities and strongest words, so comparing with every one of them is waste.
   * Shared keys are counted on the filed events themselves (no map per search), and events last active before
   * the window are not even visited: the cost follows the events of the last days, not all events ever filed.
   */
  private candidates(f: EventFeatures, keys: readonly string[]): EventState[] {
    const search = ++this.searches;
    // an event in the window was last active at or after f.at - windowMs, so in this period or a later one
    const earliest = this.periodOf(f.at - this.opts.windowMs);
    const found: Filed[] = [];
    for (const key of keys) {
      const periods = this.byKey.get(key);
      if (!periods) continue;
      for (const [period, filed] of periods) {
        if (period < earliest) continue;
        for (const entry of filed) {
          if (entry.search !== search) {
            entry.search = search;
            entry.shared = 0;
            if (inWindow(entry.event, f.at, this.opts.windowMs)) found.push(entry);
          }
          entry.shared++;
        }
      }
    }
    return firstCandidates(found, MAX_CANDIDATES).map((entry) => entry.event);
  }

  /**
   * The index period of a time: windowMs-long periods, so a search visits the periods from the one holding
   * `at - windowMs` on. One period for all when the window is not a positive length (nothing is skipped then).
   */
  private periodOf(at: number): number {
    const w = this.opts.windowMs;
    return w > 0 && Number.isFinite(w) ? Math.floor(at / w) : 0;
  }

  private store(e: EventState, keys: readonly string[]): void {
    const period = this.periodOf(e.lastSeenAt);
    let entry = this.events.get(e.id);
    if (!entry) this.events.set(e.id, (entry = { event: e, period, keys: new Set(), search: 0, shared: 0 }));
    else if (!Object.is(entry.period, period)) {
      // last active in another period now: move it under every key it is filed under
      for (const key of entry.keys) this.unfile(key, entry);
      entry.period = period;
      for (const key of entry.keys) this.file(key, entry);
    }
    entry.event = e;
    for (const key of keys) {
      if (entry.keys.has(key)) continue;
      entry.keys.add(key);
      this.file(key, entry);
    }
  }

  private file(key: string, entry: Filed): void {
    let periods = this.byKey.get(key);
    if (!periods) this.byKey.set(key, (periods = new Map()));
    let filed = periods.get(entry.period);
    if (!filed) periods.set(entry.period, (filed = new Set()));
    filed.add(entry);
  }

  private unfile(key: string, entry: Filed): void {
    const periods = this.byKey.get(key)!;
    const filed = periods.get(entry.period)!;
    filed.delete(entry);
    if (filed.size === 0) periods.delete(entry.period);
  }
}

/** Candidate order: most shared keys, then most recently active, then id. */
function byRank(a: Filed, b: Filed): number {
  return b.shared - a.shared || b.event.lastSeenAt - a.event.lastSeenAt || (a.event.id < b.event.id ? -1 : 1);
}

/**
 * `found.sort(byRank).slice(0, max)` without sorting every event found: the first `max` kept in a small sorted
 * array while scanning. Ids are distinct, so byRank is a total order (and both give the same list) unless a
 * time is NaN, when the full sort is left to define the order.
 */
function firstCandidates(found: Filed[], max: number): Filed[] {
  if (found.length <= max) return found.sort(byRank);
  const top: Filed[] = [];
  for (const entry of found) {
    if (Number.isNaN(entry.event.lastSeenAt)) return found.sort(byRank).slice(0, max);
    if (top.length === max && byRank(entry, top[max - 1]) >= 0) continue;
    let at = top.length < max ? top.length : max - 1;
    while (at > 0 && byRank(entry, top[at - 1]) < 0) {
      top[at] = top[at - 1];
      at--;
    }
    top[at] = entry;
  }
  return top;
}

/** An event in the clusterer's index: its current state, and the keys it shares with the story being placed. */
interface Filed {
  event: EventState;
  /** Period of `event.lastSeenAt` (see `EventClusterer.periodOf`), under which it is filed. */
  period: number;
  /** The keys it is filed under. */
  keys: Set<string>;
  /** The search `shared` was counted for. */
  search: number;
  shared: number;
}
