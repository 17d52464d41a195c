/**
 * 64-bit SimHash (Charikar) over the words of a text: near-verbatim copies differ in a few bits, different texts
 * in about half of them. Every occurrence counts, stop words included, so one or two changed words in a
 * syndicated copy barely move the hash while a rewrite moves it a lot. Computed as two 32-bit halves (no
 * BigInt); written as 16 hex digits. Apostrophes and dots split words, consistently for original and copy.
 */
export function simhash64(text: string): string {
  const words = hashWords(text, Math.min(text.length, MAX_CHARS));
  counts.fill(0);
  countBits(words, 0x9e3779b9, 0);
  countBits(words, 0x85ebca6b, 32);
  // a bit is set when the words with that hash bit set outnumber the others
  let high = 0;
  let low = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (2 * counts[bit] > words) high |= 1 << bit;
    if (2 * counts[32 + bit] > words) low |= 1 << bit;
  }
  return hex64(high, low);
}

/** Long articles are cut here: a syndicated copy is already recognisable from its first few paragraphs. */
const MAX_CHARS = 4000;
/** Signed, as Math.imul returns them: the running hash stays a 32-bit integer to the compiler. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** ASCII letters and digits, and anything from U+00C0 on except general punctuation (quotes, dashes). */
function isWordChar(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || (ch >= 0xc0 && (ch < 0x2000 || ch > 0x206f));
}

/**
 * Per UTF-16 code unit: what a word hashes for it (ASCII capitals folded to lowercase; other scripts keep their
 * case, rarely the only change in a copy), or 0 for a unit that ends a word. One read instead of the range tests.
 */
const WORD_UNITS = new Uint16Array(0x10000);
for (let ch = 0; ch < 0x10000; ch++) WORD_UNITS[ch] = isWordChar(ch) ? (ch >= 65 && ch <= 90 ? ch + 32 : ch) : 0;

/** FNV_OFFSET / FNV_PRIME (mod 2^32): hashing it as the next input gives FNV_OFFSET, the start of a new word. */
const FNV_RESTART = Math.imul(FNV_OFFSET, inverseOdd(FNV_PRIME));

/** x^-1 mod 2^32 for odd x (Newton's iteration doubles the correct low bits each step: 3, 6, 12, 24, 48). */
function inverseOdd(x: number): number {
  let inverse = x;
  for (let step = 0; step < 4; step++) inverse = Math.imul(inverse, 2 - Math.imul(x, inverse));
  return inverse;
}

/** FNV-1a hashes of the words of the text being hashed (one text at a time: nothing allocated per text). */
const wordHashes = new Int32Array(MAX_CHARS + 1);
/** Set bits per bit position of the words' high (0–31) and low (32–63) hashes. */
const counts = new Int32Array(64);

/**
 * Hashes the words of text[0, length) (FNV-1a over the code units) into wordHashes and returns how many there
 * are; the end of the text ends a word. No branch per character, as word ends (every few characters) would be
 * mispredicted: a character's mask selects between hashing it into the word and restarting, and the running hash
 * is stored at every character while the word count advances only at a word end.
 */
function hashWords(text: string, length: number): number {
  let words = 0;
  let h = FNV_OFFSET;
  let inWord = 0;
  for (let i = 0; i < length; i++) {
    const unit = WORD_UNITS[text.charCodeAt(i)];
    // -1 for a word character, 0 for another (shifts, not a negation: -0 would make it a double)
    const word = ((unit + 0xffff) << 15) >> 31;
    wordHashes[words] = h;
    words -= inWord & ~word;
    h = Math.imul((h & word) ^ (unit | (FNV_RESTART & ~word)), FNV_PRIME);
    inWord = word;
  }
  wordHashes[words] = h;
  return words - inWord;
}

/**
 * Adds the bits of mix32(hash ^ seed) of each word hash to counts[at + bit], without a branch or a memory write
 * per bit: bit j of every nibble is summed in the 4-bit lanes of one accumulator (a0 to a3) for up to 15 words,
 * those are widened into 8-bit lanes (b0 to b7) for up to 255 words, and only those reach the counters.
 */
function countBits(words: number, seed: number, at: number): void {
  for (let chunk = 0; chunk < words; chunk += 255) {
    const chunkEnd = Math.min(words, chunk + 255);
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0;
    for (let block = chunk; block < chunkEnd; block += 15) {
      const blockEnd = Math.min(chunkEnd, block + 15);
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = block; k < blockEnd; k++) {
        const x = mix32(wordHashes[k] ^ seed);
        a0 += x & 0x11111111;
        a1 += (x >>> 1) & 0x11111111;
        a2 += (x >>> 2) & 0x11111111;
        a3 += (x >>> 3) & 0x11111111;
      }
      // the even and odd nibbles of a0 hold bits 0, 8, 16, 24 and 4, 12, 20, 28; a1 the same plus one, ...
      b0 += a0 & 0x0f0f0f0f;
      b1 += (a0 >>> 4) & 0x0f0f0f0f;
      b2 += a1 & 0x0f0f0f0f;
      b3 += (a1 >>> 4) & 0x0f0f0f0f;
      b4 += a2 & 0x0f0f0f0f;
      b5 += (a2 >>> 4) & 0x0f0f0f0f;
      b6 += a3 & 0x0f0f0f0f;
      b7 += (a3 >>> 4) & 0x0f0f0f0f;
    }
    for (let shift = 0; shift < 32; shift += 8) {
      const bit = at + shift;
      counts[bit] += (b0 >>> shift) & 255;
      counts[bit + 4] += (b1 >>> shift) & 255;
      counts[bit + 1] += (b2 >>> shift) & 255;
      counts[bit + 5] += (b3 >>> shift) & 255;
      counts[bit + 2] += (b4 >>> shift) & 255;
      counts[bit + 6] += (b5 >>> shift) & 255;
      counts[bit + 3] += (b6 >>> shift) & 255;
      counts[bit + 7] += (b7 >>> shift) & 255;
    }
  }
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

const HEX_DIGITS = Array.from('0123456789abcdef', (d) => d.charCodeAt(0));

/** The halves as 16 hex digits: one string made from the digits' codes (not two padded strings and a third joined). */
function hex64(high: number, low: number): string {
  const digit = (n: number, shift: number) => HEX_DIGITS[(n >>> shift) & 15];
  return String.fromCharCode(
    digit(high, 28), digit(high, 24), digit(high, 20), digit(high, 16), digit(high, 12), digit(high, 8), digit(high, 4), digit(high, 0),
    digit(low, 28), digit(low, 24), digit(low, 20), digit(low, 16), digit(low, 12), digit(low, 8), digit(low, 4), digit(low, 0),
  );
}

/** Murmur3 finaliser: spreads FNV's weak low bits over the whole word. Signed: only its bits are read. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
