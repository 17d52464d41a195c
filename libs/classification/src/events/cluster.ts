import { entityKey, type EventFeatures } from './features';
import { SimhashList } from './simhash';
import { joinedCentroid, round3, StoryVector, termList, termsRecord, termVector } from './vectors';
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
  return decide(f, candidates, { ...DEFAULT_EVENT_OPTIONS, ...opts });
}

/** decideEvent with the options complete (the clusterer's own, made once). */
function decide(f: EventFeatures, candidates: readonly EventState[], o: EventOptions): EventDecision {
  const story: StoryForDecision = {
    f,
    norm: termList(f.terms).norm,
    vector: new StoryVector(f.terms),
    simhash: SimhashList.of([f.simhash]),
    tone: toneOf(f.terms),
  };
  // the most similar event that reaches its threshold, and the similarity of the closest of all (reported when none does)
  let best: EventState | null = null;
  let bestSimilarity = 0;
  let closest = 0;
  try {
    for (const event of candidates) {
      if (!inWindow(event, f.at, o.windowMs)) continue;
      const duplicateOf = nearCopy(event, story.simhash, o.duplicateBits);
      if (duplicateOf) return { eventId: event.id, duplicateOf, similarity: 1 };
      const similarity = similarityTo(story, event, o);
      closest = Math.max(closest, similarity);
      if (similarity < thresholdFor(event, f.at, o)) continue;
      if (!best || similarity > bestSimilarity || (similarity === bestSimilarity && event.id < best.id)) {
        best = event;
        bestSimilarity = similarity;
      }
    }
  } finally {
    story.vector.release();
  }
  if (best) return { eventId: best.id, duplicateOf: null, similarity: bestSimilarity };
  return { eventId: null, duplicateOf: null, similarity: closest };
}

export function startEvent(id: string, storyId: string, title: string, source: string, f: EventFeatures, opts: Partial<EventOptions> = {}): EventState {
  return start(id, storyId, title, source, f, { ...DEFAULT_EVENT_OPTIONS, ...opts });
}

function start(id: string, storyId: string, title: string, source: string, f: EventFeatures, o: EventOptions): EventState {
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
  return join(e, storyId, source, f, { ...DEFAULT_EVENT_OPTIONS, ...opts });
}

function join(e: EventState, storyId: string, source: string, f: EventFeatures, o: EventOptions): EventState {
  const terms = joinedCentroid(e.terms, f.terms, o.maxTerms) ?? topTerms(summedTerms(e.terms, f.terms), o.maxTerms);
  const members = withMember(e.members, { storyId, simhash: f.simhash, at: f.at, source }, o.maxMembers);
  return {
    ...e,
    firstSeenAt: Math.min(e.firstSeenAt, f.at),
    lastSeenAt: Math.max(e.lastSeenAt, f.at),
    storyCount: e.storyCount + 1,
    sources: e.sources.includes(source) ? e.sources : [...e.sources, source].slice(0, o.maxSources),
    entities: mergeEntities(e.entities, f.entities, o.maxEntities),
    terms,
    members,
  };
}

/**
 * The centroid plus the story's normalised terms, as a Map: what joinedCentroid computes by id, kept for the
 * weights it leaves to topTerms (NaN, or not numbers at all).
 */
function summedTerms(centroid: Record<string, number>, story: Record<string, number>): Map<string, number> {
  const terms = new Map<string, number>();
  const c = termList(centroid);
  for (let k = 0; k < c.keys.length; k++) terms.set(c.keys[k], c.values[k]);
  const s = termList(story);
  if (s.norm > 0) {
    for (let k = 0; k < s.keys.length; k++) terms.set(s.keys[k], (terms.get(s.keys[k]) ?? 0) + s.values[k] / s.norm);
  }
  return terms;
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
  const all = members.slice(0, at);
  all.push(m);
  for (let k = at; k < members.length; k++) all.push(members[k]);
  // the copy `slice(-max)` would make when it keeps them all is not needed
  const joined = Number.isInteger(max) && max >= all.length ? all : all.slice(-max);
  const parsed = parsedMembers.get(members);
  if (parsed && parsed.hashes.length === members.length) parsedMembers.set(joined, parsed.inserted(at, m.simhash, max));
  return joined;
}

/**
 * Novelty of a story about to join `e` (RavenPack style): 100 for a first report, times 0.75 for each earlier
 * report of the event in the previous 24 h (100, 75, 56, 42, ...). Pass null for a new event.
 */
export function noveltyFor(e: EventState | null, at: number, opts: Partial<EventOptions> = {}): number {
  return novelty(e, at, { ...DEFAULT_EVENT_OPTIONS, ...opts });
}

function novelty(e: EventState | null, at: number, o: EventOptions): number {
  if (!e) return 100;
  let earlier = 0;
  for (const m of e.members) if (m.at <= at && at - m.at <= o.noveltyWindowMs) earlier++;
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
  /** toneOf(f.terms). */
  tone: number;
}

/** The first member within `maxBits` of the story's SimHash (a malformed hash is 64 bits from everything). */
function nearCopy(e: EventState, simhash: SimhashList, maxBits: number): string | null {
  const k = memberHashes(e.members).firstWithin(simhash, maxBits);
  return k < 0 ? null : e.members[k].storyId;
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
  if (Math.abs(story.f.at - event.lastSeenAt) > o.recentMs && story.tone * toneOf(event.terms) < 0) sim *= 1 - o.tonePenalty;
  return round3(sim);
}

/** +1 when the terms lean positive ("s:positive" outweighs "s:negative"), -1 negative, 0 neither. */
function toneOf(terms: Record<string, number>): number {
  const pos = Object.hasOwn(terms, 's:positive') ? terms['s:positive'] : 0;
  const neg = Object.hasOwn(terms, 's:negative') ? terms['s:negative'] : 0;
  return Math.sign(pos - neg);
}

/** Compared with === in plain loops, not with `includes` per name: called for every candidate (no NaN in names). */
function disjointEntities(story: string[], event: string[]): boolean {
  if (story.length === 0 || event.length === 0) return false;
  for (let i = 0; i < story.length; i++) for (let j = 0; j < event.length; j++) if (story[i] === event[j]) return false;
  return true;
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
  // event centroids are compared with every candidate story: their ids and norms are found once per state
  const vector = termVector(centroid);
  if (story.norm === 0 || vector.norm === 0) return 0;
  return story.vector.dot(vector) / (story.norm * vector.norm);
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
  /**
   * Key -> the events filed under it, grouped by period of last activity (see `periodOf`), the periods in
   * ascending order: a search walks back from the latest and stops at the first period out of reach.
   */
  private readonly byKey = new Map<string, Bucket[]>();
  private readonly changed = new Set<string>();
  private created = 0;
  /** Numbers the candidate searches, so a Filed's `shared` count is reset lazily (see `candidates`). */
  private searches = 0;
  /** The events a search finds, an array kept from search to search. */
  private readonly found: Filed[] = [];

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
    // the options are complete already: the internal forms skip the public functions' merge with the defaults
    const o = this.opts;
    const keys = candidateKeys(f);
    const decision = decide(f, this.candidates(f, keys), o);
    const current = decision.eventId ? this.events.get(decision.eventId)?.event ?? null : null;
    const noveltyScore = novelty(current, f.at, o);
    const event = current ? join(current, storyId, source, f, o) : start(this.newId(++this.created), storyId, title, source, f, o);
    // The index only narrows the search: filing the event under its members' keys finds it for later reports.
    this.store(event, current ? keys : eventKeys(event));
    this.changed.add(event.id);
    return { eventId: event.id, duplicateOf: decision.duplicateOf, novelty: noveltyScore, event };
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
    const windowMs = this.opts.windowMs;
    // an event in the window was last active at or after f.at - windowMs, so in this period or a later one
    const earliest = this.periodOf(f.at - windowMs);
    const found = this.found;
    found.length = 0;
    for (const key of keys) {
      const buckets = this.byKey.get(key);
      if (!buckets) continue;
      for (let b = buckets.length - 1; b >= 0 && buckets[b].period >= earliest; b--) {
        const filed = buckets[b].filed;
        for (let k = 0; k < filed.length; k++) {
          const entry = filed[k];
          if (entry.search !== search) {
            entry.search = search;
            entry.shared = 0;
            // inWindow, on the times kept with the entry
            if (f.at >= entry.firstSeenAt - windowMs && f.at <= entry.lastSeenAt + windowMs) found.push(entry);
          }
          entry.shared++;
        }
      }
    }
    return firstCandidates(found, MAX_CANDIDATES);
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
    if (!entry) {
      entry = { event: e, id: e.id, firstSeenAt: e.firstSeenAt, lastSeenAt: e.lastSeenAt, period, keys: new Set(), search: 0, shared: 0 };
      this.events.set(e.id, entry);
    } else if (!Object.is(entry.period, period)) {
      // last active in another period now: move it under every key it is filed under
      for (const key of entry.keys) this.unfile(key, entry);
      entry.period = period;
      for (const key of entry.keys) this.file(key, entry);
    }
    entry.event = e;
    entry.firstSeenAt = e.firstSeenAt;
    entry.lastSeenAt = e.lastSeenAt;
    for (const key of keys) {
      if (entry.keys.has(key)) continue;
      entry.keys.add(key);
      this.file(key, entry);
    }
  }

  /**
   * An event last active at a NaN time is in no window (see `inWindow`): it is not filed, so every bucket has a
   * period that orders.
   */
  private file(key: string, entry: Filed): void {
    if (Number.isNaN(entry.period)) return;
    let buckets = this.byKey.get(key);
    if (!buckets) this.byKey.set(key, (buckets = []));
    // events are mostly filed in the latest period: look from the end
    let at = buckets.length;
    while (at > 0 && buckets[at - 1].period > entry.period) at--;
    if (at > 0 && buckets[at - 1].period === entry.period) buckets[at - 1].filed.push(entry);
    else buckets.splice(at, 0, { period: entry.period, filed: [entry] });
  }

  private unfile(key: string, entry: Filed): void {
    if (Number.isNaN(entry.period)) return;
    const buckets = this.byKey.get(key)!;
    const b = buckets.findIndex((bucket) => bucket.period === entry.period);
    const filed = buckets[b].filed;
    // the order within a bucket does not matter (candidates are ranked): the last one takes the freed place
    filed[filed.indexOf(entry)] = filed[filed.length - 1];
    filed.pop();
    if (filed.length === 0) buckets.splice(b, 1);
  }
}

/** Candidate order: most shared keys, then most recently active, then id. */
function byRank(a: Filed, b: Filed): number {
  return b.shared - a.shared || b.lastSeenAt - a.lastSeenAt || (a.id < b.id ? -1 : 1);
}

/**
 * The events of `found.sort(byRank).slice(0, max)` without sorting every event found: the first `max` kept in a
 * small sorted array while scanning, each placed by binary search (no comparator call from a built-in sort per
 * step). The events are scanned by shared keys, most first (a counting sort: the counts are small), so most go
 * at the end of the array or are turned away by one comparison. Ids are distinct and the events found are in the
 * window, so no time is NaN: byRank is a total order, and both give the same list whatever the scanning order.
 */
function firstCandidates(found: readonly Filed[], max: number): EventState[] {
  let most = 0;
  for (const entry of found) if (entry.shared > most) most = entry.shared;
  // starts[most - shared]: where the events with `shared` keys (1 to most) go
  const starts = new Array<number>(most + 2).fill(0);
  for (const entry of found) starts[most - entry.shared + 1]++;
  for (let s = 1; s <= most; s++) starts[s] += starts[s - 1];
  const ordered: Filed[] = new Array(found.length);
  for (const entry of found) ordered[starts[most - entry.shared]++] = entry;
  // positions in `ordered`: small integers shift along the array more cheaply than object references
  const top: number[] = [];
  for (let k = 0; k < ordered.length; k++) {
    const entry = ordered[k];
    const full = top.length === max;
    if (full && byRank(entry, ordered[top[max - 1]]) >= 0) continue;
    // the first place whose entry ranks after this one (a full array drops its last)
    let lo = 0;
    let hi = full ? max - 1 : top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byRank(entry, ordered[top[mid]]) < 0) hi = mid;
      else lo = mid + 1;
    }
    for (let at = full ? max - 1 : top.length; at > lo; at--) top[at] = top[at - 1];
    top[lo] = k;
  }
  return top.map((k) => ordered[k].event);
}

/** An event in the clusterer's index: its current state, and the keys it shares with the story being placed. */
interface Filed {
  event: EventState;
  /** The event's id and times, for the search and the ranking (see `candidates`, `byRank`). */
  id: string;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Period of `event.lastSeenAt` (see `EventClusterer.periodOf`), under which it is filed. */
  period: number;
  /** The keys it is filed under. */
  keys: Set<string>;
  /** The search `shared` was counted for. */
  search: number;
  shared: number;
}

/** The events filed under one key whose last activity falls in one period. */
interface Bucket {
  period: number;
  filed: Filed[];
}
