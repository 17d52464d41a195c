import { charLength, cleanText, codeUnits, isDigitAt, isTooShort, scanTokens, SPAN_ACRONYM, SPAN_HAS_DIGIT } from './tokenize';

/**
 * The tokens of one field as 63-bit hashes (two independent 32-bit hashes) of their normalised form, in order,
 * single letters left out: what tokenize() would return, without building a string per token. Pair k is
 * data[2k] (first hash >>> 1, non-negative for PairTable keys) and data[2k + 1]. Only valid until the next call.
 */
export interface TokenHashes {
  data: Int32Array;
  count: number;
}

/** Reused across calls (hashing is synchronous): scoring a story then allocates nothing per token. */
let hashBuffer = new Int32Array(2 * 1024);

/** The (first >>> 1, second) hash pair of a token string as tokenize() returns it. */
export function tokenHash(token: string): [number, number] {
  let h1 = SEED1;
  let h2 = SEED2;
  for (let i = 0; i < token.length; i++) {
    h1 = mix1(h1, token.charCodeAt(i));
    h2 = mix2(h2, token.charCodeAt(i));
  }
  return [h1 >>> 1, h2];
}

/** Hashes of the tokens tokenize(text) would give (stop words kept; see TokenHashes). */
export function fieldTokenHashes(text: string, normaliseNumbers: boolean): TokenHashes {
  const fast = asciiTokenHashes(text, normaliseNumbers);
  const count = fast >= 0 ? fast : spanTokenHashes(text, normaliseNumbers);
  // read after hashing: a long text may have grown the buffer
  return { data: hashBuffer, count };
}

function push(count: number, h1: number, h2: number): number {
  if (2 * count + 2 > hashBuffer.length) {
    const grown = new Int32Array(hashBuffer.length * 2);
    grown.set(hashBuffer);
    hashBuffer = grown;
  }
  // h1 >>> 1 keeps the key non-negative: PairTable marks empty slots with -1.
  hashBuffer[2 * count] = h1 >>> 1;
  hashBuffer[2 * count + 1] = h2;
  return count + 1;
}

/** The general path: cleanText and scanTokens, then each span hashed with tokenize()'s normalisation. */
function spanTokenHashes(text: string, normaliseNumbers: boolean): number {
  const units = codeUnits(cleanText(text));
  const { data, count: spans } = scanTokens(units);
  let count = 0;
  for (let k = 0; k < 3 * spans; k += 3) {
    const start = data[k];
    const end = data[k + 1];
    const flags = data[k + 2];
    if (isTooShort(start, end, flags)) continue;
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
    count = push(count, h1, h2);
  }
  return count;
}

/** UTF-8 bytes of the field (native encoding is far faster than reading the string code unit by code unit). */
let bytes = new Uint8Array(3 * 4096);
const encoder = new TextEncoder();

/**
 * The fast path, for text of ASCII and a few marks (curly quotes, dashes, no-break space) that NFKC and
 * lowercasing leave alone or make a space, as most news is: one pass over the raw UTF-8 bytes that cleans (see
 * cleanText), scans (see scanTokens) and hashes at once, giving the general path's hashes. Lowercasing is folded
 * into the kinds and hashes; an HTML tag or a mark is skipped like a space (all are non-token characters for the
 * scanner's lookahead too). Returns -1 on any other character: NFKC or lowercasing might change it.
 */
function asciiTokenHashes(text: string, normaliseNumbers: boolean): number {
  // at most 3 bytes per UTF-16 code unit, and a space after the text so the scan may look one byte past the end
  if (bytes.length < 3 * text.length + 1) bytes = new Uint8Array(3 * text.length + 1);
  const b = bytes;
  const n = encoder.encodeInto(text, b).written;
  b[n] = SPACE;
  // "<[^>]*>" matches at a "<" exactly when a ">" follows somewhere
  const lastGt = text.includes('>') ? b.lastIndexOf(GT, n - 1) : -1;
  let count = 0;
  let i = 0;
  while (i < n) {
    const code = b[i];
    const kind = KIND[code];
    if (kind === OTHER) {
      if (code < 0x80 && (code !== LT || i > lastGt)) i++;
      else if (code === LT) {
        for (i++; b[i] !== GT; ) {
          const skip = b[i] < 0x80 ? 1 : markLength(b, i);
          if (skip === 0) return -1;
          i += skip;
        }
        i++;
      } else {
        const skip = markLength(b, i);
        if (skip === 0) return -1;
        i += skip;
      }
      continue;
    }
    const start = i;
    let h1 = SEED1;
    let h2 = SEED2;
    // a dotted acronym ("u.s.", at least two letter-dot pairs) is its letters
    if (kind === LETTER && b[i + 1] === DOT && KIND[b[i + 2]] === LETTER && b[i + 3] === DOT) {
      while (KIND[b[i]] === LETTER && b[i + 1] === DOT) {
        h1 = mix1(h1, b[i] | LOWER);
        h2 = mix2(h2, b[i] | LOWER);
        i += 2;
      }
      count = push(count, h1, h2);
      continue;
    }
    // letters and digits, with "." or "," between two digits kept inside; with normaliseNumbers each such digit
    // run hashes as one "0" (a token without digits hashes the same either way)
    let hasDigit = false;
    let inDigits = false;
    while (i < n) {
      let code = b[i];
      const next = KIND[code];
      if (next === LETTER) {
        // a run of letters, the common case, in a loop of its own (at the latest the space after the text ends it)
        do {
          h1 = mix1(h1, code | LOWER);
          h2 = mix2(h2, code | LOWER);
          code = b[++i];
        } while (KIND[code] === LETTER);
        inDigits = false;
        continue;
      }
      if (next === DIGIT) {
        hasDigit = true;
        if (!normaliseNumbers) {
          h1 = mix1(h1, code);
          h2 = mix2(h2, code);
        } else if (!inDigits) {
          h1 = mix1(h1, ZERO);
          h2 = mix2(h2, ZERO);
        }
        inDigits = true;
        i++;
        continue;
      }
      if (!inDigits || (code !== DOT && code !== COMMA) || KIND[b[i + 1]] !== DIGIT) break;
      if (!normaliseNumbers) {
        h1 = mix1(h1, code);
        h2 = mix2(h2, code);
      }
      i++;
    }
    if (i - start >= 2 || hasDigit) count = push(count, h1, h2);
  }
  return count;
}

/** Bytes of the known mark or no-break space starting at r, else 0 (the encoder writes whole UTF-8 sequences). */
function markLength(b: Uint8Array, r: number): number {
  if (b[r] === 0xe2 && b[r + 1] === 0x80 && MARK_LAST_BYTE[b[r + 2]] === 1) return 3;
  return b[r] === 0xc2 && b[r + 1] === 0xa0 ? 2 : 0;
}

const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;
/** Kind of each byte of raw UTF-8 text: ASCII letters of either case, digits, and OTHER for the rest. */
const KIND = new Uint8Array(256);
for (let c = 97; c <= 122; c++) KIND[c] = KIND[c - 32] = LETTER;
for (let c = 48; c <= 57; c++) KIND[c] = DIGIT;

/** Last UTF-8 byte (after E2 80) of ‘ ’ “ ” – —: marks NFKC and lowercasing keep, and never part of a token. */
const MARKS = ['\u2018', '\u2019', '\u201c', '\u201d', '\u2013', '\u2014'];
const MARK_LAST_BYTE = new Uint8Array(256);
for (const mark of MARKS) MARK_LAST_BYTE[0x80 + (mark.charCodeAt(0) & 0x3f)] = 1;

const ZERO = 48;
const DOT = 46;
const COMMA = 44;
const SPACE = 32;
/** ORed into an ASCII letter, lowercases it. */
const LOWER = 32;
const LT = 60;
const GT = 62;
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
