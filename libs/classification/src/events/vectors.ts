/**
 * Term vectors for event clustering, read once per object and compared without string lookups.
 *
 * Terms records (a story's features, an event's centroid) are plain objects with many keys, which V8 keeps in
 * dictionary mode: every pass over one costs microseconds. Each record is therefore read once, on first use,
 * into a `TermList` (cached per object, as the norms always were: records are not modified once made), and the
 * records made here (`termsRecord`) are never read back at all. For the cosine, terms get small integer ids from
 * a process-wide table; the story being placed is spread over two id-indexed arrays (its weight and position per
 * term), and a centroid, as ids cached per state, is compared by two array reads per term. The dot product is
 * still summed in the story's key order, so it is the very number the plain `for (term in story)` loop gives
 * (floating-point addition is not associative).
 */

/** A terms record's own keys and values in `for…in` order, and its Euclidean norm summed in that order. */
export interface TermList {
  keys: string[];
  values: number[];
  norm: number;
}

/** Per record object: records are not modified once made (the norms were always cached the same way). */
const lists = new WeakMap<Record<string, number>, TermList>();

export function termList(terms: Record<string, number>): TermList {
  let list = lists.get(terms);
  if (!list) {
    const keys: string[] = [];
    const values: number[] = [];
    let sum = 0;
    for (const term in terms) {
      const w = terms[term];
      keys.push(term);
      values.push(w);
      sum += w * w;
    }
    list = { keys, values, norm: Math.sqrt(sum) };
    lists.set(terms, list);
  }
  return list;
}

/**
 * Builds a terms record from weights in insertion order and remembers its TermList, so a record made here is
 * never read back key by key. The list follows the order JavaScript gives an object's own keys: array indices
 * ("17", "2025") ascending first, then the other keys in insertion order.
 */
export function termsRecord(weights: ReadonlyMap<string, number>): Record<string, number> {
  const record = dictionaryObject();
  const indices: string[] = [];
  const keys: string[] = [];
  for (const [term, w] of weights) {
    record[term] = w;
    (isArrayIndex(term) ? indices : keys).push(term);
  }
  if (indices.length > 0) keys.unshift(...indices.sort((a, b) => Number(a) - Number(b)));
  const values = keys.map((term) => weights.get(term)!);
  let sum = 0;
  for (const w of values) sum += w * w;
  lists.set(record, { keys, values, norm: Math.sqrt(sum) });
  return record;
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
 * Term -> id, shared by every vector of one table generation, and per id the weight and position of the term
 * in the story being compared (zero for every other term): a centroid term finds its story counterpart by two
 * array reads, without a branch.
 */
class TermIds {
  private readonly ids = new Map<string, number>();
  /** Vectors built in an earlier generation are rebuilt before use. */
  generation = 0;
  /** The current story's weight of each term, 0 when absent. */
  weights = new Float64Array(1024);
  /** 1 + the current story's position of each term, 0 when absent. */
  slots = new Int32Array(1024);
  /** The ids whose weight and slot are set, cleared when the next story comes (or the decision ends). */
  private active: Int32Array | null = null;

  /**
   * Called before a story's vector is built: a full table is cleared here and never in the middle of a
   * decision, so the story and the centroids it is compared with always share one generation.
   */
  newDecision(): void {
    this.release();
    if (this.ids.size < MAX_IDS) return;
    this.ids.clear();
    this.generation++;
  }

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
      if (id >= this.weights.length) this.grow();
    }
    return id;
  }

  all(keys: readonly string[]): Int32Array {
    const ids = new Int32Array(keys.length);
    for (let k = 0; k < keys.length; k++) ids[k] = this.id(keys[k]);
    return ids;
  }

  /** Makes a story the one `weights` and `slots` describe. */
  activate(ids: Int32Array, values: readonly number[]): void {
    this.release();
    for (let k = 0; k < ids.length; k++) {
      this.weights[ids[k]] = values[k];
      this.slots[ids[k]] = k + 1;
    }
    this.active = ids;
  }

  release(): void {
    const ids = this.active;
    if (!ids) return;
    for (let k = 0; k < ids.length; k++) {
      this.weights[ids[k]] = 0;
      this.slots[ids[k]] = 0;
    }
    this.active = null;
  }

  private grow(): void {
    const weights = new Float64Array(2 * this.weights.length);
    weights.set(this.weights);
    const slots = new Int32Array(2 * this.slots.length);
    slots.set(this.slots);
    this.weights = weights;
    this.slots = slots;
  }
}

const termIds = new TermIds();

/** An event centroid as term ids with their weights, in the record's key order. */
interface CentroidIds {
  generation: number;
  ids: Int32Array;
  values: Float64Array;
}

/** Centroids are compared with every candidate story: their ids are looked up once per state object. */
const centroids = new WeakMap<Record<string, number>, CentroidIds>();

function centroidIds(terms: Record<string, number>): CentroidIds {
  const cached = centroids.get(terms);
  if (cached && cached.generation === termIds.generation) return cached;
  const { keys, values } = termList(terms);
  // a term whose value is missing never adds to a dot product: leave it out
  const present = keys.filter((_, k) => values[k] !== undefined);
  const c = { generation: termIds.generation, ids: termIds.all(present), values: Float64Array.from(values.filter((v) => v !== undefined)) };
  centroids.set(terms, c);
  return c;
}

/**
 * The story `decideEvent` is placing, spread over the id table (only one at a time: making one releases the
 * previous; `release` when the decision is over).
 */
export class StoryVector {
  /** products[1 + k]: story term k times its centroid weight; products[0] takes the terms the story lacks. */
  private readonly products: Float64Array;

  constructor(terms: Record<string, number>) {
    termIds.newDecision();
    const { keys, values } = termList(terms);
    termIds.activate(termIds.all(keys), values);
    this.products = new Float64Array(keys.length + 1);
  }

  /**
   * Σ story[t] · centroid[t] over the story's terms in their key order, skipping terms the centroid lacks:
   * `for (t in story) if (Object.hasOwn(centroid, t)) dot += story[t] * centroid[t]`.
   */
  dot(centroid: Record<string, number>): number {
    const { ids, values } = centroidIds(centroid);
    const { weights, slots } = termIds;
    const products = this.products;
    products.fill(0);
    for (let k = 0; k < ids.length; k++) products[slots[ids[k]]] = weights[ids[k]] * values[k];
    // adding the +0 of a term the centroid lacks leaves a sum that started at +0 unchanged
    let dot = 0;
    for (let k = 1; k < products.length; k++) dot += products[k];
    return dot;
  }

  release(): void {
    termIds.release();
  }
}
