/**
 * Text helpers for event clustering: tokenising, light stemming and a fixed background weighting that stands
 * in for document frequencies, so features depend on the story alone (pure and identical on every replica).
 */

/** Function words carry no information about which event a story tells. */
const STOPWORDS = new Set(
  ('a an the and or but nor of to in on at by for from with without into onto over under about above below after ' +
    'before during since until as than then that this these those there here it its it\'s is are was were be been ' +
    'being am do does did done doing have has had having will would shall should can could may might must not no yes ' +
    'so if else when while where which who whom whose what why how all any both each few more most other some such ' +
    'only own same too very just also again further once he she they we you i me him her them us our your their his ' +
    'my mine ours yours theirs itself themselves himself herself up down out off per via amid among against between ' +
    'through toward towards upon within across along around behind beyond near s t one two three four five six seven ' +
    'eight nine ten').split(' '),
);

/**
 * Words common to almost every market or AI news story: they say little about which event a story belongs to,
 * so they count at a fraction of a normal word (the stand-in for a low inverse document frequency).
 */
const COMMON = new Set(
  ('say said says saying tell told report reported reports reporting according news new week weeks day days today ' +
    'yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday morning afternoon evening night ' +
    'year years month months time times hour hours percent per cent billion million trillion thousand bn mn tn ' +
    'company companies firm firms group business share shares stock stocks market markets investor investors analyst ' +
    'analysts trader traders trading trade price prices value ai artificial intelligence tech technology ' +
    'technologies industry sector global world big large major largest biggest first last latest make made makes ' +
    'take took taken get got go going went come came people like could want way well even still now back much many ' +
    'lot part since expect expected move moved moves amid seen see sees look looks looked while including include ' +
    'inc corp ltd plc co chief executive ceo officials official statement announced announce announces announcement ' +
    'according accord us u.s usa american america 2024 2025 2026 jan feb mar apr jun jul aug sep oct nov dec').split(' '),
);
const COMMON_WEIGHT = 0.3;

export interface Token {
  /** Lowercased, possessive removed, stemmed and mapped to its concept. */
  stem: string;
  /** Written with an initial capital where a capital is not forced by position. */
  name: boolean;
}

/**
 * Splits text into content tokens (stop words dropped). `namesReliable` is false for Title Case headlines,
 * where a capital does not mark a proper name.
 */
export function contentTokens(text: string, namesReliable: boolean): Token[] {
  const { terms, names, count } = scanContentTokens(text, namesReliable);
  return terms.slice(0, count).map((term, k) => ({ stem: term.stem, name: names[k] }));
}

/**
 * The term of a content word: one object per stem until `trimTerms` forgets them, so a caller can keep what it
 * knows of a stem on the object itself instead of looking the stem up.
 */
export interface Term {
  readonly stem: string;
  readonly background: number;
  /** Free for the caller: eventFeatures marks with them the story being built. */
  story: number;
  slot: number;
  skipped: number;
}

/** Content tokens found by scanContentTokens: token k is terms[k], names[k], for k below count. */
export interface ScannedTokens {
  terms: Term[];
  names: boolean[];
  count: number;
}

/** Reused across calls (scanning is synchronous): no token object per word. */
const scanned: ScannedTokens = { terms: [], names: [], count: 0 };

/**
 * The content tokens of the text, as contentTokens lists them, without a token object or a regex match per word;
 * only valid until the next call. A word is a run of letters and digits (\p{L}, \p{N}, by code point), and further
 * runs each joined to it by one dot or apostrophe (' or ’): "u.s", "it's". The terms are memoised until
 * `trimTerms` (a caller scanning text after text calls it between them).
 */
export function scanContentTokens(text: string, namesReliable: boolean): ScannedTokens {
  const { terms, names } = scanned;
  let count = 0;
  const n = text.length;
  let last = 0;
  let i = 0;
  while (i < n) {
    let length = wordCharLength(text, i);
    if (length === 0) {
      i++;
      continue;
    }
    const start = i;
    for (;;) {
      while (length > 0) {
        i += length;
        length = wordCharLength(text, i);
      }
      const joiner = text.charCodeAt(i);
      if (joiner !== DOT && joiner !== APOSTROPHE && joiner !== RIGHT_QUOTE) break;
      length = wordCharLength(text, i + 1);
      if (length === 0) break;
      i++;
    }
    const atStart = last === 0 || endsSentence(text, last, start);
    last = i;
    const term = termOfSpan(text, start, i);
    if (term === null) continue;
    const first = text.charCodeAt(start);
    terms[count] = term;
    names[count] = namesReliable && first >= 65 && first <= 90 && !atStart;
    count++;
  }
  scanned.count = count;
  return scanned;
}

const DOT = 46;
const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit: 0 not yet tested, 1 a letter or digit, 2 not. */
const bmpWordChars = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) bmpWordChars[c] = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;

/** Code units of the letter or digit starting at i (2 for one outside the BMP), else 0, also past the end. */
function wordCharLength(text: string, i: number): number {
  if (i >= text.length) return 0;
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdfff) {
    // a pair is one code point, as for the u flag; a lone surrogate is no letter
    const point = text.codePointAt(i) as number;
    return point > 0xffff && WORD_CHAR.test(String.fromCodePoint(point)) ? 2 : 0;
  }
  let known = bmpWordChars[code];
  if (known === 0) {
    known = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    bmpWordChars[code] = known;
  }
  return known === 1 ? 1 : 0;
}

/** Whether the gap between two words holds a sentence end (. ! ? or :). */
function endsSentence(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 46 || ch === 33 || ch === 63 || ch === 58) return true;
  }
  return false;
}

/** The memos of terms below are cleared by `trimTerms` only: a stem keeps its Term from one call to the next. */
const normalised = new Map<string, Term | null>();
const written = new Map<string, Term | null>();
const termsByStem = new Map<string, Term>();
const MAX_MEMO = 50_000;

/**
 * Forgets the memoised terms when they are many; true when it did (Terms handed out before are then stale).
 * Called between stories only: within one, each stem keeps its one Term.
 */
export function trimTerms(): boolean {
  if (normalised.size < MAX_MEMO && written.size < MAX_MEMO && shortTerms.size < MAX_MEMO) return false;
  normalised.clear();
  written.clear();
  shortTerms.clear();
  termsByStem.clear();
  return true;
}

/**
 * The term of text[start, end): words of up to five ASCII letters and digits (most words: "the", "said", "chip")
 * are looked up by a number packed from their lowercase characters, without cutting out a string.
 */
function termOfSpan(text: string, start: number, end: number): Term | null {
  if (end - start > 5) return termOfWritten(text.slice(start, end));
  let key = 0;
  for (let i = start; i < end; i++) {
    const symbol = SYMBOL[text.charCodeAt(i)] ?? 0;
    if (symbol === 0) return termOfWritten(text.slice(start, end));
    key = key * 64 + symbol;
  }
  const known = shortTerms.get(key);
  if (known !== undefined) return known;
  const term = normalise(text.slice(start, end).toLowerCase());
  shortTerms.set(key, term);
  return term;
}

/** 1 to 36 for the ASCII letters (either case: one symbol per lowercase letter) and digits, 0 for the rest. */
const SYMBOL = new Uint8Array(128);
for (let c = 0; c < 26; c++) SYMBOL[97 + c] = SYMBOL[65 + c] = 1 + c;
for (let c = 0; c < 10; c++) SYMBOL[48 + c] = 27 + c;
const shortTerms = new Map<number, Term | null>();

/** normalise(word.toLowerCase()), memoised by the word as written: most words repeat in the same case. */
function termOfWritten(word: string): Term | null {
  const known = written.get(word);
  if (known !== undefined) return known;
  const term = normalise(word.toLowerCase());
  written.set(word, term);
  return term;
}

/**
 * Lowercase word -> its term (possessive dropped, stemmed, concept applied), or null for a stop word or a
 * single character. Memoised: news vocabulary repeats, and the mapping is a pure function of the word.
 */
function normalise(lower: string): Term | null {
  const known = normalised.get(lower);
  if (known !== undefined) return known;
  let word = lower.replace(/’/g, "'");
  if (word.endsWith("'s")) word = word.slice(0, -2);
  const stemmed = STOPWORDS.has(word) || word.length < 2 ? null : /^\d/.test(word) ? word : conceptOf(stem(word));
  const term = stemmed === null ? null : termOf(stemmed);
  normalised.set(lower, term);
  return term;
}

/** The one Term of a stem (words that stem alike share it). */
function termOf(stemmed: string): Term {
  let term = termsByStem.get(stemmed);
  if (term === undefined) {
    term = { stem: stemmed, background: backgroundWeight(stemmed), story: 0, slot: 0, skipped: 0 };
    termsByStem.set(stemmed, term);
  }
  return term;
}

/**
 * Small concept classes for the words outlets swap when they retell the same news ("sinks", "tumbles",
 * "sheds"; "chipmakers", "semiconductor makers"). Each word maps to the first word of its class.
 */
const CONCEPTS: string[][] = [
  ['fall', 'fell', 'falling', 'drop', 'sink', 'sank', 'sunk', 'slide', 'slid', 'tumble', 'plunge', 'plummet', 'slump',
    'shed', 'lose', 'lost', 'loss', 'decline', 'skid', 'tank', 'crater', 'dive', 'wipe', 'wipeout', 'erase', 'rout',
    'selloff', 'knock', 'hit', 'dump'],
  ['rise', 'rose', 'risen', 'jump', 'climb', 'gain', 'rally', 'surge', 'soar', 'rebound', 'bounce', 'recover', 'advance',
    'leap', 'claw', 'regain'],
  ['chip', 'chipmaker', 'semiconductor', 'processor', 'gpu'],
  ['cheap', 'inexpensive', 'frugal', 'affordable', 'fraction', 'sliver', 'budget', 'modest'],
  ['beat', 'top', 'exceed', 'surpass', 'outperform', 'ahead'],
  ['miss', 'disappoint', 'short', 'weaker', 'slower'],
  ['ban', 'block', 'bar', 'prohibit', 'restrict', 'restriction', 'curb', 'limit', 'limitation'],
  ['order', 'booking'],
  ['forecast', 'guidance', 'outlook'],
  ['launch', 'release', 'unveil', 'introduce', 'debut', 'roll'],
  ['app', 'assistant', 'chatbot'],
  ['download', 'install'],
  ['spend', 'spending', 'capex', 'expenditure', 'invest', 'investment'],
  ['center', 'centre'],
  ['regulator', 'watchdog', 'authority'],
  ['revenue', 'sale'],
  ['quarter', 'quarterly'],
  ['record', 'historic'],
  ['startup', 'upstart', 'lab'],
  ['china', 'chinese', 'beijing'],
];
const CONCEPT_OF = new Map<string, string>();
for (const [head, ...words] of CONCEPTS) for (const w of [head, ...words]) CONCEPT_OF.set(stem(w), stem(head));

function conceptOf(stemmed: string): string {
  return CONCEPT_OF.get(stemmed) ?? stemmed;
}

const COMMON_STEMS = new Set([...COMMON].map((w) => (/^\d/.test(w) ? w : stem(w))));

/** True when most longer words of a headline are capitalised ("Nvidia Shares Plunge As ..."). */
export function isTitleCase(title: string): boolean {
  const words = title.match(/\b[\p{L}]{4,}\b/gu) ?? [];
  if (words.length < 3) return false;
  const capitalised = words.filter((w) => w[0] !== w[0].toLowerCase()).length;
  return capitalised / words.length >= 0.6;
}

/** Background weight of a stem: low for words every story uses. */
export function backgroundWeight(stemmed: string): number {
  return COMMON_STEMS.has(stemmed) ? COMMON_WEIGHT : 1;
}

/**
 * Light suffix stripping so paraphrases meet: "plunged"/"plunges"/"plunging" -> "plung", "chips" -> "chip",
 * "rallies" -> "rally". Deliberately conservative: a wrong merge costs more than a missed one.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = undouble(w.slice(0, -3));
  else if (w.length > 4 && w.endsWith('ied')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('ed')) w = undouble(w.slice(0, -2));
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** "dropp" -> "drop", "stopp" -> "stop"; keeps "sell", "pass", "buzz". */
function undouble(w: string): string {
  const n = w.length;
  if (n > 3 && w[n - 1] === w[n - 2] && !'lsz'.includes(w[n - 1])) return w.slice(0, -1);
  return w;
}
