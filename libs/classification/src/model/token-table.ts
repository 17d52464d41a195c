import { charLength, isDigitAt, SPAN_ACRONYM, SPAN_HAS_DIGIT } from './tokenize';

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

const ZERO = 48;
const DOT = 46;
const COMMA = 44;

/**
 * Token strings → ids, looked up by a 63-bit hash (two independent 32-bit hashes) of the token's normalised form.
 * The hash of a span of cleaned text is computed character by character with the same normalisation tokenize()
 * applies (acronym dots dropped, digit runs → "0"), so scoring never allocates a string per token. Two vocabulary
 * tokens sharing a hash would make lookups ambiguous, so building the table refuses that (odds about 2^-63 a pair).
 */
export class TokenTable {
  private readonly table: PairTable;

  constructor(ids: Map<string, number>) {
    this.table = new PairTable(ids.size);
    ids.forEach((id, token) => {
      let h1 = SEED1;
      let h2 = SEED2;
      for (let i = 0; i < token.length; i++) {
        h1 = mix1(h1, token.charCodeAt(i));
        h2 = mix2(h2, token.charCodeAt(i));
      }
      if (this.table.get(h1 >>> 1, h2) !== -1) throw new Error(`TokenTable: hash collision on "${token}"`);
      this.table.set(h1 >>> 1, h2, id);
    });
  }

  /** Id of a token span of cleaned text (see scanTokens), or -1 when the token is not in the table. */
  idOfSpan(units: Uint16Array, start: number, end: number, flags: number, normaliseNumbers: boolean): number {
    const collapseDigits = normaliseNumbers && (flags & SPAN_HAS_DIGIT) !== 0;
    const acronym = (flags & SPAN_ACRONYM) !== 0;
    let h1 = SEED1;
    let h2 = SEED2;
    let inDigits = false;
    for (let i = start; i < end; ) {
      const code = units[i];
      if (collapseDigits && isDigitAt(units, i)) {
        if (!inDigits) {
          h1 = mix1(h1, ZERO);
          h2 = mix2(h2, ZERO);
        }
        inDigits = true;
        i += charLength(units, i);
        continue;
      }
      i++;
      if (acronym && code === DOT) continue;
      // Inside a token "." and "," only ever sit between two digits, so they belong to the digit run.
      if (inDigits && (code === DOT || code === COMMA)) continue;
      inDigits = false;
      h1 = mix1(h1, code);
      h2 = mix2(h2, code);
    }
    // h1 >>> 1 keeps the key non-negative: the table marks empty slots with -1.
    return this.table.get(h1 >>> 1, h2);
  }
}

const SEED1 = 0x811c9dc5;
const SEED2 = 0x9747b28c;

/** FNV-1a step over a UTF-16 code unit. */
function mix1(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** Multiply-xorshift step, independent of FNV so the pair behaves like one 63-bit hash. */
function mix2(h: number, code: number): number {
  const mixed = Math.imul(h ^ code, 0x5bd1e995);
  return mixed ^ (mixed >>> 15);
}
