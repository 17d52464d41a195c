import { tokenHash } from './token-hashes';

/**
 * Open-addressing hash table from a pair of non-negative 32-bit integers to an index. Scoring looks up every token
 * and bigram of a story; a JavaScript Map keyed by fresh strings or large numbers is several times slower.
 */
export class PairTable {
  private readonly mask: number;
  /** Slot k holds [first, second, value] at 3k: one cache line per probe instead of three. */
  private readonly slots: Int32Array;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 3).fill(-1);
  }

  set(first: number, second: number, value: number): void {
    let slot = this.slot(first, second);
    while (this.slots[slot * 3] !== -1) slot = (slot + 1) & this.mask;
    this.slots[slot * 3] = first;
    this.slots[slot * 3 + 1] = second;
    this.slots[slot * 3 + 2] = value;
  }

  /** The value stored for the pair, or -1. */
  get(first: number, second: number): number {
    for (let slot = this.slot(first, second); this.slots[slot * 3] !== -1; slot = (slot + 1) & this.mask) {
      if (this.slots[slot * 3] === first && this.slots[slot * 3 + 1] === second) return this.slots[slot * 3 + 2];
    }
    return -1;
  }

  private slot(first: number, second: number): number {
    return (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca6b)) & this.mask;
  }
}

/**
 * Token strings → ids, looked up by a 63-bit hash of the token (see token-hashes.ts), so scoring never allocates a
 * string per token. Two vocabulary tokens sharing a hash would make lookups ambiguous, so building the table
 * refuses that (odds about 2^-63 a pair).
 */
export class TokenTable {
  private readonly table: PairTable;

  constructor(ids: Map<string, number>) {
    this.table = new PairTable(ids.size);
    ids.forEach((id, token) => {
      const [key, h2] = tokenHash(token);
      if (this.table.get(key, h2) !== -1) throw new Error(`TokenTable: hash collision on "${token}"`);
      this.table.set(key, h2, id);
    });
  }

  /** Id of the token with this hash pair (see TokenHashes), or -1 when the token is not in the table. */
  idOf(key: number, h2: number): number {
    return this.table.get(key, h2);
  }
}
