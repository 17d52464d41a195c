import { CONCESSIVE, CONTRAST_AFTER, INTENSIFIERS, LEXICON, NEGATORS, PHRASE_LENGTHS, REVERSERS } from './lexicon';

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
  /** Signed value for pct tokens; explicit says whether a + or - sign was written. */
  value?: number;
  explicit?: boolean;
}

interface Term {
  first: number;
  last: number;
  weight: number;
  from: number;
  to: number;
}

const TOKEN_RE = /([+\-\u2212]?)(\d[\d,]*(?:\.\d+)?)\s?(%|[Pp]er ?cent\b|[Pp]ercent\b)?|[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]+(?:['\u2019][A-Za-z\u00C0-\u024F]+)*|[,;:()\u2013\u2014]/g;

const PUNCT = new Set([',', ';', ':', '(', ')', '\u2013', '\u2014']);

function tokenize(sentence: string, offset: number): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN_RE.source, TOKEN_RE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence)) !== null) {
    const at = m.index;
    const start = offset + at;
    const end = start + m[0].length;
    if (m[2] !== undefined) {
      const sign = m[1] === '' || m[1] === '+' ? 1 : -1;
      // a hyphen glued to a word before it ("one-day", "Covid-19") is not a minus sign
      const prev = at > 0 ? sentence.charCodeAt(at - 1) : 32;
      const glued = (prev >= 48 && prev <= 57) || (prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122) || prev > 191;
      const explicit = m[1] !== '' && !glued;
      const value = parseFloat(m[2].replace(/,/g, '')) * (explicit ? sign : 1);
      tokens.push({ kind: m[3] ? 'pct' : 'num', norm: m[0], start, end, value, explicit });
      continue;
    }
    if (PUNCT.has(m[0])) {
      tokens.push({ kind: 'punct', norm: m[0], start, end });
      continue;
    }
    let word = m[0].toLowerCase();
    if (word.length > 2 && (word.includes("'") || word.includes('\u2019'))) {
      word = word.replace(/\u2019/g, "'");
      if (word.endsWith("n't")) {
        const stem = word === "can't" ? 'can' : word === "won't" ? 'will' : word.slice(0, -3);
        tokens.push({ kind: 'word', norm: stem, start, end: end - 3 });
        tokens.push({ kind: 'word', norm: 'not', start: end - 3, end });
        continue;
      }
      if (word.endsWith("'s")) word = word.slice(0, -2);
    }
    tokens.push({ kind: 'word', norm: word, start, end });
  }
  return tokens;
}

/** Splits text into sentences: at . ! ? followed by space and a capital/digit/quote, and at line breaks. */
export function splitSentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[.!?]+["'\u201d\u2019)]?(?=\s+["'\u201c\u2018(]?[\p{Lu}\d$€£])|\n+/gu;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length;
    if (text.slice(start, end).trim()) out.push({ start, end });
    start = end;
  }
  if (text.slice(start).trim()) out.push({ start, end: text.length });
  return out;
}

function matchTerms(tokens: Token[]): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind === 'pct' && t.explicit) {
      terms.push({ first: i, last: i, weight: Math.sign(t.value!) * figureWeight(t.value!), from: t.start, to: t.end });
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
      terms.push({ first: i, last: i + 1, weight: sign * figureWeight(next.value!), from: t.start, to: next.end });
      i += 2;
      continue;
    }
    let matched = 0;
    let phrase = '';
    const longest = PHRASE_LENGTHS.get(t.norm) ?? 0;
    for (let n = Math.min(longest, tokens.length - i); n >= 1; n--) {
      let ok = true;
      const words: string[] = [];
      for (let k = 0; k < n; k++) {
        const tok = tokens[i + k];
        if (tok.kind !== 'word') {
          ok = false;
          break;
        }
        words.push(tok.norm);
      }
      if (!ok) continue;
      phrase = words.join(' ');
      if (LEXICON.has(phrase)) {
        matched = n;
        break;
      }
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
  return tok.kind === 'punct' || CONTRAST_AFTER.has(tok.norm) || CONCESSIVE.has(tok.norm);
}

/** Scores one sentence (tokens already made) and returns the raw sum with evidence. */
function scoreTokens(sentence: string, tokens: Token[], offset: number): { raw: number; evidence: { text: string; w: number }[] } {
  const terms = matchTerms(tokens);
  const inTerm = new Uint8Array(tokens.length);
  for (const term of terms) for (let k = term.first; k <= term.last; k++) inTerm[k] = 1;

  // clause multipliers from contrast and concessive markers
  const clause = new Float64Array(tokens.length).fill(1);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind !== 'word' || inTerm[i]) continue;
    if (CONTRAST_AFTER.has(tok.norm) && i > 0) {
      for (let k = 0; k < i; k++) clause[k] *= CONTRAST_BEFORE_WEIGHT;
      for (let k = i + 1; k < tokens.length; k++) clause[k] *= CONTRAST_AFTER_WEIGHT;
    } else if (CONCESSIVE.has(tok.norm)) {
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
      const f = INTENSIFIERS[tok.norm];
      if (f !== undefined) {
        w *= f;
        from = Math.min(from, tok.start);
        break;
      }
    }
    const after = tokens[term.last + 1];
    if (after?.kind === 'word' && !inTerm[term.last + 1] && after.norm.endsWith('ly') && INTENSIFIERS[after.norm] !== undefined) {
      w *= INTENSIFIERS[after.norm];
    }
    // a percentage shortly after a movement word scales it ("surged 80%")
    for (let k = term.last + 1; k <= Math.min(tokens.length - 1, term.last + 3); k++) {
      const tok = tokens[k];
      if (tok.kind === 'punct' || inTerm[k]) break;
      if (tok.kind === 'pct') {
        w *= 1 + Math.min(Math.abs(tok.value!), 20) / 20;
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
      const two = k > 0 ? `${tokens[k - 1].norm} ${tok.norm}` : '';
      const flips = REVERSERS[tok.norm] ?? REVERSERS[two];
      if (flips === undefined) continue;
      if (flips === 0 || flips === Math.sign(w)) {
        w *= NEGATION_FACTOR;
        break;
      }
    }
    w *= clause[term.first];
    raw += w;
    evidence.push({ text: sentence.slice(from - offset, term.to - offset), w });
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
  return splitSentences(text).map(({ start, end }) => {
    const sentence = text.slice(start, end);
    const { raw, evidence } = scoreTokens(sentence, tokenize(sentence, start), start);
    return { ...finish(raw, evidence), start, end, raw };
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
