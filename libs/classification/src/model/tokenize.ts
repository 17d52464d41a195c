/** How story text becomes terms. Stored in the model so prediction tokenises exactly as training did. */
export interface TokenizerSettings {
  /** Drop common English function words before forming bigrams. */
  stopWords: boolean;
  /** Replace every run of digits by "0": "$5.6bn" and "$593bn" share the term "0bn"; years and prices stop being rare terms. */
  normaliseNumbers: boolean;
}

export const DEFAULT_TOKENIZER: TokenizerSettings = { stopWords: false, normaliseNumbers: true };

const DIGITS = /\p{N}+(?:[.,]\p{N}+)*/gu;
const LETTER_CHAR = /^\p{L}$/u;
const DIGIT_CHAR = /^\p{N}$/u;
const TAG = /<[^>]*>/g;

// prettier-ignore
export const STOP_WORD_LIST = [
  'a', 'about', 'after', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'before', 'being',
  'between', 'both', 'but', 'by', 'can', 'could', 'did', 'do', 'does', 'during', 'each', 'for', 'from', 'had', 'has',
  'have', 'having', 'he', 'her', 'here', 'hers', 'him', 'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its',
  'itself', 'just', 'me', 'more', 'most', 'my', 'no', 'nor', 'not', 'of', 'on', 'once', 'only', 'or', 'other', 'our',
  'ours', 'out', 'over', 'own', 'said', 'same', 'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their',
  'them', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up', 'very',
  'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you',
  'your',
];
const STOP_WORDS = new Set(STOP_WORD_LIST);

/** NFKC, lowercase, HTML tags dropped (feeds carry markup): the text every scan runs over. */
export function cleanText(text: string): string {
  const clean = text.normalize('NFKC').toLowerCase();
  return clean.includes('<') ? clean.replace(TAG, ' ') : clean;
}

/**
 * The UTF-16 code units of a cleaned text (indices match the string's). Scanning a typed array is several times
 * faster than charCodeAt once V8 has seen strings of both internal representations, as it has after training.
 */
export function codeUnits(clean: string): Uint16Array {
  const units = new Uint16Array(clean.length);
  for (let i = 0; i < clean.length; i++) units[i] = clean.charCodeAt(i);
  return units;
}

/** Token spans found by scanTokens: span k is data[3k] (start), data[3k + 1] (end), data[3k + 2] (SPAN_* flags). */
export interface TokenSpans {
  data: Int32Array;
  count: number;
}

export const SPAN_HAS_DIGIT = 1;
/** The span is a dotted acronym whose dots are dropped ("u.s." → "us"). */
export const SPAN_ACRONYM = 2;

/** Reused across calls (scanning is synchronous): scoring a story then allocates nothing per token. */
let spanBuffer = new Int32Array(3 * 1024);

/**
 * Finds the tokens of a cleaned text: runs of letters and digits, where "." or "," between two digits stays inside
 * the token ("5.6", "1,000") and dotted acronyms ("u.s.") are one token. A hand-written scanner shared by
 * tokenize() and the allocation-free scorer in token-hashes.ts, so both see exactly the same tokens. The result is only
 * valid until the next call.
 */
export function scanTokens(units: Uint16Array): TokenSpans {
  const n = units.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    const kind = kindAt(units, i);
    if (kind === OTHER) {
      i++;
      continue;
    }
    const start = i;
    let flags = 0;
    const acronymEnd = kind === LETTER && units[i + 1] === DOT ? dottedAcronymEnd(units, i) : i;
    if (acronymEnd > i) {
      i = acronymEnd;
      flags = SPAN_ACRONYM;
    } else {
      let lastWasDigit = false;
      while (i < n) {
        const next = kindAt(units, i);
        if (next !== OTHER) {
          lastWasDigit = next === DIGIT;
          if (lastWasDigit) flags = SPAN_HAS_DIGIT;
          i += units[i] < 0xd800 ? 1 : charLength(units, i);
          continue;
        }
        const code = units[i];
        if (!lastWasDigit || (code !== DOT && code !== COMMA) || kindAt(units, i + 1) !== DIGIT) break;
        i++;
      }
    }
    if (3 * count + 3 > spanBuffer.length) {
      const grown = new Int32Array(spanBuffer.length * 2);
      grown.set(spanBuffer);
      spanBuffer = grown;
    }
    spanBuffer[3 * count] = start;
    spanBuffer[3 * count + 1] = i;
    spanBuffer[3 * count + 2] = flags;
    count++;
  }
  return { data: spanBuffer, count };
}

/** Single letters carry no topic (mostly the "s" of possessives); numbers always count. */
export function isTooShort(start: number, end: number, flags: number): boolean {
  return end - start < 2 && !(flags & SPAN_HAS_DIGIT);
}

/** Lowercase tokens of one field (see scanTokens), with numbers normalised and stop words dropped if asked. */
export function tokenize(text: string, settings: TokenizerSettings): string[] {
  const clean = cleanText(text);
  const { data, count } = scanTokens(codeUnits(clean));
  const tokens: string[] = [];
  for (let k = 0; k < 3 * count; k += 3) {
    const start = data[k];
    const end = data[k + 1];
    const flags = data[k + 2];
    if (isTooShort(start, end, flags)) continue;
    let token = clean.slice(start, end);
    if (flags & SPAN_ACRONYM) token = token.replace(/\./g, '');
    if (settings.normaliseNumbers && flags & SPAN_HAS_DIGIT) token = token.replace(DIGITS, '0');
    if (!settings.stopWords || !STOP_WORDS.has(token)) tokens.push(token);
  }
  return tokens;
}

/** End of a dotted acronym ("u.s.", "e.u.") starting at i, or i when there is none: at least two letter-dot pairs. */
function dottedAcronymEnd(units: Uint16Array, i: number): number {
  let end = i;
  let pairs = 0;
  while (kindAt(units, end) === LETTER && units[end + 1] === DOT) {
    end += 2;
    pairs++;
  }
  return pairs >= 2 ? end : i;
}

const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;
const DOT = 46;
const COMMA = 44;
/** Kind of each ASCII code unit, so the common case needs no regex. Input is already lowercase. */
const ASCII_KIND = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII_KIND[c] = LETTER;
for (let c = 48; c <= 57; c++) ASCII_KIND[c] = DIGIT;

/** OTHER, LETTER or DIGIT for the character starting at i (OTHER past either end: the typed array gives undefined). */
function kindAt(units: Uint16Array, i: number): number {
  const code = units[i];
  return code < 128 ? ASCII_KIND[code] : code >= 128 ? unicodeKind(units, i) : OTHER;
}

/** Kept out of kindAt so the hot ASCII path stays small enough to inline. */
function unicodeKind(units: Uint16Array, i: number): number {
  const code = codePointAt(units, i);
  if (code > 0xffff) return kindOfCodePoint(code);
  // 1 + the kind of each BMP code point once tested: curly quotes and dashes would otherwise cost two regexes each
  let known = unicodeKinds[code];
  if (known === 0) {
    known = 1 + kindOfCodePoint(code);
    unicodeKinds[code] = known;
  }
  return known - 1;
}

const unicodeKinds = new Uint8Array(0x10000);

function kindOfCodePoint(code: number): number {
  const char = String.fromCodePoint(code);
  return DIGIT_CHAR.test(char) ? DIGIT : LETTER_CHAR.test(char) ? LETTER : OTHER;
}

/** Like String.prototype.codePointAt: a surrogate pair gives its code point, a lone surrogate itself. */
function codePointAt(units: Uint16Array, i: number): number {
  const high = units[i];
  if (high >= 0xd800 && high <= 0xdbff && i + 1 < units.length) {
    const low = units[i + 1];
    if (low >= 0xdc00 && low <= 0xdfff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return high;
}

export function isDigitAt(units: Uint16Array, i: number): boolean {
  return kindAt(units, i) === DIGIT;
}

/** 2 for a character outside the Basic Multilingual Plane (a surrogate pair), else 1. */
export function charLength(units: Uint16Array, i: number): number {
  return codePointAt(units, i) > 0xffff ? 2 : 1;
}

/** Unigrams then, if asked, adjacent-pair bigrams (joined by one space) of one field; bigrams never cross fields. */
export function fieldTerms(tokens: string[], bigrams: boolean): string[] {
  const terms = tokens.slice();
  if (bigrams) for (let i = 1; i < tokens.length; i++) terms.push(`${tokens[i - 1]} ${tokens[i]}`);
  return terms;
}

/**
 * Whether a term reads sensibly as evidence: not a lone function word ("in") or a bare number, and with normalised
 * numbers nothing containing a digit, since "r0" or "0bn" would puzzle a reader who saw "R1" and "$593bn".
 */
export function isReadableTerm(term: string, settings: TokenizerSettings): boolean {
  return !STOP_WORDS.has(term) && /\p{L}/u.test(term) && !(settings.normaliseNumbers && /\p{N}/u.test(term));
}
