import { Interner } from './tokens';
import {
  COMPARATORS,
  CONCESSIVE,
  CONTRAST_AFTER,
  DIRECTION_BEFORE_NOUN,
  DIRECTIONS,
  INTENSIFIERS,
  LEXICON,
  METRICS,
  NEGATORS,
  PHRASE_LENGTHS,
  REVERSERS,
  UP_DOWN_BEFORE,
} from './lexicon';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** score is in -1..1 (rounded to 2 decimals); evidence holds the scored spans as written, strongest first (at most 8). */
export interface Sentiment {
  score: number;
  label: SentimentLabel;
  evidence: string[];
}

/** A character range in the text, e.g. one mention of a company. */
export interface TextSpan {
  index: number;
  length: number;
}

export interface SentenceSentiment extends Sentiment {
  start: number;
  end: number;
  /** Unnormalised sum of term weights; sentences add up on this scale. */
  raw: number;
}

/**
 * Labels: score >= POSITIVE_THRESHOLD is positive, score <= NEGATIVE_THRESHOLD is negative. Chosen on
 * libs/classification/dev/sentiment.jsonl (see sentiment.spec.ts).
 */
export const POSITIVE_THRESHOLD = 0.2;
export const NEGATIVE_THRESHOLD = -0.2;
/** score = raw / sqrt(raw^2 + ALPHA): one strong word (weight 2.5) scores about 0.7. */
const ALPHA = 6;
const NEGATION_WINDOW = 4;
const NEGATION_FACTOR = -0.75;
const REVERSER_WINDOW = 6;
const CONTRAST_BEFORE_WEIGHT = 0.5;
const CONTRAST_AFTER_WEIGHT = 1.5;
const CONCESSIVE_WEIGHT = 0.4;
const MAX_EVIDENCE = 8;

type TokenKind = 'word' | 'pct' | 'num' | 'punct';
interface Token {
  kind: TokenKind;
  norm: string;
  start: number;
  end: number;
  /** Signed value for pct and num tokens (0 otherwise); explicit says whether a + or - sign was written. */
  value: number;
  explicit: boolean;
  /** What the lexicon knows about a word; undefined for most words. Every token has all fields (one shape). */
  info: WordInfo | undefined;
}

/**
 * Maps, not the exported object literals, for lookups by arbitrary words: a plain object would answer
 * "constructor" or "valueOf" with an inherited function and turn the score into NaN.
 */
const INTENSIFIER_MAP: ReadonlyMap<string, number> = new Map(Object.entries(INTENSIFIERS));
const REVERSER_MAP: ReadonlyMap<string, -1 | 0 | 1> = new Map(Object.entries(REVERSERS));
/** Second words of two-word reversers ("gave up", "cut its"): only these need the pair looked up. */
const REVERSER_PAIR_ENDS: ReadonlySet<string> = new Set(
  [...REVERSER_MAP.keys()].map((k) => k.split(' ')).filter((w) => w.length === 2).map((w) => w[1]),
);

/** One lookup per word instead of one per list: the phrases it starts and the clause markers it is. */
interface WordInfo {
  /** Longest lexicon phrase starting with the word, in tokens (0: none). */
  phrase: number;
  contrast: boolean;
  concessive: boolean;
  /** +1/-1 for a reported quantity (METRICS), 0 otherwise. */
  metric: number;
  /** +1/-1 for a word of movement (DIRECTIONS), 0 otherwise. */
  direction: number;
  /** The direction word usually stands before its quantity ("rising costs"). */
  beforeNoun: boolean;
  /** "versus", "compared", ... (COMPARATORS). */
  comparator: boolean;
}

const WORD_INFO: ReadonlyMap<string, WordInfo> = (() => {
  const map = new Map<string, WordInfo>();
  const entry = (word: string) => {
    let info = map.get(word);
    if (!info) map.set(word, (info = { phrase: 0, contrast: false, concessive: false, metric: 0, direction: 0, beforeNoun: false, comparator: false }));
    return info;
  };
  for (const [word, n] of PHRASE_LENGTHS) entry(word).phrase = n;
  for (const word of CONTRAST_AFTER) entry(word).contrast = true;
  for (const word of CONCESSIVE) entry(word).concessive = true;
  for (const [word, sign] of Object.entries(METRICS)) entry(word).metric = sign;
  for (const [word, sign] of Object.entries(DIRECTIONS)) entry(word).direction = sign;
  for (const word of DIRECTION_BEFORE_NOUN) entry(word).beforeNoun = true;
  for (const word of COMPARATORS) entry(word).comparator = true;
  return map;
})();
/**
 * Every word any list here can match (lexicon phrases, clause markers, negators, intensifiers, reversers,
 * up/down), with its WordInfo. A word not among them is given the norm UNKNOWN_WORD instead of its own
 * lowercase copy: no list contains '', so it matches nothing, exactly like the word would.
 */
const VOCABULARY = (() => {
  const vocabulary = new Interner<WordInfo | undefined>();
  const phrases = [...LEXICON.keys(), ...CONTRAST_AFTER, ...CONCESSIVE, ...NEGATORS, ...INTENSIFIER_MAP.keys(), ...REVERSER_MAP.keys(), ...Object.keys(METRICS), ...Object.keys(DIRECTIONS), ...COMPARATORS, ...UP_DOWN_BEFORE, 'in', 'of'];
  for (const phrase of phrases) for (const word of phrase.split(' ')) if (word) vocabulary.add(word, WORD_INFO.get(word));
  return vocabulary;
})();
const UNKNOWN_WORD = '';
/**
 * The token of every (apostrophe-free) word outside VOCABULARY, shared: such a word only holds a place (it
 * matches no list, and scoring reads its kind, norm and info, never its offsets, which evidence takes from
 * matched words only), so one object serves them all instead of one allocation per word. Never modified.
 */
const UNKNOWN_TOKEN: Token = { kind: 'word', norm: UNKNOWN_WORD, start: -1, end: -1, value: 0, explicit: false, info: undefined };

function wordInfo(word: string): WordInfo | undefined {
  return VOCABULARY.get(word)?.payload;
}

interface Term {
  first: number;
  last: number;
  weight: number;
  from: number;
  to: number;
}

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

/** JavaScript's \s. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 ||
    c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** ASCII word character, as \b sees it. */
function isAsciiWord(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** , ; : ( ) – — */
function isPunct(c: number): boolean {
  return c === 44 || c === 59 || c === 58 || c === 40 || c === 41 || c === 0x2013 || c === 0x2014;
}

/** End of "%", "per cent", "percent" or "Per cent" starting at q (before `to`), or -1. */
function percentEnd(text: string, q: number, to: number): number {
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
 * Tokens of text[from, to): numbers with an optional sign, a decimal part, one optional space and a percent
 * sign or "per cent"; words (letters, with apostrophe parts as in "don't"); and clause punctuation. A
 * hand-written scanner (the former regex cost more than everything else in sentiment scoring).
 */
function tokenize(text: string, from: number, to: number, lowered: string): Token[] {
  const tokens: Token[] = [];
  const sameCase = lowered.length === text.length;
  let p = from;
  while (p < to) {
    const c = text.charCodeAt(p);
    const signed = (c === 43 || c === 45 || c === 0x2212) && p + 1 < to && isDigit(text.charCodeAt(p + 1));
    if (signed || isDigit(c)) {
      p = numberToken(text, p, signed, from, to, tokens);
      continue;
    }
    if (isWordLetter(c)) {
      let q = p + 1;
      while (q < to && isWordLetter(text.charCodeAt(q))) q++;
      let apostrophe = false;
      while (q + 1 < to && (text.charCodeAt(q) === 39 || text.charCodeAt(q) === 0x2019) && isLatinLetter(text.charCodeAt(q + 1))) {
        apostrophe = true;
        q += 2;
        while (q < to && isLatinLetter(text.charCodeAt(q))) q++;
      }
      if (!apostrophe && sameCase) {
        const known = VOCABULARY.find(lowered, p, q);
        tokens.push(known === null ? UNKNOWN_TOKEN : { kind: 'word', norm: known.word, start: p, end: q, value: 0, explicit: false, info: known.payload });
      } else {
        wordTokens(sameCase ? lowered.slice(p, q) : text.slice(p, q).toLowerCase(), p, q, apostrophe, tokens);
      }
      p = q;
      continue;
    }
    if (isPunct(c)) tokens.push({ kind: 'punct', norm: text[p], start: p, end: p + 1, value: 0, explicit: false, info: undefined });
    p++;
  }
  return tokens;
}

/** Scans the number starting at p (at its sign when `signed`), pushes a pct or num token, returns its end. */
function numberToken(text: string, p: number, signed: boolean, from: number, to: number, tokens: Token[]): number {
  const numStart = signed ? p + 1 : p;
  let q = numStart + 1;
  while (q < to && (isDigit(text.charCodeAt(q)) || text.charCodeAt(q) === 44)) q++;
  if (q + 1 < to && text.charCodeAt(q) === 46 && isDigit(text.charCodeAt(q + 1))) {
    q += 2;
    while (q < to && isDigit(text.charCodeAt(q))) q++;
  }
  const digits = text.slice(numStart, q);
  if (q < to && isSpace(text.charCodeAt(q))) q++;
  const pctEnd = percentEnd(text, q, to);
  if (pctEnd >= 0) q = pctEnd;
  // a hyphen glued to a word before it ("one-day", "Covid-19") is not a minus sign
  const prev = p > from ? text.charCodeAt(p - 1) : 32;
  const glued = (prev >= 48 && prev <= 57) || (prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122) || prev > 191;
  const explicit = signed && !glued;
  const sign = !explicit || text.charCodeAt(p) === 43 ? 1 : -1;
  const value = parseFloat(digits.replace(/,/g, '')) * sign;
  tokens.push({ kind: pctEnd >= 0 ? 'pct' : 'num', norm: text.slice(p, q), start: p, end: q, value, explicit, info: undefined });
  return q;
}

/** Pushes a lowercased word: "n't" becomes a separate "not", a possessive "'s" is dropped. */
function wordTokens(lower: string, start: number, end: number, apostrophe: boolean, tokens: Token[]): void {
  let word = lower;
  if (apostrophe) {
    word = word.replace(/\u2019/g, "'");
    if (word.endsWith("n't")) {
      const stem = word === "can't" ? 'can' : word === "won't" ? 'will' : word.slice(0, -3);
      tokens.push({ kind: 'word', norm: stem, start, end: end - 3, value: 0, explicit: false, info: wordInfo(stem) });
      tokens.push({ kind: 'word', norm: 'not', start: end - 3, end, value: 0, explicit: false, info: wordInfo('not') });
      return;
    }
    if (word.endsWith("'s")) word = word.slice(0, -2);
  }
  tokens.push({ kind: 'word', norm: word, start, end, value: 0, explicit: false, info: wordInfo(word) });
}


/** Splits text into sentences: at . ! ? followed by space and a capital/digit/quote, and at line breaks. */
export function splitSentences(text: string): { start: number; end: number }[] {
  return [...sentenceSpans(text)];
}

/**
 * The sentences of `splitSentences` one by one, so a caller that needs the first few (the lead) does not run
 * the split over a whole article.
 */
export function* sentenceSpans(text: string): Generator<{ start: number; end: number }> {
  const re = /[.!?]+["'\u201d\u2019)]?(?=\s+["'\u201c\u2018(]?[\p{Lu}\d$€£])|\n+/gu;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length;
    if (text.slice(start, end).trim()) yield { start, end };
    start = end;
  }
  if (text.slice(start).trim()) yield { start, end: text.length };
}

/** How far back from a direction word its quantity may be ("operating profit excluding one-offs was 5.1, down"). */
const METRIC_BEFORE = 12;
/** How far ahead ("lowered its full-year outlook", "less debt"). */
const METRIC_AFTER = 4;
/** Weight of a quantity's move when the direction word is weaker than this on its own ("increased", "more"). */
const METRIC_MOVE_WEIGHT = 1.5;

/**
 * Moves of reported quantities: each direction word paired with its quantity, the nearest one before it in its
 * clause (commas allowed) or just after it (words like "rising" and "lower" look after first); weight =
 * direction × what more of it means × the verb's own strength (at least METRIC_MOVE_WEIGHT), negated when a
 * negator sits between them ("sales did not increase") and scaled by an intensifier between them. A quantity with no direction word but two figures around
 * a comparator moves by their order ("EPS was 0.42 versus 0.31"). Returns the terms by first token; they never
 * overlap.
 */
function metricMoves(tokens: Token[]): (Term | undefined)[] | null {
  let moves: (Term | undefined)[] | null = null;
  let free = 0;
  let sawDirection = false;
  for (let d = 0; d < tokens.length; d++) {
    const info = tokens[d].info;
    if (info === undefined || info.direction === 0) continue;
    sawDirection = true;
    if ((tokens[d].norm === 'up' || tokens[d].norm === 'down') && !beforeUpDown(tokens[d + 1])) continue;
    // "more", "less", "fewer" only qualify what follows ("less debt"; not "costs ..., much more affordable")
    const m = DETERMINERS.has(tokens[d].norm)
      ? metricAfter(tokens, d, free)
      : info.beforeNoun
        ? metricAfter(tokens, d, free) ?? metricBefore(tokens, d, free)
        : metricBefore(tokens, d, free) ?? metricAfter(tokens, d, free);
    if (m === undefined) {
      // "a rise in steel prices": the move of something that is not a company's quantity says nothing by itself
      if (isNoun(tokens[d].norm) && (tokens[d + 1]?.norm === 'in' || tokens[d + 1]?.norm === 'of')) {
        moves ??= new Array<Term | undefined>(tokens.length);
        free = addMove(tokens, moves, d, d, 0);
      }
      continue;
    }
    const strength = Math.max(METRIC_MOVE_WEIGHT, Math.abs(LEXICON.get(tokens[d].norm) ?? 0));
    moves ??= new Array<Term | undefined>(tokens.length);
    free = addMove(tokens, moves, m, d, info.direction * tokens[m].info!.metric * strength);
    d = free - 1;
  }
  if (!sawDirection) {
    const c = tokens.findIndex((t) => t.info?.comparator);
    const m = c > 0 ? metricBefore(tokens, c, 0) : undefined;
    const before = m === undefined ? undefined : lastNumber(tokens, m, c);
    const after = before === undefined ? undefined : tokens.slice(c + 1, c + 5).find((t) => t.kind === 'num');
    if (m !== undefined && before !== undefined && after !== undefined && before.value !== after.value) {
      moves = new Array<Term | undefined>(tokens.length);
      addMove(tokens, moves, m, c, Math.sign(before.value - after.value) * tokens[m].info!.metric * METRIC_MOVE_WEIGHT);
    }
  }
  return moves;
}

/** Records the move of the quantity at m told by the word at d; returns the first token after it. */
function addMove(tokens: Token[], moves: (Term | undefined)[], m: number, d: number, weight: number): number {
  const first = Math.min(m, d);
  const last = Math.max(m, d);
  let intensified = false;
  for (let k = first + 1; k < last; k++) {
    if (tokens[k].kind !== 'word') continue;
    if (NEGATORS.has(tokens[k].norm)) weight *= NEGATION_FACTOR;
    // one intensifier between them counts as before the term would ("shares sharply fell")
    const factor = intensified ? undefined : INTENSIFIER_MAP.get(tokens[k].norm);
    if (factor !== undefined) {
      weight *= factor;
      intensified = true;
    }
  }
  moves[first] = { first, last, weight, from: tokens[first].start, to: tokens[last].end };
  return last + 1;
}

const DETERMINERS = new Set(['more', 'less', 'fewer']);
const DIRECTION_NOUNS = new Set(['rise', 'rises', 'increase', 'increases', 'decline', 'declines', 'decrease', 'decreases', 'reduction', 'drop', 'drops', 'fall', 'falls']);

function isNoun(word: string): boolean {
  return DIRECTION_NOUNS.has(word);
}

function beforeUpDown(next: Token | undefined): boolean {
  return next !== undefined && (next.kind === 'pct' || next.kind === 'num' || UP_DOWN_BEFORE.has(next.norm));
}

/** Words a quantity's search does not look past: another direction word, a clause marker, a negator ahead. */
function endsSearch(tok: Token): boolean {
  return tok.info !== undefined && (tok.info.contrast || tok.info.concessive || tok.info.direction !== 0);
}

function metricBefore(tokens: Token[], d: number, free: number): number | undefined {
  for (let k = d - 1; k >= Math.max(free, d - METRIC_BEFORE); k--) {
    const tok = tokens[k];
    if (tok.kind === 'punct' ? tok.norm !== ',' : endsSearch(tok)) return undefined;
    if (tok.info !== undefined && tok.info.metric !== 0) return k;
  }
  return undefined;
}

function metricAfter(tokens: Token[], d: number, free: number): number | undefined {
  if (d < free) return undefined;
  for (let k = d + 1; k <= Math.min(tokens.length - 1, d + METRIC_AFTER); k++) {
    const tok = tokens[k];
    if (tok.kind === 'punct' || endsSearch(tok) || (tok.kind === 'word' && NEGATORS.has(tok.norm))) return undefined;
    if (tok.info !== undefined && tok.info.metric !== 0) return k;
  }
  return undefined;
}

/** The last number token in (from, to). */
function lastNumber(tokens: Token[], from: number, to: number): Token | undefined {
  for (let k = to - 1; k > from; k--) if (tokens[k].kind === 'num') return tokens[k];
  return undefined;
}

function matchTerms(tokens: Token[]): Term[] {
  const terms: Term[] = [];
  const moves = metricMoves(tokens);
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind === 'pct' && t.explicit) {
      terms.push({ first: i, last: i, weight: Math.sign(t.value) * figureWeight(t.value), from: t.start, to: t.end });
      i++;
      continue;
    }
    if (t.kind !== 'word') {
      i++;
      continue;
    }
    // "up 3%", "down 2%", "higher by 4%"
    const next = tokens[i + 1];
    if ((t.norm === 'up' || t.norm === 'down') && next?.kind === 'pct') {
      const sign = t.norm === 'up' ? 1 : -1;
      terms.push({ first: i, last: i + 1, weight: sign * figureWeight(next.value), from: t.start, to: next.end });
      i += 2;
      continue;
    }
    // the longest lexicon phrase of consecutive words starting here (a non-word token ends every phrase)
    const longest = t.info?.phrase ?? 0;
    if (longest === 0 && moves?.[i] === undefined) {
      i++;
      continue;
    }
    let candidate = t.norm;
    let matched = LEXICON.has(candidate) ? 1 : 0;
    let phrase = matched ? candidate : '';
    for (let n = 2; n <= longest && i + n <= tokens.length; n++) {
      const tok = tokens[i + n - 1];
      // a phrase ends where a quantity's move starts ("operating | loss narrowed")
      if (tok.kind !== 'word' || moves?.[i + n - 1] !== undefined) break;
      candidate += ` ${tok.norm}`;
      if (LEXICON.has(candidate)) {
        matched = n;
        phrase = candidate;
      }
    }
    // a quantity's move, unless a longer lexicon phrase starts here ("lowered its guidance", "losses narrowed")
    const move = moves?.[i];
    if (move !== undefined && matched < 2) {
      terms.push(move);
      i = move.last + 1;
      continue;
    }
    if (matched === 0) {
      i++;
      continue;
    }
    const weight = LEXICON.get(phrase)!;
    const last = i + matched - 1;
    terms.push({ first: i, last, weight, from: t.start, to: tokens[last].end });
    i += matched;
  }
  return terms;
}

/** Weight of a signed figure on its own: 1.5 for a small move, up to 3.5 for 20% or more. */
function figureWeight(value: number): number {
  return 1.5 + Math.min(Math.abs(value), 20) / 10;
}

function isBoundary(tok: Token): boolean {
  return tok.kind === 'punct' || (tok.info !== undefined && (tok.info.contrast || tok.info.concessive));
}

/** Scores one sentence (tokens already made) and returns the raw sum with evidence. */
function scoreTokens(text: string, tokens: Token[]): { raw: number; evidence: { text: string; w: number }[] } {
  const terms = matchTerms(tokens);
  if (terms.length === 0) return { raw: 0, evidence: [] };
  const inTerm = new Uint8Array(tokens.length);
  for (const term of terms) for (let k = term.first; k <= term.last; k++) inTerm[k] = 1;

  // clause multipliers from contrast and concessive markers (most sentences have none)
  let clause: Float64Array | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind !== 'word' || inTerm[i]) continue;
    const info = tok.info;
    if (info === undefined) continue;
    const contrast = info.contrast && i > 0;
    if (!contrast && !info.concessive) continue;
    clause ??= new Float64Array(tokens.length).fill(1);
    if (contrast) {
      for (let k = 0; k < i; k++) clause[k] *= CONTRAST_BEFORE_WEIGHT;
      for (let k = i + 1; k < tokens.length; k++) clause[k] *= CONTRAST_AFTER_WEIGHT;
    } else {
      let k = i + 1;
      while (k < tokens.length && !(tokens[k].kind === 'punct' && tokens[k].norm !== '(' && tokens[k].norm !== ')')) {
        clause[k] *= CONCESSIVE_WEIGHT;
        k++;
      }
    }
  }

  let raw = 0;
  const evidence: { text: string; w: number }[] = [];
  for (const term of terms) {
    let w = term.weight;
    if (w === 0) continue;
    let from = term.from;
    // intensifiers and dampeners: up to two words before, or one adverb right after
    for (let k = term.first - 1; k >= Math.max(0, term.first - 2); k--) {
      const tok = tokens[k];
      if (tok.kind === 'punct') break;
      if (tok.kind !== 'word' || inTerm[k]) continue;
      const f = INTENSIFIER_MAP.get(tok.norm);
      if (f !== undefined) {
        w *= f;
        from = Math.min(from, tok.start);
        break;
      }
    }
    const after = tokens[term.last + 1];
    const afterFactor = after?.kind === 'word' && !inTerm[term.last + 1] && after.norm.endsWith('ly') ? INTENSIFIER_MAP.get(after.norm) : undefined;
    if (afterFactor !== undefined) w *= afterFactor;
    // a percentage shortly after a movement word scales it ("surged 80%")
    for (let k = term.last + 1; k <= Math.min(tokens.length - 1, term.last + 3); k++) {
      const tok = tokens[k];
      if (tok.kind === 'punct' || inTerm[k]) break;
      if (tok.kind === 'pct') {
        w *= 1 + Math.min(Math.abs(tok.value), 20) / 20;
        break;
      }
    }
    // negation within a short window before the term, not crossing a clause boundary
    for (let k = term.first - 1; k >= Math.max(0, term.first - NEGATION_WINDOW); k--) {
      const tok = tokens[k];
      if (isBoundary(tok)) break;
      if (tok.kind === 'word' && !inTerm[k] && NEGATORS.has(tok.norm)) {
        w *= NEGATION_FACTOR;
        from = Math.min(from, tok.start);
        break;
      }
    }
    // reversers: "recovered ... losses", "gave up ... gains", "pared losses"
    for (let k = term.first - 1; k >= Math.max(0, term.first - REVERSER_WINDOW); k--) {
      const tok = tokens[k];
      if (isBoundary(tok)) break;
      if (tok.kind !== 'word') continue;
      if (tok.norm === UNKNOWN_WORD) continue;
      const pair = k > 0 && REVERSER_PAIR_ENDS.has(tok.norm);
      const flips = REVERSER_MAP.get(tok.norm) ?? (pair ? REVERSER_MAP.get(`${tokens[k - 1].norm} ${tok.norm}`) : undefined);
      if (flips === undefined) continue;
      if (flips === 0 || flips === Math.sign(w)) {
        w *= NEGATION_FACTOR;
        break;
      }
    }
    if (clause) w *= clause[term.first];
    raw += w;
    evidence.push({ text: text.slice(from, term.to), w });
  }
  return { raw, evidence };
}

function normalise(raw: number): number {
  const s = raw / Math.sqrt(raw * raw + ALPHA);
  return Math.round(s * 100) / 100 || 0;
}

export function labelFor(score: number): SentimentLabel {
  return score >= POSITIVE_THRESHOLD ? 'positive' : score <= NEGATIVE_THRESHOLD ? 'negative' : 'neutral';
}

function finish(raw: number, evidence: { text: string; w: number }[]): Sentiment {
  const score = normalise(raw);
  const seen = new Set<string>();
  const ordered = [...evidence]
    .sort((a, b) => Math.abs(b.w) - Math.abs(a.w))
    .map((e) => e.text)
    .filter((t) => {
      const key = t.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_EVIDENCE);
  return { score, label: labelFor(score), evidence: ordered };
}

/** Per-sentence sentiment with character offsets into `text`. */
export function sentenceSentiments(text: string): SentenceSentiment[] {
  const lowered = text.toLowerCase();
  return splitSentences(text).map(({ start, end }) => {
    const { raw, evidence } = scoreTokens(text, tokenize(text, start, end, lowered));
    if (evidence.length === 0) return { score: 0, label: 'neutral', evidence: [], start, end, raw };
    const { score, label, evidence: ordered } = finish(raw, evidence);
    return { score, label, evidence: ordered, start, end, raw };
  });
}

function combine(sentences: SentenceSentiment[]): Sentiment {
  let raw = 0;
  const evidence: { text: string; w: number }[] = [];
  for (const s of sentences) {
    raw += s.raw;
    // evidence per sentence is already ordered; keep its strength roughly by sentence raw weight
    s.evidence.forEach((text, i) => evidence.push({ text, w: Math.abs(s.raw) / (i + 1) }));
  }
  return finish(raw, evidence);
}

/**
 * Scores financial-news text for a company's investors: lexicon terms with negation, intensifiers, signed
 * figures and contrast. Pure and deterministic.
 */
export function scoreSentiment(text: string): Sentiment {
  return combine(sentenceSentiments(text));
}

/**
 * Sentiment of the sentences that contain any of the spans (e.g. the mentions of one company).
 * Neutral with score 0 when no sentence does. Pass precomputed `sentences` to avoid re-scoring.
 */
export function entitySentiment(text: string, spans: TextSpan[], sentences: SentenceSentiment[] = sentenceSentiments(text)): Sentiment {
  const hit = sentences.filter((s) => spans.some((sp) => sp.index < s.end && sp.index + Math.max(sp.length, 1) > s.start));
  if (hit.length === 0) return { score: 0, label: 'neutral', evidence: [] };
  return combine(hit);
}

/** Combines already-scored sentences (sums raw weights). */
export function combineSentences(sentences: SentenceSentiment[]): Sentiment {
  return combine(sentences);
}
