import type { EntityTag, TopicTag } from './classify';
import type { Figure, FigureKind } from './figures';
import type { Taxonomy, TopicCondition, TopicRule } from './taxonomy';
import { compilePattern } from './taxonomy-file';
import type { StoryMatches, TermRef } from './terms';
import type { TermTrie, WordTokens } from './tokens';

/** A topic is reported only at or above this score: one generic word in the body stays below it. */
export const MIN_TOPIC_SCORE = 0.3;
const MAX_EVIDENCE = 5;
const TITLE_WEIGHT = 1.5;
const BODY_WEIGHT = 0.5;
const WORD_WEIGHT = 1;
const PHRASE_WEIGHT = 1.5;
/** A weak keyword's share of a keyword's weight: alone, even in the title, it stays below MIN_TOPIC_SCORE. */
const WEAK_WEIGHT = 0.25;

/** Where title and body sit in the tokenised `${title}\n${body}`. */
export interface StoryLayout {
  title: string;
  body: string;
  tokens: WordTokens;
  /** Index of the first body token (= number of title tokens). */
  titleEnd: number;
  /** The taxonomy's keywords and the gazetteer's aliases found in the tokens (see terms.ts). */
  matches: StoryMatches;
}

interface CompiledCondition {
  refs: Set<string> | null;
  primary: boolean;
  figures: readonly FigureKind[] | null;
}

interface CompiledTopic {
  id: string;
  patterns: RegExp[];
  requires: CompiledCondition | null;
  boosts: { condition: CompiledCondition; weight: number }[];
}

interface CompiledTaxonomy {
  topics: CompiledTopic[];
}

/** A span of the tokenised text (its text is sliced only if it becomes evidence). */
interface Span {
  start: number;
  end: number;
  phrase: boolean;
}

/**
 * One topic's distinct spans in one field, keys[k] for spans[k], in order of first insertion; `ordered` while
 * that is their order of appearance. A topic has few distinct spans: a linear search is cheaper than a Map.
 */
interface SpanSet {
  keys: string[];
  spans: Span[];
  ordered: boolean;
  lastStart: number;
}

const cache = new WeakMap<Taxonomy, CompiledTaxonomy>();

function compileCondition(c: TopicCondition): CompiledCondition {
  return {
    refs: c.entities ? new Set(c.entities.map((e) => e.toLowerCase())) : null,
    primary: !!c.primary,
    figures: c.figures ?? null,
  };
}

function compileTopic(rule: TopicRule): CompiledTopic {
  return {
    id: rule.id,
    patterns: (rule.patterns ?? []).map(compilePattern),
    requires: rule.requires ? compileCondition(rule.requires) : null,
    boosts: (rule.boosts ?? []).map((b) => ({ condition: compileCondition(b), weight: b.weight })),
  };
}

/**
 * Adds every keyword of every topic to the shared trie. Payload: the topic's index for its keywords, index +
 * number of topics for its weak keywords (their spans are gathered as if for a topic of their own, then added
 * at WEAK_WEIGHT).
 */
export function addKeywords(trie: TermTrie<TermRef>, taxonomy: Taxonomy): void {
  const n = taxonomy.topics.length;
  taxonomy.topics.forEach((t, index) => {
    for (const k of new Set(t.keywords.map((w) => w.trim()).filter(Boolean))) trie.add(k, index);
    for (const k of new Set((t.weakKeywords ?? []).map((w) => w.trim()).filter(Boolean))) trie.add(k, index + n);
  });
}

/** Patterns and conditions, compiled once per taxonomy object. */
function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  let compiled = cache.get(taxonomy);
  if (!compiled) {
    compiled = { topics: taxonomy.topics.map(compileTopic) };
    cache.set(taxonomy, compiled);
  }
  return compiled;
}

/** Case and separators do not make a span distinct: "Open-Source" and "open source" count once. */
function spanKey(text: string): string {
  return text.toLowerCase().replace(/[\s\-\u2010-\u2014]+/g, ' ');
}

function addSpan(sets: SpanSet[], topic: number, start: number, end: number, phrase: boolean, key: string): void {
  const set = (sets[topic] ??= { keys: [], spans: [], ordered: true, lastStart: -1 });
  const span = { start, end, phrase: phrase || key.includes(' ') };
  const k = set.keys.indexOf(key);
  if (k < 0) {
    set.keys.push(key);
    set.spans.push(span);
    // a new key before the last one leaves the keys to be sorted
    if (start < set.lastStart) set.ordered = false;
    else set.lastStart = start;
  } else if (start < set.spans[k].start) {
    // an earlier span for a known key keeps the key's place, out of order
    set.spans[k] = span;
    set.ordered = false;
  }
}

/**
 * Keyword spans per topic in tokens [from, to): at each token the longest keyword of each topic wins, and a
 * topic's spans never overlap (as a leftmost, longest-first regex alternation would find them).
 */
function keywordSpans(compiled: CompiledTaxonomy, story: StoryLayout, from: number, to: number): SpanSet[] {
  const spans: SpanSet[] = [];
  const { tokens } = story;
  const { at, from: first, matches } = story.matches;
  // keywords, then weak keywords (see addKeywords)
  const n = 2 * compiled.topics.length;
  // plain arrays: for a few topics, cheaper to allocate than typed arrays
  const nextFree: number[] = new Array(n).fill(0);
  const best: number[] = new Array(n).fill(-1);
  // the topics matched at a token: touched[0 .. touchedCount) (reused; setting an array's length is slow)
  const touched: number[] = [];
  let touchedCount = 0;
  for (let g = 0; g < at.length; g++) {
    const i = at[g];
    if (i < from || i >= to) continue;
    for (let k = first[g]; k < first[g + 1]; k++) {
      const m = matches[k];
      for (const t of m.payloads) {
        if (typeof t !== 'number' || nextFree[t] > i || m.last <= best[t]) continue;
        if (best[t] < 0) touched[touchedCount++] = t;
        best[t] = m.last;
      }
    }
    for (let k = 0; k < touchedCount; k++) {
      const t = touched[k];
      const last = best[t];
      const start = tokens.starts[i];
      const end = tokens.ends[last];
      // a one-word span's key is its lowercase form, which the tokens already hold
      addSpan(spans, t, start, end, false, last === i ? tokens.lower(i) : spanKey(tokens.text.slice(start, end)));
      nextFree[t] = best[t] + 1;
      best[t] = -1;
    }
    touchedCount = 0;
  }
  return spans;
}

/** Pattern matches in one field; `offset` is where the field starts in the tokenised text. */
function patternSpans(compiled: CompiledTaxonomy, field: string, offset: number, spans: SpanSet[]): void {
  if (!field) return;
  compiled.topics.forEach((topic, t) => {
    for (const re of topic.patterns) {
      for (const m of field.matchAll(re)) {
        const start = offset + (m.index ?? 0);
        if (m[0]) addSpan(spans, t, start, start + m[0].length, true, spanKey(m[0]));
      }
    }
  });
}

function sumWeights(spans: SpanSet | undefined, fieldWeight: number): number {
  let total = 0;
  if (spans) for (const span of spans.spans) total += fieldWeight * (span.phrase ? PHRASE_WEIGHT : WORD_WEIGHT);
  return total;
}

/** The entities that satisfy a condition's entity part (all entities when it has none). */
function matchingEntities(c: CompiledCondition, entities: EntityTag[]): EntityTag[] {
  if (!c.refs) return entities;
  const refs = c.refs;
  return entities.filter((e) => (!c.primary || e.primary) && (refs.has(e.name.toLowerCase()) || (e.ticker !== null && refs.has(e.ticker.toLowerCase()))));
}

/** Evidence for a condition (the entity or figure as written), or null when the condition does not hold. */
function conditionEvidence(c: CompiledCondition, entities: EntityTag[], figures: Figure[]): string[] | null {
  const out: string[] = [];
  if (c.refs) {
    const hit = matchingEntities(c, entities);
    if (hit.length === 0) return null;
    out.push(hit[0].evidence[0]);
  }
  if (c.figures) {
    const kinds = c.figures;
    const figure = figures.find((f) => kinds.includes(f.kind));
    if (!figure) return null;
    out.push(figure.text);
  }
  return out;
}

/**
 * Scores every topic of the taxonomy. Each distinct span (case-insensitive) counts once per field: a word
 * weighs 1, a phrase or pattern match 1.5, times 1.5 in the title and 0.5 in the body (weak keywords a quarter
 * of that); boosts whose condition holds add their weight; score = 1 - exp(-total / 2). A single body word therefore scores 0.22 (not tagged),
 * a single title word 0.53. Topics whose `requires` fails are left out.
 */
export function scoreTopics(taxonomy: Taxonomy, story: StoryLayout, entities: EntityTag[], figures: Figure[]): TopicTag[] {
  const compiled = compileTaxonomy(taxonomy);
  const { tokens, titleEnd } = story;
  const titleSpans = keywordSpans(compiled, story, 0, titleEnd);
  const bodySpans = keywordSpans(compiled, story, titleEnd, tokens.count);
  patternSpans(compiled, story.title, 0, titleSpans);
  patternSpans(compiled, story.body, story.title.length + 1, bodySpans);

  const tags: TopicTag[] = [];
  const n = compiled.topics.length;
  compiled.topics.forEach((topic, t) => {
    if (topic.requires && !conditionEvidence(topic.requires, entities, figures)) return;
    let weighted = sumWeights(titleSpans[t], TITLE_WEIGHT) + sumWeights(bodySpans[t], BODY_WEIGHT);
    weighted += WEAK_WEIGHT * (sumWeights(titleSpans[t + n], TITLE_WEIGHT) + sumWeights(bodySpans[t + n], BODY_WEIGHT));
    const boostEvidence: string[] = [];
    for (const boost of topic.boosts) {
      const evidence = conditionEvidence(boost.condition, entities, figures);
      if (!evidence) continue;
      weighted += boost.weight;
      boostEvidence.push(...evidence);
    }
    const score = Math.round((1 - Math.exp(-weighted / 2)) * 100) / 100;
    if (score < MIN_TOPIC_SCORE) return;
    const fields = [titleSpans[t], bodySpans[t], titleSpans[t + n], bodySpans[t + n]];
    tags.push({ topic: topic.id, score, evidence: mergeEvidence(tokens.text, fields, boostEvidence) });
  });
  return tags.sort((a, b) => b.score - a.score || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/**
 * Keyword spans of the title, then of the body, then weak ones likewise, each in order of appearance, then boost
 * evidence; distinct, at most 5.
 */
function mergeEvidence(storyText: string, fields: (SpanSet | undefined)[], extra: string[]): string[] {
  // keys are only ever added, so the first MAX_EVIDENCE are the evidence: stop there
  const keys: string[] = [];
  const texts: string[] = [];
  for (const field of fields) {
    if (!field) continue;
    const { spans } = field;
    const order = field.ordered ? null : spans.map((_, k) => k).sort((a, b) => spans[a].start - spans[b].start);
    for (let n = 0; n < spans.length && keys.length < MAX_EVIDENCE; n++) {
      const k = order ? order[n] : n;
      if (keys.includes(field.keys[k])) continue;
      keys.push(field.keys[k]);
      texts.push(storyText.slice(spans[k].start, spans[k].end));
    }
  }
  for (const text of extra) {
    const key = spanKey(text);
    if (keys.length < MAX_EVIDENCE && !keys.includes(key)) {
      keys.push(key);
      texts.push(text);
    }
  }
  return texts;
}
