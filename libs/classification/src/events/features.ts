import type { Classification } from '../classify';
import type { Figure } from '../figures';
import { sentenceSpans } from '../sentiment';
import { simhash64 } from './simhash';
import { termsRecordOf } from './vectors';
import { isTitleCase, scanContentTokens, type Term, trimTerms } from './text';

/** What event clustering needs to know about one story; small and JSON-safe so a service can store it. */
export interface EventFeatures {
  /** Weighted terms of title and lead, plus entity ("e:"), topic ("t:") and figure ("f:") keys. */
  terms: Record<string, number>;
  /** Entity names as tagged by the classifier, most relevant first. */
  entities: string[];
  /** 64-bit SimHash of the whole text as 16 hex digits. */
  simhash: string;
  /** ms epoch: published, else fetched. */
  at: number;
}

export interface StoryForEvents {
  title: string;
  summary?: string | null;
  content?: string | null;
}

/** The title says what the event is; a headline word counts twice a lead word. */
const TITLE_WEIGHT = 2;
const LEAD_WEIGHT = 1;
/** Proper names identify an event better than ordinary words (figures get their own "f:" keys). */
const NAME_BOOST = 1.5;
/** One word repeated in the lead must not outweigh the rest. */
const MAX_TERM_WEIGHT = 4;
const ENTITY_WEIGHT = 1.5;
const TOPIC_WEIGHT = 0.5;
/** A figure quoted by two reports ("$80 billion") is strong evidence they tell the same story. */
const FIGURE_WEIGHT = 3;
/**
 * The story's tone ("s:negative"/"s:positive"): outlets telling one event share it, and a rebound the day after a
 * selloff, on the same companies and in much the same words, is another event.
 */
const TONE_WEIGHT = 1.5;
/** The lead: first two sentences of the summary (else the content), at most this many characters. */
const LEAD_CHARS = 400;

/** Computes the clustering features of a story from its text and its classification. Pure. */
export function eventFeatures(
  story: StoryForEvents,
  c: Pick<Classification, 'entities' | 'topics' | 'figures'> & Partial<Pick<Classification, 'sentiment'>>,
  at: number,
): EventFeatures {
  // each field is made plain once, for the terms and for the SimHash
  const title = plain(story.title ?? '');
  const summary = plain(story.summary ?? '');
  const content = plain(story.content ?? '');
  const lead = leadOf(summary || content);
  const terms = startTerms();
  skipEntityWords(c.entities, terms.story);
  addText(terms, title, TITLE_WEIGHT, !isTitleCase(title));
  addText(terms, lead, LEAD_WEIGHT, true);
  const { keys, weights } = terms;
  for (let k = 0; k < weights.length; k++) weights[k] = round3(Math.min(weights[k], MAX_TERM_WEIGHT));

  // the keys below ("e:", "t:", "f:", "s:") are never words
  const entities = rankedEntities(c.entities);
  for (const name of entities) setKey(terms, entityKey(name), ENTITY_WEIGHT);
  for (const t of c.topics) setKey(terms, memoised(topicKeys, t.topic, topicKeyOf), round3(TOPIC_WEIGHT * t.score));
  for (const f of c.figures) {
    const key = figureKey(f);
    if (key) setKey(terms, key, FIGURE_WEIGHT);
  }
  if (c.sentiment && c.sentiment.label !== 'neutral') setKey(terms, `s:${c.sentiment.label}`, TONE_WEIGHT);

  // the SimHash is of the fields written, one per line (joined: one flat string is the fastest to scan)
  const texts: string[] = [];
  if (story.title) texts.push(title);
  if (story.summary) texts.push(summary);
  if (story.content) texts.push(content);
  return { terms: termsRecordOf(keys, weights), entities, simhash: simhash64(texts.join('\n')), at };
}

/**
 * The terms of the story being built, in order of first use (as a Map keeps its keys), with their weights: words
 * find their place through their Term (marked with `story`), the other keys through `others`.
 */
interface StoryTerms {
  story: number;
  keys: string[];
  weights: number[];
  others: Map<string, number>;
}

let stories = 0;

function startTerms(): StoryTerms {
  // only between stories: within one, a stem keeps its one Term (and the phrases' Terms are the current ones)
  if (trimTerms()) phraseTerms.clear();
  return { story: ++stories, keys: [], weights: [], others: new Map() };
}

/** Sets a key that is not a word: a key set again keeps its first position, as in a Map. */
function setKey(terms: StoryTerms, key: string, weight: number): void {
  const slot = terms.others.get(key);
  if (slot !== undefined) {
    terms.weights[slot] = weight;
    return;
  }
  terms.others.set(key, terms.keys.length);
  terms.keys.push(key);
  terms.weights.push(weight);
}

/** Index key of an entity, shared by terms and candidate keys. */
export function entityKey(name: string): string {
  return memoised(entityKeys, name, entityKeyOf);
}

function entityKeyOf(name: string): string {
  return `e:${name.toLowerCase()}`;
}

function topicKeyOf(topic: string): string {
  return `t:${topic}`;
}

/**
 * Keys, and the entity words below, by name: names repeat from story to story, and a key string made once is
 * hashed once (a new string each story would be hashed again by every map and record it enters).
 */
const entityKeys = new Map<string, string>();
const topicKeys = new Map<string, string>();
const phraseTerms = new Map<string, Term[]>();
const MAX_MEMO = 10_000;

function memoised<T>(memo: Map<string, T>, name: string, make: (name: string) => T): T {
  let value = memo.get(name);
  if (value === undefined) {
    if (memo.size >= MAX_MEMO) memo.clear();
    value = make(name);
    memo.set(name, value);
  }
  return value;
}

/**
 * A figure as a coarse key, so "$593bn" and "$589 billion" or "17%" and "16.9%" meet: percentages rounded to
 * whole points, amounts to a tenth of a decade. The sign is kept: a fall and a rise are different news.
 */
export function figureKey(f: Figure): string | null {
  if (!Number.isFinite(f.value) || f.value === 0) return null;
  const sign = f.value < 0 ? '-' : '+';
  if (f.unit === '%') return `f:%${sign}${Math.round(Math.abs(f.value))}`;
  if (f.kind === 'price-per-unit') return null;
  return `f:${f.unit}${sign}${Math.round(Math.log10(Math.abs(f.value)) * 10)}`;
}

/**
 * Adds the text's weighted words, summed per stem in the order a Map of weights would sum them, each stem's
 * place kept on its Term. (Keys are never read from an object: "constructor" would read an inherited function.)
 */
function addText(terms: StoryTerms, text: string, weight: number, namesReliable: boolean): void {
  const scanned = scanContentTokens(text, namesReliable);
  const { story, keys, weights } = terms;
  for (let k = 0; k < scanned.count; k++) {
    const term = scanned.terms[k];
    if (term.skipped === story) continue;
    if (term.story !== story) {
      term.story = story;
      term.slot = keys.length;
      keys.push(term.stem);
      weights.push(0);
    }
    weights[term.slot] += weight * (scanned.names[k] ? NAME_BOOST : 1) * term.background;
  }
}

/**
 * Marks the words of tagged company names and their matched aliases to be skipped: the entity key already stands
 * for them, and counting them twice would let a shared company outweigh the wording.
 */
function skipEntityWords(entities: Classification['entities'], story: number): void {
  for (const e of entities) {
    for (const term of memoised(phraseTerms, e.name, phraseTermsOf)) term.skipped = story;
    for (const phrase of e.evidence) for (const term of memoised(phraseTerms, phrase, phraseTermsOf)) term.skipped = story;
  }
}

function phraseTermsOf(phrase: string): Term[] {
  const { terms, count } = scanContentTokens(phrase, false);
  return terms.slice(0, count);
}

/**
 * Primary entities first, then by relevance, else in order of appearance (classifications stored before
 * per-entity relevance existed lack both fields).
 */
function rankedEntities(entities: Classification['entities']): string[] {
  return entities
    .map((e, i) => ({ name: e.name, i, rank: (e.primary as boolean | undefined) ? 1000 : (e.relevance as number | undefined) ?? 0 }))
    .sort((a, b) => b.rank - a.rank || a.i - b.i)
    .map((e) => e.name);
}

/** Outlets agree most in the first two sentences; later ones drift into background and quotes. */
function leadOf(text: string): string {
  // the first three sentences decide it: only they are split off
  const first: { end: number }[] = [];
  for (const sentence of sentenceSpans(text)) if (first.push(sentence) > 2) break;
  const end = first.length > 2 ? first[1].end : text.length;
  return text.slice(0, Math.min(end, LEAD_CHARS));
}

/** Feed text often carries HTML; tags and entities would otherwise become terms. */
function plain(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  return text.replace(/<[^>]*>/g, ' ').replace(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi, (e) => (e.toLowerCase() === '&amp;' ? '&' : ' '));
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
