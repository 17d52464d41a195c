/**
 * The `limit` heaviest of a stream of (weight, key) pairs, heaviest first, ties by key ascending — the order of a
 * full sort by (weight desc, key asc), kept in a small sorted array while scanning instead of sorting everything.
 * Keys offered must be distinct and weights not NaN (callers fall back to a sort otherwise).
 */
export class TopN {
  readonly keys: string[] = [];
  readonly weights: number[] = [];

  constructor(private readonly limit: number) {}

  offer(weight: number, key: string): void {
    const { keys, weights, limit } = this;
    if (limit <= 0) return;
    if (keys.length === limit && !heavier(weight, key, weights[limit - 1], keys[limit - 1])) return;
    let at = keys.length < limit ? keys.length : limit - 1;
    while (at > 0 && heavier(weight, key, weights[at - 1], keys[at - 1])) {
      keys[at] = keys[at - 1];
      weights[at] = weights[at - 1];
      at--;
    }
    keys[at] = key;
    weights[at] = weight;
  }
}

/** Whether (w, key) ranks before (thanW, than): larger weight first, then the smaller key. */
export function heavier(w: number, key: string, thanW: number, than: string): boolean {
  return w > thanW || (w === thanW && key < than);
}
