import {
  COMPARATORS,
  CONCESSIVE,
  CONTRAST_AFTER,
  DIRECTION_BEFORE_NOUN,
  DIRECTION_NOUNS,
  DIRECTIONS,
  INTENSIFIERS,
  LEXICON,
  METRICS,
  NEGATORS,
  NOUN_LINKS,
  QUANTIFIERS,
  REVERSERS,
  UP_DOWN_BEFORE,
} from './lexicon';
import {
  COMMA,
  isBlank,
  NUM,
  PAREN,
  PCT,
  scanTokens,
  SentenceBoundaries,
  SIGNED_PCT,
  vocabularyId,
  VOCABULARY_WORDS,
  WORD,
  type SentimentTokens,
} from './sentiment-scan';

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

/**
 * What the lists say about each vocabulary word, by its id (see sentiment-scan.ts): an array read per question
 * instead of a Map lookup by string. Id 0 (any other word, and every token that is not a word) has none of them.
 */
const IS_CONTRAST = 1;
const IS_CONCESSIVE = 2;
const IS_COMPARATOR = 4;
/** The direction word usually stands before its quantity ("rising costs"). */
const BEFORE_NOUN = 8;
/** "more", "less", "fewer": they only qualify what follows. */
const IS_DETERMINER = 16;
const IS_DIRECTION_NOUN = 32;
const IS_UP = 64;
const IS_DOWN = 128;
const IS_IN_OF = 256;
/** Words that make "up" and "down" before them a move (UP_DOWN_BEFORE). */
const AFTER_UP_DOWN = 512;
const IS_NEGATOR = 1024;
const IS_INTENSIFIER = 2048;
/** An intensifier ending in "ly", which also counts right after a term ("fell sharply"). */
const IS_LY_INTENSIFIER = 4096;
/** Second word of a two-word reverser ("gave up", "cut its"). */
const ENDS_REVERSER_PAIR = 8192;
/** A word a quantity's search does not look past: a clause marker or another direction word. */
const ENDS_SEARCH = 16384;
/** A word that some lexicon phrase has after its first word: only these can make a phrase longer. */
const CONTINUES_PHRASE = 32768;
const CLAUSE_MARK = IS_CONTRAST | IS_CONCESSIVE;
const NO_REVERSER = 2;

interface PhraseNode {
  /** Weight of the lexicon phrase that ends here, if one does. */
  weight: number | undefined;
  /** The nodes of the phrases that go on, by the id of their next word. */
  next: Map<number, PhraseNode> | undefined;
}

const WORD_COUNT = VOCABULARY_WORDS.length;
const FLAGS = new Uint16Array(WORD_COUNT);
/** +1/-1 for a reported quantity (METRICS), 0 otherwise. */
const METRIC = new Int8Array(WORD_COUNT);
/** +1/-1 for a word of movement (DIRECTIONS), 0 otherwise. */
const DIRECTION = new Int8Array(WORD_COUNT);
const INTENSIFIER = new Float64Array(WORD_COUNT);
/** The sign of sentiment words a reverser flips (see REVERSERS), or NO_REVERSER. */
const REVERSER = new Int8Array(WORD_COUNT).fill(NO_REVERSER);
/** Two-word reversers by first id * WORD_COUNT + second id. */
const REVERSER_PAIRS = new Map<number, number>();
/** A direction word's own strength as the weight of a move: at least METRIC_MOVE_WEIGHT. */
const MOVE_STRENGTH = new Float64Array(WORD_COUNT);
/** The lexicon as a trie of word ids: the phrases starting with each word. */
const PHRASES: (PhraseNode | undefined)[] = new Array<PhraseNode | undefined>(WORD_COUNT).fill(undefined);

/** How far back from a direction word its quantity may be ("operating profit excluding one-offs was 5.1, down"). */
const METRIC_BEFORE = 12;
/** How far ahead ("lowered its full-year outlook", "less debt"). */
const METRIC_AFTER = 4;
/** Weight of a quantity's move when the direction word is weaker than this on its own ("increased", "more"). */
const METRIC_MOVE_WEIGHT = 1.5;

{
  // a word outside the vocabulary is never a token's word, so it cannot mark anything
  const mark = (words: Iterable<string>, flag: number) => {
    for (const word of words) FLAGS[vocabularyId(word)] |= flag;
    FLAGS[0] = 0;
  };
  mark(CONTRAST_AFTER, IS_CONTRAST | ENDS_SEARCH);
  mark(CONCESSIVE, IS_CONCESSIVE | ENDS_SEARCH);
  mark(COMPARATORS, IS_COMPARATOR);
  mark(DIRECTION_BEFORE_NOUN, BEFORE_NOUN);
  mark(QUANTIFIERS, IS_DETERMINER);
  mark(DIRECTION_NOUNS, IS_DIRECTION_NOUN);
  mark(['up'], IS_UP);
  mark(['down'], IS_DOWN);
  mark(NOUN_LINKS, IS_IN_OF);
  mark(UP_DOWN_BEFORE, AFTER_UP_DOWN);
  mark(NEGATORS, IS_NEGATOR);
  mark(Object.keys(INTENSIFIERS), IS_INTENSIFIER);
  mark(Object.keys(INTENSIFIERS).filter((w) => w.endsWith('ly')), IS_LY_INTENSIFIER);
  mark(Object.keys(DIRECTIONS), ENDS_SEARCH);
  for (const [word, factor] of Object.entries(INTENSIFIERS)) INTENSIFIER[vocabularyId(word)] = factor;
  for (const [word, sign] of Object.entries(METRICS)) METRIC[vocabularyId(word)] = sign;
  for (const [word, sign] of Object.entries(DIRECTIONS)) {
    DIRECTION[vocabularyId(word)] = sign;
    MOVE_STRENGTH[vocabularyId(word)] = Math.max(METRIC_MOVE_WEIGHT, Math.abs(LEXICON.get(word) ?? 0));
  }
  for (const [phrase, flips] of Object.entries(REVERSERS)) {
    const words = phrase.split(' ');
    if (words.length === 1) REVERSER[vocabularyId(phrase)] = flips;
    else if (words.length === 2) {
      FLAGS[vocabularyId(words[1])] |= ENDS_REVERSER_PAIR;
      REVERSER_PAIRS.set(vocabularyId(words[0]) * WORD_COUNT + vocabularyId(words[1]), flips);
    }
  }
  for (const [phrase, weight] of LEXICON) {
    const ids = phrase.split(' ').map(vocabularyId);
    let node = (PHRASES[ids[0]] ??= { weight: undefined, next: undefined });
    for (let k = 1; k < ids.length; k++) {
      FLAGS[ids[k]] |= CONTINUES_PHRASE;
      node.next ??= new Map();
      let child = node.next.get(ids[k]);
      if (child === undefined) node.next.set(ids[k], (child = { weight: undefined, next: undefined }));
      node = child;
    }
    node.weight = weight;
  }
}

interface Term {
  /** Token indices of the term's first and last token. */
  first: number;
  last: number;
  weight: number;
  from: number;
  to: number;
}

function isPct(kind: number): boolean {
  return kind === PCT || kind === SIGNED_PCT;
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
  const boundaries = new SentenceBoundaries(text);
  for (let start = 0; start < text.length; ) {
    const end = boundaries.endAfter(start);
    if (!isBlank(text, start, end)) yield { start, end };
    start = end;
  }
}

/**
 * Moves of reported quantities in tokens [lo, hi) (one sentence): each direction word paired with its quantity,
 * the nearest one before it in its clause (commas allowed) or just after it (words like "rising" and "lower"
 * look after first); weight = direction × what more of it means × the verb's own strength (at least
 * METRIC_MOVE_WEIGHT), negated when a negator sits between them ("sales did not increase") and scaled by an
 * intensifier between them. A quantity with no direction word but two figures around a comparator moves by
 * their order ("EPS was 0.42 versus 0.31"). Returns the terms by first token - lo; they never overlap.
 */
function metricMoves(tokens: SentimentTokens, lo: number, hi: number): (Term | undefined)[] | null {
  const { kind, id } = tokens;
  let moves: (Term | undefined)[] | null = null;
  let free = lo;
  let sawDirection = false;
  for (let d = lo; d < hi; d++) {
    const word = id[d];
    const direction = DIRECTION[word];
    if (direction === 0) continue;
    sawDirection = true;
    const flags = FLAGS[word];
    if (flags & (IS_UP | IS_DOWN) && !(d + 1 < hi && (kind[d + 1] === NUM || isPct(kind[d + 1]) || FLAGS[id[d + 1]] & AFTER_UP_DOWN))) continue;
    // "more", "less", "fewer" only qualify what follows ("less debt"; not "costs ..., much more affordable")
    const m = flags & IS_DETERMINER
      ? metricAfter(tokens, d, free, hi)
      : flags & BEFORE_NOUN
        ? metricAfter(tokens, d, free, hi) ?? metricBefore(tokens, d, free)
        : metricBefore(tokens, d, free) ?? metricAfter(tokens, d, free, hi);
    if (m === undefined) {
      // "a rise in steel prices": the move of something that is not a company's quantity says nothing by itself
      if (flags & IS_DIRECTION_NOUN && d + 1 < hi && FLAGS[id[d + 1]] & IS_IN_OF) {
        moves ??= new Array<Term | undefined>(hi - lo);
        free = addMove(tokens, moves, lo, d, d, 0);
      }
      continue;
    }
    moves ??= new Array<Term | undefined>(hi - lo);
    free = addMove(tokens, moves, lo, m, d, direction * METRIC[id[m]] * MOVE_STRENGTH[word]);
    d = free - 1;
  }
  if (!sawDirection) {
    let c = lo;
    while (c < hi && !(FLAGS[id[c]] & IS_COMPARATOR)) c++;
    const m = c > lo && c < hi ? metricBefore(tokens, c, lo) : undefined;
    const before = m === undefined ? -1 : lastNumber(kind, m, c);
    let after = -1;
    if (before >= 0) for (let k = c + 1; k < Math.min(c + 5, hi) && after < 0; k++) if (kind[k] === NUM) after = k;
    if (m !== undefined && after >= 0 && tokens.value[before] !== tokens.value[after]) {
      moves = new Array<Term | undefined>(hi - lo);
      addMove(tokens, moves, lo, m, c, Math.sign(tokens.value[before] - tokens.value[after]) * METRIC[id[m]] * METRIC_MOVE_WEIGHT);
    }
  }
  return moves;
}

/** Records the move of the quantity at m told by the word at d; returns the first token after it. */
function addMove(tokens: SentimentTokens, moves: (Term | undefined)[], lo: number, m: number, d: number, weight: number): number {
  const first = Math.min(m, d);
  const last = Math.max(m, d);
  let intensified = false;
  for (let k = first + 1; k < last; k++) {
    const flags = FLAGS[tokens.id[k]];
    if (flags & IS_NEGATOR) weight *= NEGATION_FACTOR;
    // one intensifier between them counts as before the term would ("shares sharply fell")
    if (!intensified && flags & IS_INTENSIFIER) {
      weight *= INTENSIFIER[tokens.id[k]];
      intensified = true;
    }
  }
  moves[first - lo] = { first, last, weight, from: tokens.start[first], to: tokens.end[last] };
  return last + 1;
}

function metricBefore(tokens: SentimentTokens, d: number, free: number): number | undefined {
  const { kind, id } = tokens;
  for (let k = d - 1; k >= Math.max(free, d - METRIC_BEFORE); k--) {
    if (kind[k] >= COMMA ? kind[k] !== COMMA : FLAGS[id[k]] & ENDS_SEARCH) return undefined;
    if (METRIC[id[k]] !== 0) return k;
  }
  return undefined;
}

function metricAfter(tokens: SentimentTokens, d: number, free: number, hi: number): number | undefined {
  if (d < free) return undefined;
  const { kind, id } = tokens;
  for (let k = d + 1; k <= Math.min(hi - 1, d + METRIC_AFTER); k++) {
    if (kind[k] >= COMMA || FLAGS[id[k]] & (ENDS_SEARCH | IS_NEGATOR)) return undefined;
    if (METRIC[id[k]] !== 0) return k;
  }
  return undefined;
}

/** The last number token in (from, to), or -1. */
function lastNumber(kind: Uint8Array, from: number, to: number): number {
  for (let k = to - 1; k > from; k--) if (kind[k] === NUM) return k;
  return -1;
}

/** The terms of tokens [lo, hi): signed figures, "up/down" + figure, quantities' moves and lexicon phrases. */
function matchTerms(tokens: SentimentTokens, lo: number, hi: number): Term[] {
  const { kind, id, start, end, value } = tokens;
  const terms: Term[] = [];
  const moves = metricMoves(tokens, lo, hi);
  let i = lo;
  while (i < hi) {
    const k = kind[i];
    if (k === SIGNED_PCT) {
      terms.push({ first: i, last: i, weight: Math.sign(value[i]) * figureWeight(value[i]), from: start[i], to: end[i] });
      i++;
      continue;
    }
    if (k !== WORD) {
      i++;
      continue;
    }
    // "up 3%", "down 2%", "higher by 4%"
    const flags = FLAGS[id[i]];
    if (flags & (IS_UP | IS_DOWN) && i + 1 < hi && isPct(kind[i + 1])) {
      const sign = flags & IS_UP ? 1 : -1;
      terms.push({ first: i, last: i + 1, weight: sign * figureWeight(value[i + 1]), from: start[i], to: end[i + 1] });
      i += 2;
      continue;
    }
    // the longest lexicon phrase of consecutive words starting here (a non-word token ends every phrase)
    const move = moves?.[i - lo];
    let node = PHRASES[id[i]];
    if (node === undefined && move === undefined) {
      i++;
      continue;
    }
    let weight = node?.weight;
    let matched = weight === undefined ? 0 : 1;
    for (let j = i + 1; j < hi && node?.next !== undefined; j++) {
      // a phrase ends where a quantity's move starts ("operating | loss narrowed")
      if (!(FLAGS[id[j]] & CONTINUES_PHRASE) || kind[j] !== WORD || moves?.[j - lo] !== undefined) break;
      node = node.next.get(id[j]);
      if (node?.weight !== undefined) {
        matched = j - i + 1;
        weight = node.weight;
      }
    }
    // a quantity's move, unless a longer lexicon phrase starts here ("lowered its guidance", "losses narrowed")
    if (move !== undefined && matched < 2) {
      terms.push(move);
      i = move.last + 1;
      continue;
    }
    if (weight === undefined) {
      i++;
      continue;
    }
    const last = i + matched - 1;
    terms.push({ first: i, last, weight, from: start[i], to: end[last] });
    i += matched;
  }
  return terms;
}

/** Weight of a signed figure on its own: 1.5 for a small move, up to 3.5 for 20% or more. */
function figureWeight(value: number): number {
  return 1.5 + Math.min(Math.abs(value), 20) / 10;
}

/** Punctuation, or a contrast or concessive marker. */
function isBoundary(tokens: SentimentTokens, k: number): boolean {
  return tokens.kind[k] >= COMMA || (FLAGS[tokens.id[k]] & CLAUSE_MARK) !== 0;
}

/** Which tokens of the sentence being scored belong to a term (by index - lo), reused; cleared after use. */
let inTerm = new Uint8Array(256);

/** Scores the sentence of tokens [lo, hi): the raw sum of its terms' weights with evidence; null when it has no term. */
function scoreTokens(text: string, tokens: SentimentTokens, lo: number, hi: number): { raw: number; evidence: Evidence[] } | null {
  const terms = matchTerms(tokens, lo, hi);
  if (terms.length === 0) return null;
  const { kind, id, start, value } = tokens;
  if (inTerm.length < hi - lo) inTerm = new Uint8Array(2 * (hi - lo));
  // terms are a token or a few: a loop costs less than a fill call
  for (const term of terms) for (let k = term.first; k <= term.last; k++) inTerm[k - lo] = 1;

  // clause multipliers from contrast and concessive markers (most sentences have none)
  let clause: Float64Array | null = null;
  for (let i = lo; i < hi; i++) {
    const flags = FLAGS[id[i]];
    if (!(flags & CLAUSE_MARK) || inTerm[i - lo]) continue;
    const contrast = flags & IS_CONTRAST && i > lo;
    if (!contrast && !(flags & IS_CONCESSIVE)) continue;
    clause ??= new Float64Array(hi - lo).fill(1);
    if (contrast) {
      for (let k = lo; k < i; k++) clause[k - lo] *= CONTRAST_BEFORE_WEIGHT;
      for (let k = i + 1; k < hi; k++) clause[k - lo] *= CONTRAST_AFTER_WEIGHT;
    } else {
      for (let k = i + 1; k < hi && (kind[k] < COMMA || kind[k] === PAREN); k++) clause[k - lo] *= CONCESSIVE_WEIGHT;
    }
  }

  let raw = 0;
  const evidence: Evidence[] = [];
  for (const term of terms) {
    let w = term.weight;
    if (w === 0) continue;
    let from = term.from;
    // intensifiers and dampeners: up to two words before, or one adverb right after
    for (let k = term.first - 1; k >= Math.max(lo, term.first - 2); k--) {
      if (kind[k] >= COMMA) break;
      if (inTerm[k - lo] || !(FLAGS[id[k]] & IS_INTENSIFIER)) continue;
      w *= INTENSIFIER[id[k]];
      from = Math.min(from, start[k]);
      break;
    }
    const after = term.last + 1;
    if (after < hi && FLAGS[id[after]] & IS_LY_INTENSIFIER && !inTerm[after - lo]) w *= INTENSIFIER[id[after]];
    // a percentage shortly after a movement word scales it ("surged 80%")
    for (let k = term.last + 1; k <= Math.min(hi - 1, term.last + 3); k++) {
      if (kind[k] >= COMMA || inTerm[k - lo]) break;
      if (isPct(kind[k])) {
        w *= 1 + Math.min(Math.abs(value[k]), 20) / 20;
        break;
      }
    }
    // negation within a short window before the term, not crossing a clause boundary
    for (let k = term.first - 1; k >= Math.max(lo, term.first - NEGATION_WINDOW); k--) {
      if (isBoundary(tokens, k)) break;
      if (FLAGS[id[k]] & IS_NEGATOR && !inTerm[k - lo]) {
        w *= NEGATION_FACTOR;
        from = Math.min(from, start[k]);
        break;
      }
    }
    // reversers: "recovered ... losses", "gave up ... gains", "pared losses"
    for (let k = term.first - 1; k >= Math.max(lo, term.first - REVERSER_WINDOW); k--) {
      if (isBoundary(tokens, k)) break;
      let flips = REVERSER[id[k]];
      if (flips === NO_REVERSER && k > lo && FLAGS[id[k]] & ENDS_REVERSER_PAIR) flips = REVERSER_PAIRS.get(id[k - 1] * WORD_COUNT + id[k]) ?? NO_REVERSER;
      if (flips === NO_REVERSER) continue;
      if (flips === 0 || flips === Math.sign(w)) {
        w *= NEGATION_FACTOR;
        break;
      }
    }
    if (clause) w *= clause[term.first - lo];
    raw += w;
    evidence.push({ text: text.slice(from, term.to), w });
  }
  for (const term of terms) for (let k = term.first; k <= term.last; k++) inTerm[k - lo] = 0;
  return { raw, evidence };
}

interface Evidence {
  text: string;
  w: number;
}

function normalise(raw: number): number {
  const s = raw / Math.sqrt(raw * raw + ALPHA);
  return Math.round(s * 100) / 100 || 0;
}

export function labelFor(score: number): SentimentLabel {
  return score >= POSITIVE_THRESHOLD ? 'positive' : score <= NEGATIVE_THRESHOLD ? 'negative' : 'neutral';
}

/** Score and label of `raw`; evidence strongest first, without repeats (ignoring case), at most MAX_EVIDENCE. Sorts `evidence`. */
function finish(raw: number, evidence: Evidence[]): Sentiment {
  const score = normalise(raw);
  // one span (the usual sentence) needs no order and has no repeat
  if (evidence.length === 1) return { score, label: labelFor(score), evidence: [evidence[0].text] };
  evidence.sort((a, b) => Math.abs(b.w) - Math.abs(a.w));
  const ordered: string[] = [];
  const seen: string[] = [];
  for (let k = 0; k < evidence.length && ordered.length < MAX_EVIDENCE; k++) {
    const key = evidence[k].text.toLowerCase();
    if (seen.includes(key)) continue;
    seen.push(key);
    ordered.push(evidence[k].text);
  }
  return { score, label: labelFor(score), evidence: ordered };
}

/** Per-sentence sentiment with character offsets into `text`. */
export function sentenceSentiments(text: string): SentenceSentiment[] {
  const tokens = scanTokens(text);
  const sentences: SentenceSentiment[] = [];
  let t = 0;
  for (const { start, end } of sentenceSpans(text)) {
    // tokens never cross a sentence boundary, and a blank stretch between sentences holds none
    const lo = t;
    while (t < tokens.count && tokens.start[t] < end) t++;
    const scored = scoreTokens(text, tokens, lo, t);
    if (scored === null || scored.evidence.length === 0) {
      sentences.push({ score: 0, label: 'neutral', evidence: [], start, end, raw: scored === null ? 0 : scored.raw });
    } else {
      const { score, label, evidence } = finish(scored.raw, scored.evidence);
      sentences.push({ score, label, evidence, start, end, raw: scored.raw });
    }
  }
  return sentences;
}

function combine(sentences: SentenceSentiment[]): Sentiment {
  let raw = 0;
  const evidence: Evidence[] = [];
  for (const s of sentences) {
    raw += s.raw;
    // evidence per sentence is already ordered; keep its strength roughly by sentence raw weight
    for (let i = 0; i < s.evidence.length; i++) evidence.push({ text: s.evidence[i], w: Math.abs(s.raw) / (i + 1) });
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
