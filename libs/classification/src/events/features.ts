import type { Classification } from '../classify';
import type { Figure } from '../figures';
import { sentenceSpans } from '../sentiment';
import { simhash64 } from './simhash';
import { termsRecord } from './vectors';
import { backgroundWeight, contentTokens, isTitleCase, scanContentTokens } from './text';

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
  const weights = new Map<string, number>();
  const skip = entityWords(c.entities);
  addText(weights, title, TITLE_WEIGHT, !isTitleCase(title), skip);
  addText(weights, lead, LEAD_WEIGHT, true, skip);
  // capped in place: setting an existing key keeps its position, and the keys below ("e:", "t:", "f:") are never words
  weights.forEach((weight, word) => weights.set(word, round3(Math.min(weight, MAX_TERM_WEIGHT))));

  const entities = rankedEntities(c.entities);
  for (const name of entities) weights.set(entityKey(name), ENTITY_WEIGHT);
  for (const t of c.topics) weights.set(memoised(topicKeys, t.topic, topicKeyOf), round3(TOPIC_WEIGHT * t.score));
  for (const f of c.figures) {
    const key = figureKey(f);
    if (key) weights.set(key, FIGURE_WEIGHT);
  }
  if (c.sentiment && c.sentiment.label !== 'neutral') weights.set(`s:${c.sentiment.label}`, TONE_WEIGHT);
  const terms = termsRecord(weights);

  const fields: [string | null | undefined, string][] = [[story.title, title], [story.summary, summary], [story.content, content]];
  const fullText = fields.filter(([written]) => !!written).map(([, text]) => text).join('\n');
  return { terms, entities, simhash: simhash64(fullText), at };
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
const phraseStems = new Map<string, string[]>();
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
 * Adds the text's weighted words. A Map, not an object: a word such as "constructor" would otherwise read an
 * inherited function and turn its weight (and the story's norm) into NaN.
 */
function addText(terms: Map<string, number>, text: string, weight: number, namesReliable: boolean, skip: Set<string>): void {
  const { stems, names, count } = scanContentTokens(text, namesReliable);
  for (let k = 0; k < count; k++) {
    const stem = stems[k];
    if (skip.has(stem)) continue;
    terms.set(stem, (terms.get(stem) ?? 0) + weight * (names[k] ? NAME_BOOST : 1) * backgroundWeight(stem));
  }
}

/**
 * Words of tagged company names and their matched aliases: the entity key already stands for them, and counting
 * them twice would let a shared company outweigh the wording.
 */
function entityWords(entities: Classification['entities']): Set<string> {
  const words = new Set<string>();
  for (const e of entities) {
    for (const stem of memoised(phraseStems, e.name, phraseStemsOf)) words.add(stem);
    for (const phrase of e.evidence) for (const stem of memoised(phraseStems, phrase, phraseStemsOf)) words.add(stem);
  }
  return words;
}

function phraseStemsOf(phrase: string): string[] {
  return contentTokens(phrase, false).map((t) => t.stem);
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
