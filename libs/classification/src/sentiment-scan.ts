/**
 * The scanning half of sentiment scoring (see sentiment.ts): the words the lexicon lists know, numbered; two
 * passes over a story that turn it into tokens held in typed arrays; and the sentence boundaries.
 *
 * Tokens: numbers with an optional sign, a decimal part, one optional space and a percent sign or "per cent";
 * words (letters, with apostrophe parts as in "don't"); and clause punctuation.
 */
import {
  COMPARATORS,
  CONCESSIVE,
  CONTRAST_AFTER,
  DIRECTIONS,
  INTENSIFIERS,
  LEXICON,
  METRICS,
  NEGATORS,
  NOUN_LINKS,
  REVERSERS,
  UP_DOWN_BEFORE,
} from './lexicon';

/**
 * Every word any sentiment list can match, numbered from 1; 0 stands for every other word (no list contains
 * it, so it matches nothing, exactly like the word itself would).
 */
export const VOCABULARY_WORDS: readonly string[] = (() => {
  const words = new Set<string>(['']);
  const phrases = [...LEXICON.keys(), ...CONTRAST_AFTER, ...CONCESSIVE, ...NEGATORS, ...Object.keys(INTENSIFIERS), ...Object.keys(REVERSERS), ...Object.keys(METRICS), ...Object.keys(DIRECTIONS), ...COMPARATORS, ...UP_DOWN_BEFORE, ...NOUN_LINKS];
  for (const phrase of phrases) for (const word of phrase.split(' ')) if (word) words.add(word);
  return [...words];
})();

/** Map, not an object: an arbitrary word such as "constructor" must not find an inherited property. */
const WORD_IDS: ReadonlyMap<string, number> = new Map(VOCABULARY_WORDS.map((w, id) => [w, id]));

/** The number of a vocabulary word, 0 for any other. */
export function vocabularyId(word: string): number {
  return WORD_IDS.get(word) ?? 0;
}

/**
 * A word's key: its letters as base-32 digits, ASCII letters as 1..26 whatever their case and any other letter
 * as OTHER_LETTER, which no vocabulary word has. Exact (one key per word) up to EXACT_LETTERS letters; beyond,
 * the key is capped so it stays finite, and a match is checked letter by letter.
 */
const OTHER_LETTER = 27;
const EXACT_LETTERS = 10;
const KEY_CAP = 2 ** 53;
/** Letter codes by UTF-16 unit (see nextKey); 0 for everything that is not a word letter. */
const LETTER_CODE = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) if (isWordLetter(c)) LETTER_CODE[c] = c < 128 ? c & 31 : OTHER_LETTER;

/** Folds the next letter code into a key, as the scanner does (it multiplies by 0 to restart at a non-letter). */
function nextKey(key: number, code: number): number {
  return Math.min(key, KEY_CAP) * 32 + code;
}

/**
 * Open-addressing table of the vocabulary words made of ASCII letters by key: a word is looked up without
 * slicing it. Few slots are taken, so a probe mostly ends at the first slot, on the word or an empty one.
 */
const KEY_MASK = (1 << 14) - 1;
const SLOT_KEYS = new Float64Array(KEY_MASK + 1);
/** Word id by slot, 0 for an empty one. */
const SLOT_IDS = new Uint16Array(KEY_MASK + 1);
/** The characters of word id are WORD_CHARS[WORD_OFFSETS[id], WORD_OFFSETS[id + 1]). */
const WORD_OFFSETS = new Int32Array(VOCABULARY_WORDS.length + 1);
const WORD_CHARS = new Uint8Array(VOCABULARY_WORDS.reduce((sum, w) => sum + w.length, 0));

/** The first slot to probe for a key: its low 32 bits, mixed. */
function slotOf(key: number): number {
  const low = key | 0;
  return (Math.imul(low ^ (low >>> 16), 0x45d9f3b) ^ (low >>> 7)) & KEY_MASK;
}

for (let id = 1; id < VOCABULARY_WORDS.length; id++) {
  const word = VOCABULARY_WORDS[id];
  WORD_OFFSETS[id + 1] = WORD_OFFSETS[id] + word.length;
  for (let k = 0; k < word.length; k++) WORD_CHARS[WORD_OFFSETS[id] + k] = word.charCodeAt(k);
  if (!/^[a-z]+$/.test(word)) continue;
  let key = 0;
  for (let k = 0; k < word.length; k++) key = nextKey(key, LETTER_CODE[word.charCodeAt(k)]);
  let slot = slotOf(key);
  while (SLOT_IDS[slot] !== 0) slot = (slot + 1) & KEY_MASK;
  SLOT_KEYS[slot] = key;
  SLOT_IDS[slot] = id;
}

/** The id of the word (letters) text[start, end) lowercased, given its key; 0 when it is none. */
function findWord(key: number, text: string, start: number, end: number): number {
  for (let slot = slotOf(key); SLOT_IDS[slot] !== 0; slot = (slot + 1) & KEY_MASK) {
    if (SLOT_KEYS[slot] === key && (end - start <= EXACT_LETTERS || sameLetters(SLOT_IDS[slot], text, start, end))) return SLOT_IDS[slot];
  }
  return 0;
}

/** True when text[start, end) is word id, read case-insensitively (`| 32` makes no other letter ASCII). */
function sameLetters(id: number, text: string, start: number, end: number): boolean {
  const from = WORD_OFFSETS[id];
  if (WORD_OFFSETS[id + 1] - from !== end - start) return false;
  for (let k = 0; k < end - start; k++) if ((text.charCodeAt(start + k) | 32) !== WORD_CHARS[from + k]) return false;
  return true;
}

/** Token kinds. A signed percentage ("-3.1%", "+2 per cent") is a kind of its own: it is scored by itself. */
export const WORD = 0;
export const NUM = 1;
export const PCT = 2;
export const SIGNED_PCT = 3;
/** Punctuation: ',' ; '(' or ')' ; the other clause marks (; : – —). Every kind from COMMA on is punctuation. */
export const COMMA = 4;
export const PAREN = 5;
export const PUNCT = 6;

/**
 * A story's tokens, struct of arrays: most words are in no list, and one object per token cost more than the
 * scoring. `id` is the vocabulary id of a word (0 for other words and for non-words), `value` the signed value
 * of a number or percentage.
 */
export interface SentimentTokens {
  count: number;
  kind: Uint8Array;
  id: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  value: Float64Array;
}

function newTokens(capacity: number): SentimentTokens {
  return {
    count: 0,
    kind: new Uint8Array(capacity),
    id: new Uint16Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    value: new Float64Array(capacity),
  };
}

/**
 * Tokens of the last story scanned, and its letter-run boundaries and keys, reused: allocating the arrays per
 * story costs more than filling them. A story has at most one token per character. Grown up to MAX_SCRATCH; a
 * longer text gets arrays of its own, so one huge text does not pin their size.
 */
let scratch = newTokens(4096);
let boundsScratch = new Int32Array(4096);
let keysScratch = new Float64Array(4096);
const MAX_SCRATCH = 1 << 16;

/** Class of each UTF-16 unit that matters between words (0 for the rest). Clause punctuation is its token kind × 2. */
const DIGIT = 2;
const SIGN = 4;
const UNIT_CLASS = new Uint8Array(0x10000);
for (let c = 48; c <= 57; c++) UNIT_CLASS[c] = DIGIT;
for (const c of [43, 45, 0x2212]) UNIT_CLASS[c] = SIGN;
UNIT_CLASS[44] = 2 * COMMA;
for (const c of [40, 41]) UNIT_CLASS[c] = 2 * PAREN;
for (const c of [59, 58, 0x2013, 0x2014]) UNIT_CLASS[c] = 2 * PUNCT;

/** Latin letters (with accents) that may follow an apostrophe inside a word ("don't", "Nvidia’s"). */
function isLatinLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f);
}

/** Letters a word is made of: Latin, Greek and Cyrillic. Digits are separate number tokens. */
function isWordLetter(c: number): boolean {
  return isLatinLetter(c) || (c >= 0x370 && c <= 0x4ff);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** JavaScript's \s (and what trim() removes). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 ||
    c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** ASCII word character, as \b sees it. */
function isAsciiWord(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019;
}

/**
 * Tokens of the whole text. Tokens never span a sentence boundary (see SentenceBoundaries), so the tokens of a
 * sentence are those that start in it, the same as scanning the sentence alone.
 *
 * Two passes. The first finds the runs of letters with their keys and is branch-free: each character's offset
 * and the key so far are written at the next boundary slot, which only advances when the character's class
 * (letter or not) changes, so the CPU does not mispredict a branch at the start and end of every word. The second
 * looks the words up and reads the few characters between them (numbers, punctuation).
 */
/** Any character outside Latin-1 (a quick test: V8 knows a one-byte string has none). */
const NOT_LATIN1 = /[^\u0000-\u00ff]/;

export function scanTokens(text: string): SentimentTokens {
  const n = text.length;
  if (scratch.kind.length < n + 2 && n + 2 <= MAX_SCRATCH) {
    scratch = newTokens(n + 2);
    boundsScratch = new Int32Array(n + 2);
    keysScratch = new Float64Array(n + 2);
  }
  const small = scratch.kind.length >= n + 2;
  const tokens = small ? scratch : newTokens(n + 2);
  const bounds = small ? boundsScratch : new Int32Array(n + 2);
  const keys = small ? keysScratch : new Float64Array(n + 2);
  // Latin-1 text is read in its lowercase copy: a flat string, faster to read than the concatenation a story's
  // text often is, with the same offsets and the same classes (every Latin-1 letter lowercases to one letter)
  const src = NOT_LATIN1.test(text) ? text : text.toLowerCase();
  let k = 0;
  let prev = 0;
  let key = 0;
  for (let i = 0; i < n; i++) {
    const code = LETTER_CODE[src.charCodeAt(i)];
    const letter = (code + 31) >> 5;
    bounds[k] = i;
    keys[k] = key;
    k += letter ^ prev;
    prev = letter;
    key = nextKey(key, code) * letter;
  }
  bounds[k] = n;
  keys[k] = key;
  // letter run r is [bounds[2r], bounds[2r + 1]), its key keys[2r + 1]
  const runs = (k + prev) >> 1;

  const { kind, id, start, end } = tokens;
  let lowered = src === text ? undefined : src;
  let t = 0;
  let p = 0;
  for (let r = 0; ; ) {
    // runs a number has already taken in ("5 per cent")
    while (r < runs && bounds[2 * r + 1] <= p) r++;
    const wordStart = r < runs ? Math.max(bounds[2 * r], p) : n;
    // most words are apart by one space
    if (wordStart === p + 1 && src.charCodeAt(p) === 32) p = wordStart;
    while (p < wordStart) {
      const cls = UNIT_CLASS[src.charCodeAt(p)];
      if (cls === DIGIT || (cls === SIGN && p + 1 < n && isDigit(src.charCodeAt(p + 1)))) {
        p = numberToken(text, p, cls === SIGN, tokens, t++);
        continue;
      }
      if (cls >= 2 * COMMA) {
        kind[t] = cls >> 1;
        id[t] = 0;
        start[t] = p;
        end[t++] = p + 1;
      }
      p++;
    }
    if (p > wordStart) continue;
    if (r === runs) break;
    const wordEnd = bounds[2 * r + 1];
    if (wordStart === bounds[2 * r] && !(wordEnd + 1 < n && isApostrophe(src.charCodeAt(wordEnd)) && isLatinLetter(src.charCodeAt(wordEnd + 1)))) {
      kind[t] = WORD;
      id[t] = findWord(keys[2 * r + 1], src, wordStart, wordEnd);
      start[t] = wordStart;
      end[t++] = wordEnd;
      p = wordEnd;
    } else {
      // a word with an apostrophe, or the rest of a run after a number ("per centé")
      lowered ??= text.toLowerCase();
      tokens.count = t;
      p = wordAt(text, lowered, wordStart, tokens);
      t = tokens.count;
    }
  }
  tokens.count = t;
  return tokens;
}

/**
 * Scans the word starting at p character by character, as words with apostrophes need; pushes its tokens at
 * tokens.count and returns its end. `lowered` is the text lowercased.
 */
function wordAt(text: string, lowered: string, p: number, tokens: SentimentTokens): number {
  const n = text.length;
  let q = p + 1;
  while (q < n && isWordLetter(text.charCodeAt(q))) q++;
  let apostrophe = false;
  while (q + 1 < n && isApostrophe(text.charCodeAt(q)) && isLatinLetter(text.charCodeAt(q + 1))) {
    apostrophe = true;
    q += 2;
    while (q < n && isLatinLetter(text.charCodeAt(q))) q++;
  }
  // the whole text's lowercase has its offsets unless some character lowercases to several
  const lower = lowered.length === n ? lowered.slice(p, q) : text.slice(p, q).toLowerCase();
  tokens.count = apostrophe ? apostropheWord(lower, p, q, tokens, tokens.count) : pushWord(tokens, tokens.count, vocabularyId(lower), p, q);
  return q;
}

/**
 * Scans the number starting at p (at its sign when `signed`) into token t, a pct or num token; returns its end.
 * Its value is the one parseFloat gives (an integer of up to 15 digits over a power of ten is rounded once, as
 * parseFloat rounds).
 */
function numberToken(text: string, p: number, signed: boolean, tokens: SentimentTokens, t: number): number {
  const n = text.length;
  const numStart = signed ? p + 1 : p;
  let q = numStart;
  let mantissa = 0;
  let digits = 0;
  let scale = 1;
  for (; q < n; q++) {
    const c = text.charCodeAt(q);
    if (isDigit(c)) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c !== 44) break;
  }
  if (q + 1 < n && text.charCodeAt(q) === 46 && isDigit(text.charCodeAt(q + 1))) {
    for (q++; q < n && isDigit(text.charCodeAt(q)); q++) {
      mantissa = mantissa * 10 + (text.charCodeAt(q) - 48);
      digits++;
      scale *= 10;
    }
  }
  const magnitude = digits <= 15 ? mantissa / scale : parseFloat(text.slice(numStart, q).replace(/,/g, ''));
  // one space may stand before the percent; a line break ends the sentence, so nothing after it belongs here
  let pctEnd = -1;
  if (q < n && isSpace(text.charCodeAt(q))) {
    if (text.charCodeAt(q++) !== 10) pctEnd = percentEnd(text, q);
  } else pctEnd = percentEnd(text, q);
  if (pctEnd >= 0) q = pctEnd;
  // a hyphen glued to a word before it ("one-day", "Covid-19") is not a minus sign
  const prev = p > 0 ? text.charCodeAt(p - 1) : 32;
  const glued = (prev >= 48 && prev <= 57) || (prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122) || prev > 191;
  const explicit = signed && !glued;
  const sign = !explicit || text.charCodeAt(p) === 43 ? 1 : -1;
  tokens.kind[t] = pctEnd < 0 ? NUM : explicit ? SIGNED_PCT : PCT;
  tokens.id[t] = 0;
  tokens.start[t] = p;
  tokens.end[t] = q;
  tokens.value[t] = magnitude * sign;
  return q;
}

/** End of "%", "per cent", "percent" or "Per cent" (as written: case matters) starting at q, or -1. */
function percentEnd(text: string, q: number): number {
  const to = text.length;
  if (q >= to) return -1;
  const c = text.charCodeAt(q);
  if (c === 37) return q + 1;
  if ((c !== 80 && c !== 112) || q + 3 > to || !text.startsWith('er', q + 1)) return -1;
  let r = q + 3;
  if (r < to && text.charCodeAt(r) === 32) r++;
  if (r + 4 > to || !text.startsWith('cent', r)) return -1;
  r += 4;
  return r < to && isAsciiWord(text.charCodeAt(r)) ? -1 : r;
}

/**
 * Tokens t.. of a lowercased word with an apostrophe: "n't" becomes a separate "not", a possessive "'s" is
 * dropped. Returns the next free token index.
 */
function apostropheWord(lower: string, start: number, end: number, tokens: SentimentTokens, t: number): number {
  const word = lower.replace(/\u2019/g, "'");
  if (word.endsWith("n't")) {
    const stem = word === "can't" ? 'can' : word === "won't" ? 'will' : word.slice(0, -3);
    t = pushWord(tokens, t, vocabularyId(stem), start, end - 3);
    return pushWord(tokens, t, vocabularyId('not'), end - 3, end);
  }
  return pushWord(tokens, t, vocabularyId(word.endsWith("'s") ? word.slice(0, -2) : word), start, end);
}

function pushWord(tokens: SentimentTokens, t: number, id: number, start: number, end: number): number {
  tokens.kind[t] = WORD;
  tokens.id[t] = id;
  tokens.start[t] = start;
  tokens.end[t] = end;
  return t + 1;
}

/**
 * Sentence boundaries: the end of a run of . ! ? (with one closing quote or parenthesis) that whitespace and a
 * capital, digit or currency sign (after an optional opening quote) follow, or of a run of line breaks. The same
 * matches, in the same order, as /[.!?]+["'\u201d\u2019)]?(?=\s+["'\u201c\u2018(]?[\p{Lu}\d$€£])|\n+/gu, found with
 * indexOf, which skips the text between them far faster than a regex or a loop over its characters.
 */
export class SentenceBoundaries {
  /** Next position of each character the boundaries start with, at or after the last search; -1: not searched yet. */
  private dot = -1;
  private bang = -1;
  private question = -1;
  private newline = -1;

  constructor(private readonly text: string) {}

  /** End of the first boundary at or after `from` (which never goes back between calls), or the text's length. */
  endAfter(from: number): number {
    const text = this.text;
    const n = text.length;
    for (let i = from; ; ) {
      if (this.dot < i) this.dot = indexOrEnd(text, '.', i);
      if (this.bang < i) this.bang = indexOrEnd(text, '!', i);
      if (this.question < i) this.question = indexOrEnd(text, '?', i);
      if (this.newline < i) this.newline = indexOrEnd(text, '\n', i);
      const c = Math.min(this.dot, this.bang, this.question, this.newline);
      if (c === n) return n;
      let j = c + 1;
      if (c === this.newline) {
        while (j < n && text.charCodeAt(j) === 10) j++;
        return j;
      }
      while (j < n && isStop(text.charCodeAt(j))) j++;
      if (j < n && isCloser(text.charCodeAt(j)) && capitalFollows(text, j + 1)) return j + 1;
      if (capitalFollows(text, j)) return j;
      // the rest of the run fails the same way
      i = j;
    }
  }
}

function indexOrEnd(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i < 0 ? text.length : i;
}

/** True when text[from, to) is all whitespace (what trim() would leave empty). */
export function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

function isStop(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

/** " ' ” ’ ) */
function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41;
}

/** " ' “ ‘ ( */
function isOpener(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201c || c === 0x2018 || c === 40;
}

/** Whitespace at k, then after it (and an optional opening quote) a capital letter, a digit, $, € or £. */
function capitalFollows(text: string, k: number): boolean {
  const n = text.length;
  if (k >= n || !isSpace(text.charCodeAt(k))) return false;
  let m = k + 1;
  while (m < n && isSpace(text.charCodeAt(m))) m++;
  if (m < n && isOpener(text.charCodeAt(m))) m++;
  if (m >= n) return false;
  const c = text.codePointAt(m)!;
  return isDigit(c) || c === 36 || c === 0x20ac || c === 0xa3 || isUppercase(c);
}

/** 0 = not yet known, 1 = \p{Lu}, 2 = not; filled lazily for the BMP outside ASCII. */
const uppercaseCache = new Uint8Array(0x10000);
const UPPERCASE_RE = /\p{Lu}/u;

function isUppercase(c: number): boolean {
  if (c < 128) return c >= 65 && c <= 90;
  if (c > 0xffff) return UPPERCASE_RE.test(String.fromCodePoint(c));
  if (uppercaseCache[c] === 0) uppercaseCache[c] = UPPERCASE_RE.test(String.fromCharCode(c)) ? 1 : 2;
  return uppercaseCache[c] === 1;
}
