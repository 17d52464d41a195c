/**
 * 64-bit SimHash (Charikar) over the words of a text: near-verbatim copies differ in a few bits, different texts
 * in about half of them. Every occurrence counts, stop words included, so one or two changed words in a
 * syndicated copy barely move the hash while a rewrite moves it a lot. Computed as two 32-bit halves (no
 * BigInt); written as 16 hex digits. Apostrophes and dots split words, consistently for original and copy.
 */
export function simhash64(text: string): string {
  const length = Math.min(text.length, MAX_CHARS);
  const high = new BitCounters();
  const low = new BitCounters();
  let words = 0;
  let h = FNV_OFFSET;
  let inWord = false;
  // one pass over the characters, hashing words as they go (FNV-1a) without building strings: the hot loop
  for (let i = 0; i <= length; i++) {
    const ch = i < length ? text.charCodeAt(i) : 32;
    if (isWordChar(ch)) {
      // ASCII capitals fold to lowercase here; other scripts keep their case (rarely the only change in a copy)
      h = Math.imul(h ^ (ch >= 65 && ch <= 90 ? ch + 32 : ch), FNV_PRIME);
      inWord = true;
    } else if (inWord) {
      high.increment(mix32(h ^ 0x9e3779b9));
      low.increment(mix32(h ^ 0x85ebca6b));
      words++;
      h = FNV_OFFSET;
      inWord = false;
    }
  }
  // a bit is set when the words with that hash bit set outnumber the others
  return hex32(high.majority(words)) + hex32(low.majority(words));
}

/** Long articles are cut here: a syndicated copy is already recognisable from its first few paragraphs. */
const MAX_CHARS = 4000;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32 counters of set bits, kept as the number of times each 4-bit value occurred at each of the 8 nibble
 * positions: adding a hash is 8 increments with no branch (a bit-sliced ripple carry stops at a data-dependent
 * step, which the CPU mispredicts), and the 32 per-bit counts are summed from the 128 nibble counts once.
 */
class BitCounters {
  private readonly nibbles = new Int32Array(8 * 16);

  increment(hash: number): void {
    const n = this.nibbles;
    n[hash & 15]++;
    n[16 + ((hash >>> 4) & 15)]++;
    n[32 + ((hash >>> 8) & 15)]++;
    n[48 + ((hash >>> 12) & 15)]++;
    n[64 + ((hash >>> 16) & 15)]++;
    n[80 + ((hash >>> 20) & 15)]++;
    n[96 + ((hash >>> 24) & 15)]++;
    n[112 + ((hash >>> 28) & 15)]++;
  }

  /** The 32-bit value whose bit b is set when counter b exceeds half of `total`. */
  majority(total: number): number {
    let value = 0;
    for (let bit = 0; bit < 32; bit++) {
      const base = 16 * (bit >>> 2);
      const mask = 1 << (bit & 3);
      let count = 0;
      for (let v = 0; v < 16; v++) if ((v & mask) !== 0) count += this.nibbles[base + v];
      if (2 * count > total) value |= 1 << bit;
    }
    return value >>> 0;
  }
}

/** ASCII letters and digits, and anything from U+00C0 on except general punctuation (quotes, dashes). */
function isWordChar(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || (ch >= 0xc0 && (ch < 0x2000 || ch > 0x206f));
}

/** Number of differing bits between two 16-hex-digit hashes; 64 when either is malformed. */
export function hammingDistance(a: string, b: string): number {
  return SimhashList.of([a]).distance(0, SimhashList.of([b]), 0);
}

/**
 * SimHashes parsed into 32-bit halves, for comparing one hash with many (a story with the members of up to 40
 * candidate events) without parsing hex digits per comparison. Plain arrays: a list is made per event state, and
 * a typed array of more than 64 bytes gets a buffer outside the heap, costly to make and to collect.
 */
export class SimhashList {
  private constructor(
    readonly hashes: readonly string[],
    /** high, low of hash k at 2k, 2k + 1, as signed 32-bit values. */
    private readonly halves: number[],
    /** false for a malformed hash: 64 bits from everything. */
    private readonly valid: boolean[],
  ) {}

  static of(hashes: readonly string[]): SimhashList {
    const list = new SimhashList(hashes, [], []);
    for (const hash of hashes) list.parse(hash);
    return list;
  }

  /** The same list with `hash` inserted at `at`, keeping the last `max`; only the new hash is parsed. */
  inserted(at: number, hash: string, max: number): SimhashList {
    const length = this.hashes.length + 1;
    // the first kept, as `all.slice(Math.max(0, length - max))` takes them
    const first = Math.min(length, Math.trunc(Math.max(0, length - max)) || 0);
    const hashes: string[] = [];
    const list = new SimhashList(hashes, [], []);
    for (let k = first; k < length; k++) {
      if (k === at) {
        hashes.push(hash);
        list.parse(hash);
        continue;
      }
      const from = k < at ? k : k - 1;
      hashes.push(this.hashes[from]);
      list.halves.push(this.halves[2 * from], this.halves[2 * from + 1]);
      list.valid.push(this.valid[from]);
    }
    return list;
  }

  /** Differing bits between hash k here and hash j of `other`; 64 when either is malformed. */
  distance(k: number, other: SimhashList, j: number): number {
    if (!this.valid[k] || !other.valid[j]) return 64;
    return popcount32(this.halves[2 * k] ^ other.halves[2 * j]) + popcount32(this.halves[2 * k + 1] ^ other.halves[2 * j + 1]);
  }

  /**
   * The first hash here within `maxBits` of hash 0 of `other`, or -1: `distance(k, other, 0) <= maxBits` for
   * k = 0, 1, …, in one loop over the parsed halves (a story is compared with hundreds of members).
   */
  firstWithin(other: SimhashList, maxBits: number): number {
    const { halves, valid } = this;
    const high = other.halves[0];
    const low = other.halves[1];
    const otherValid = other.valid[0];
    for (let k = 0; k < valid.length; k++) {
      if (!otherValid || !valid[k]) {
        if (64 <= maxBits) return k;
        continue;
      }
      // most members differ in far more bits than allowed: the high half alone usually rules them out
      const bits = popcount32(halves[2 * k] ^ high);
      if (bits <= maxBits && bits + popcount32(halves[2 * k + 1] ^ low) <= maxBits) return k;
    }
    return -1;
  }

  /** Appends the parsed halves of a hash. */
  private parse(hash: string): void {
    const high = hash.length === 16 ? hexHalf(hash, 0) : -1;
    const low = hash.length === 16 ? hexHalf(hash, 8) : -1;
    const valid = high >= 0 && low >= 0;
    this.halves.push(valid ? high | 0 : 0, valid ? low | 0 : 0);
    this.valid.push(valid);
  }
}

/** Eight hex digits from `from` as an unsigned 32-bit value, or -1 when one is not a hex digit. */
function hexHalf(hash: string, from: number): number {
  let value = 0;
  for (let i = from; i < from + 8; i++) {
    const digit = hexValue(hash.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** Murmur3 finaliser: spreads FNV's weak low bits over the whole word. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
