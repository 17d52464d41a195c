/**
 * Term vectors for event clustering, read once per object and compared without string lookups.
 *
 * Terms records (a story's features, an event's centroid) are plain objects with many keys, which V8 keeps in
 * dictionary mode: every pass over one costs microseconds. Each record is therefore read once, on first use,
 * into a `TermList` (cached per object, as the norms always were: records are not modified once made), and the
 * records made here (`termsRecord`, `joinedCentroid`) are never read back at all. For the cosine, terms get small
 * integer ids from a process-wide table; the story being placed is spread over an id-indexed array (its position
 * per term), and a centroid, as ids cached per record, is compared by one array read per term. The dot product
 * is still summed in the story's key order, so it is the very number the plain `for (term in story)` loop gives
 * (floating-point addition is not associative). A story joining an event is added to the centroid by id too.
 */

/** A terms record's own keys and values in `for…in` order, and its Euclidean norm summed in that order. */
export interface TermList {
  keys: string[];
  values: number[];
  norm: number;
}

/** What is known of one record: its list, and, made on first need, its term ids and its ranking. */
interface RecordTerms extends TermList {
  /** Ids of `keys` in the table generation `generation` (see `idsOf`). */
  ids: number[] | null;
  generation: number;
  /** The terms that have a value, as compared with a story (see `termVector`). */
  vector: TermVector | null;
  /** Heaviest first (see `rankedOf`); null when a weight is not a number or NaN. */
  ranked: Ranked | null | undefined;
}

/** Per record object: records are not modified once made (the norms were always cached the same way). */
const lists = new WeakMap<Record<string, number>, RecordTerms>();

export function termList(terms: Record<string, number>): TermList {
  return recordTerms(terms);
}

function recordTerms(terms: Record<string, number>): RecordTerms {
  let list = lists.get(terms);
  if (!list) {
    const keys: string[] = [];
    const values = doubles();
    let sum = 0;
    for (const term in terms) {
      const w = terms[term];
      keys.push(term);
      values.push(w);
      sum += w * w;
    }
    list = { keys, values, norm: Math.sqrt(sum), ids: null, generation: -1, vector: null, ranked: undefined };
    lists.set(terms, list);
  }
  return list;
}

/**
 * Builds a terms record from weights in insertion order and remembers its TermList, so a record made here is
 * never read back key by key.
 */
export function termsRecord(weights: ReadonlyMap<string, number>): Record<string, number> {
  const terms: string[] = [];
  const values = doubles();
  for (const [term, w] of weights) {
    terms.push(term);
    values.push(w);
  }
  return recordOf(terms, values).record;
}

/** termsRecord of the distinct terms with their weights, in that order; takes over `terms`. */
export function termsRecordOf(terms: string[], weights: readonly number[]): Record<string, number> {
  // copied: every record's weights get one elements kind (see `doubles`)
  return recordOf(terms, copy(weights)).record;
}

/**
 * An empty array of unboxed doubles. Weights arrays of every record get this one elements kind: code that reads
 * arrays of several kinds (integers only, with holes, ...) ends up reading them generically, boxing each double.
 */
function doubles(): number[] {
  const a = [0.5];
  a.pop();
  return a;
}

/**
 * A record of distinct terms with their weights, and its TermList (which takes over the arrays). The list
 * follows the order JavaScript gives an object's own keys: array indices ("17", "2025") ascending first, then
 * the other keys in insertion order. `order` maps each list position to its position in `terms` (null: the same).
 */
function recordOf(terms: string[], weights: number[]): { record: Record<string, number>; list: RecordTerms; order: number[] | null } {
  const record = dictionaryObject();
  let indices: number[] | null = null;
  for (let k = 0; k < terms.length; k++) {
    record[terms[k]] = weights[k];
    if (isArrayIndex(terms[k])) (indices ??= []).push(k);
  }
  let keys = terms;
  let values = weights;
  let order: number[] | null = null;
  if (indices) {
    order = indices.sort((a, b) => Number(terms[a]) - Number(terms[b]));
    for (let k = 0; k < terms.length; k++) if (!isArrayIndex(terms[k])) order.push(k);
    keys = order.map((k) => terms[k]);
    values = copy(order.map((k) => weights[k]));
  }
  let sum = 0;
  for (const w of values) sum += w * w;
  const list: RecordTerms = { keys, values, norm: Math.sqrt(sum), ids: null, generation: -1, vector: null, ranked: undefined };
  lists.set(record, list);
  return { record, list, order };
}

/**
 * An empty plain object that V8 already keeps as a hash table ("dictionary mode"). Terms records have dozens of
 * keys, different for every story: added one by one to `{}`, each key first makes V8 derive a new hidden class
 * (costly, and useless: the object ends in dictionary mode anyway). Deleting a property that is not the last one
 * added switches an object to dictionary mode at once. Same prototype, keys and key order as `{}`.
 */
function dictionaryObject(): Record<string, number> {
  const o: Record<string, number> = { dictionary: 0, mode: 0 };
  delete o.dictionary;
  delete o.mode;
  return o;
}

/** A canonical array index: "0" or digits without a leading zero, below 2^32 - 1. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || key.length > 10 || (first === 48 && key.length > 1)) return false;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(key) < 4294967295;
}

/** Ids are handed out until the table holds this many terms; then it starts again (see `TermIds.newDecision`). */
const MAX_IDS = 200_000;

/**
 * Term -> id, shared by every vector of one table generation; per id the position of the term in the story being
 * compared (zero for every other term), so a centroid term finds its story counterpart by one array read,
 * without a branch; and per id the scratch sums of `joinedCentroid`. Everything made per story or per event is a
 * plain array: a typed array over 64 bytes gets a buffer outside the heap, costly to make and to collect.
 */
class TermIds {
  private readonly ids = new Map<string, number>();
  /** Id -> term. */
  readonly terms: string[] = [];
  /** Vectors built in an earlier generation are rebuilt before use. */
  generation = 0;
  /** 1 + the current story's position of each term, 0 when absent. */
  slots = new Int32Array(1024);
  /** `joinedCentroid`'s weight per id, valid where `marks` holds its current stamp (or the stamp + 1). */
  sums = new Float64Array(1024);
  marks = new Int32Array(1024);
  private stamp = 0;
  /** The ids whose slot is set, cleared when the next story comes (or the decision ends). */
  private active: readonly number[] | null = null;

  /**
   * Called before a story's vector is built: a full table is cleared here and never in the middle of a
   * decision, so the story and the centroids it is compared with always share one generation.
   */
  newDecision(): void {
    this.release();
    if (this.ids.size < MAX_IDS) return;
    this.ids.clear();
    this.terms.length = 0;
    this.generation++;
  }

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
      this.terms.push(term);
      if (id >= this.slots.length) this.grow();
    }
    return id;
  }

  /** Makes a story the one `slots` describe. */
  activate(ids: readonly number[]): void {
    this.release();
    for (let k = 0; k < ids.length; k++) this.slots[ids[k]] = k + 1;
    this.active = ids;
  }

  release(): void {
    const ids = this.active;
    if (!ids) return;
    for (let k = 0; k < ids.length; k++) this.slots[ids[k]] = 0;
    this.active = null;
  }

  /** A fresh even stamp for `marks` (older marks all differ from it and from it + 1). */
  newStamp(): number {
    if (this.stamp >= 0x3ffffff0) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return (this.stamp += 2);
  }

  private grow(): void {
    const slots = new Int32Array(2 * this.slots.length);
    slots.set(this.slots);
    const sums = new Float64Array(2 * this.sums.length);
    sums.set(this.sums);
    const marks = new Int32Array(2 * this.marks.length);
    marks.set(this.marks);
    this.slots = slots;
    this.sums = sums;
    this.marks = marks;
  }
}

const termIds = new TermIds();

/** An array of at least n numbers kept between calls (one story is placed at a time); zeros when made. */
class Scratch {
  array = new Float64Array(64);

  of(n: number): Float64Array {
    if (this.array.length < n) this.array = new Float64Array(2 * n);
    return this.array;
  }
}

/** The ids of a record's keys in the current generation, looked up once per record and generation. */
function idsOf(list: RecordTerms): number[] {
  if (list.ids && list.generation === termIds.generation) return list.ids;
  const ids: number[] = [];
  for (let k = 0; k < list.keys.length; k++) ids.push(termIds.id(list.keys[k]));
  list.ids = ids;
  list.generation = termIds.generation;
  return ids;
}

/** A terms record as term ids with their weights, in the record's key order, and the record's norm. */
export interface TermVector {
  generation: number;
  ids: readonly number[];
  values: readonly number[];
  norm: number;
}

/** Centroids are compared with every candidate story: their vectors are made once per record (and generation). */
export function termVector(terms: Record<string, number>): TermVector {
  const list = recordTerms(terms);
  const cached = list.vector;
  if (cached && cached.generation === termIds.generation) return cached;
  const all = idsOf(list);
  let ids = all;
  let values = list.values;
  if (!values.every((w) => typeof w === 'number')) {
    // a term whose value is missing never adds to a dot product: leave it out; other values as numbers
    ids = all.filter((_, k) => list.values[k] !== undefined);
    values = copy(Float64Array.from(list.values.filter((v) => v !== undefined)));
  }
  const vector = { generation: termIds.generation, ids, values, norm: list.norm };
  list.vector = vector;
  return vector;
}

/** StoryVector's weights and products. */
const storyWeights = new Scratch();
const storyProducts = new Scratch();

/**
 * The story `decideEvent` is placing, spread over the id table (only one at a time: making one releases the
 * previous; `release` when the decision is over).
 */
export class StoryVector {
  /** weights[1 + k]: the weight of story term k; weights[0] = 0 for the terms the story lacks. */
  private readonly weights: Float64Array;
  /**
   * products[1 + k]: story term k times its centroid weight, 0 between calls of `dot`; products[0] takes the
   * terms the story lacks.
   */
  private readonly products: Float64Array;
  /** 1 + the number of story terms. */
  private readonly size: number;

  constructor(terms: Record<string, number>) {
    termIds.newDecision();
    const list = recordTerms(terms);
    termIds.activate(idsOf(list));
    this.size = list.keys.length + 1;
    this.weights = storyWeights.of(this.size);
    this.products = storyProducts.of(this.size);
    this.weights[0] = 0;
    for (let k = 0; k < list.keys.length; k++) this.weights[k + 1] = list.values[k];
  }

  /**
   * Σ story[t] · centroid[t] over the story's terms in their key order, skipping terms the centroid lacks:
   * `for (t in story) if (Object.hasOwn(centroid, t)) dot += story[t] * centroid[t]`.
   */
  dot(centroid: TermVector): number {
    const { ids, values } = centroid;
    const { slots } = termIds;
    const { weights, products, size } = this;
    for (let k = 0; k < ids.length; k++) {
      const slot = slots[ids[k]];
      products[slot] = weights[slot] * values[k];
    }
    // adding the +0 of a term the centroid lacks leaves a sum that started at +0 unchanged; the products are
    // cleared as they are added, for the next centroid
    let dot = 0;
    for (let k = 1; k < size; k++) {
      dot += products[k];
      products[k] = 0;
    }
    return dot;
  }

  release(): void {
    termIds.release();
  }
}

/** A record's terms heaviest first, ties alphabetical, as ids (of generation `generation`) and weights. */
interface Ranked {
  generation: number;
  ids: number[];
  weights: number[];
}

/** The ranking of a record, made once per record; null when a weight is not a number or is NaN. */
function rankedOf(list: RecordTerms): Ranked | null {
  if (list.ranked !== undefined && (!list.ranked || list.ranked.generation === termIds.generation)) return list.ranked;
  if (!list.values.every((w) => typeof w === 'number' && w === w)) return (list.ranked = null);
  const ranked = { generation: termIds.generation, ids: idsOf(list).slice(), weights: copy(list.values) };
  insertionSort(ranked.ids, ranked.weights, ranked.ids.length);
  return (list.ranked = ranked);
}

/**
 * Sorts the first n ids (and their weights) heaviest first, ties alphabetical: by insertion, as the lists sorted
 * here are short or nearly in order, and without a comparator call per step.
 */
function insertionSort(ids: number[], weights: number[], n: number): void {
  const terms = termIds.terms;
  for (let i = 1; i < n; i++) {
    const id = ids[i];
    const w = weights[i];
    let at = i;
    while (at > 0 && before(w, id, weights[at - 1], ids[at - 1], terms)) {
      ids[at] = ids[at - 1];
      weights[at] = weights[at - 1];
      at--;
    }
    ids[at] = id;
    weights[at] = w;
  }
}

/**
 * Whether term id (weight w) ranks before term thanId (weight thanW): larger weight first, then the smaller term
 * (TopN's order), the terms read only for a tie.
 */
function before(w: number, id: number, thanW: number, thanId: number, terms: readonly string[]): boolean {
  return w > thanW || (w === thanW && terms[id] < terms[thanId]);
}

export function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * joinedCentroid's story terms with their new weights: plain arrays kept between calls (a typed array would hand
 * out its ids as doubles, which V8 boxes to index the term table).
 */
const changedIds: number[] = [];
const changedWeights = doubles();

/**
 * The centroid once a story joins: each centroid term plus the story's normalised weight of it (as a Map from
 * the centroid, then the story's terms added), its n heaviest terms (ties alphabetical), heaviest first, rounded
 * to 3 decimals. Summed by id, and ranked by merging the centroid's own ranking (of the terms the story does not
 * change) with the story's terms sorted: no Map, and no selection among all the terms. Null when a weight is not
 * a number or is NaN: the caller's Map and sort define that case.
 */
export function joinedCentroid(centroid: Record<string, number>, story: Record<string, number>, n: number): Record<string, number> | null {
  const ranked = rankedOf(recordTerms(centroid));
  if (!ranked) return null;
  const s = recordTerms(story);
  const storyIds = idsOf(s);
  const { sums, marks, terms } = termIds;
  // centroid terms are marked `stamp`, terms the story adds to `stamp + 1`
  const stamp = termIds.newStamp();
  for (let k = 0; k < ranked.ids.length; k++) {
    sums[ranked.ids[k]] = ranked.weights[k];
    marks[ranked.ids[k]] = stamp;
  }
  const changed = changedIds;
  const weights = changedWeights;
  let count = 0;
  let added = 0;
  if (s.norm > 0) {
    for (let k = 0; k < storyIds.length; k++) {
      const w = s.values[k];
      if (typeof w !== 'number') return null;
      const id = storyIds[k];
      const inCentroid = marks[id] === stamp;
      const sum = (inCentroid ? sums[id] : 0) + w / s.norm;
      if (sum !== sum) return null;
      marks[id] = stamp + 1;
      changed[count] = id;
      weights[count++] = sum;
      if (!inCentroid) added++;
    }
  }
  insertionSort(changed, weights, count);
  // as many as a sort of every term would keep: min(n, size) rounded up, none for NaN or n <= 0
  const size = ranked.ids.length + added;
  let limit = 0;
  while (limit < size && limit < n) limit++;
  const topIds: number[] = [];
  const topTerms: string[] = [];
  const topWeights = doubles();
  let i = 0;
  let j = 0;
  for (let t = 0; t < limit; t++) {
    // skip centroid terms the story changed: they are among `changed`
    while (i < ranked.ids.length && marks[ranked.ids[i]] !== stamp) i++;
    let id: number;
    let w: number;
    if (j === count || (i < ranked.ids.length && before(ranked.weights[i], ranked.ids[i], weights[j], changed[j], terms))) {
      id = ranked.ids[i];
      w = ranked.weights[i++];
    } else {
      id = changed[j];
      w = weights[j++];
    }
    topIds.push(id);
    topTerms.push(terms[id]);
    topWeights.push(round3(w));
  }
  const { record, list, order } = recordOf(topTerms, topWeights);
  // the new record's ids, vector and ranking are known: no lookup when it is compared or joined next
  list.ids = order ? order.map((k) => topIds[k]) : topIds;
  list.generation = termIds.generation;
  list.vector = { generation: termIds.generation, ids: list.ids, values: list.values, norm: list.norm };
  list.ranked = { generation: termIds.generation, ids: topIds, weights: topWeights };
  // rounding can tie weights that were in order: then the ranking is sorted again, on copies
  if (!inOrder(topIds, topWeights)) {
    list.ranked = { generation: termIds.generation, ids: topIds.slice(), weights: copy(topWeights) };
    insertionSort(list.ranked.ids, list.ranked.weights, limit);
  }
  return record;
}

/** The numbers as an array of unboxed doubles (see `doubles`). */
function copy(values: Iterable<number>): number[] {
  const out = doubles();
  for (const w of values) out.push(w);
  return out;
}

/** Whether the ids (with their weights) are heaviest first, ties alphabetical. */
function inOrder(ids: readonly number[], weights: readonly number[]): boolean {
  const terms = termIds.terms;
  for (let k = 1; k < ids.length; k++) if (before(weights[k], ids[k], weights[k - 1], ids[k - 1], terms)) return false;
  return true;
}
