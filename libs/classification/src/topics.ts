import type { EntityTag, TopicTag } from './classify';
import type { Figure, FigureKind } from './figures';
import type { Taxonomy, TopicCondition, TopicRule } from './taxonomy';
import { compilePattern } from './taxonomy-file';
import { TermTrie, type TrieMatch, type WordTokens } from './tokens';

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
  trie: TermTrie<number>;
  topics: CompiledTopic[];
}

interface Span {
  text: string;
  index: number;
  phrase: boolean;
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
 * One trie for every keyword of every topic, built once per taxonomy object. Payload: the topic's index for its
 * keywords, index + number of topics for its weak keywords (scored as a topic of their own, then added at
 * WEAK_WEIGHT).
 */
function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  let compiled = cache.get(taxonomy);
  if (!compiled) {
    const trie = new TermTrie<number>();
    const n = taxonomy.topics.length;
    taxonomy.topics.forEach((t, index) => {
      for (const k of new Set(t.keywords.map((w) => w.trim()).filter(Boolean))) trie.add(k, index);
      for (const k of new Set((t.weakKeywords ?? []).map((w) => w.trim()).filter(Boolean))) trie.add(k, index + n);
    });
    compiled = { trie, topics: taxonomy.topics.map(compileTopic) };
    cache.set(taxonomy, compiled);
  }
  return compiled;
}

/** Case and separators do not make a span distinct: "Open-Source" and "open source" count once. */
function spanKey(text: string): string {
  return text.toLowerCase().replace(/[\s\-\u2010-\u2014]+/g, ' ');
}

function addSpan(spans: Map<string, Span>[], topic: number, text: string, index: number, phrase: boolean, key = spanKey(text)): void {
  const map = (spans[topic] ??= new Map());
  const seen = map.get(key);
  if (!seen || index < seen.index) map.set(key, { text, index, phrase: phrase || key.includes(' ') });
}

/**
 * Keyword spans per topic in tokens [from, to): at each token the longest keyword of each topic wins, and a
 * topic's spans never overlap (as a leftmost, longest-first regex alternation would find them).
 */
function keywordSpans(compiled: CompiledTaxonomy, tokens: WordTokens, from: number, to: number): Map<string, Span>[] {
  const spans: Map<string, Span>[] = [];
  const n = 2 * compiled.topics.length;
  const nextFree = new Int32Array(n);
  const best = new Int32Array(n).fill(-1);
  const touched: number[] = [];
  const matches: TrieMatch<number>[] = [];
  for (let i = from; i < to; i++) {
    compiled.trie.matchAt(tokens, i, to, matches);
    if (matches.length === 0) continue;
    for (const m of matches) {
      for (const t of m.payloads) {
        if (nextFree[t] > i || m.last <= best[t]) continue;
        if (best[t] < 0) touched.push(t);
        best[t] = m.last;
      }
    }
    for (const t of touched) {
      const last = best[t];
      const text = tokens.text.slice(tokens.starts[i], tokens.ends[last]);
      // a one-word span's key is its lowercase form, which the tokens already hold
      addSpan(spans, t, text, tokens.starts[i], false, last === i ? tokens.lower(i) : spanKey(text));
      nextFree[t] = best[t] + 1;
      best[t] = -1;
    }
    touched.length = 0;
    matches.length = 0;
  }
  return spans;
}

/** Pattern matches in one field; `offset` is where the field starts in the tokenised text. */
function patternSpans(compiled: CompiledTaxonomy, field: string, offset: number, spans: Map<string, Span>[]): void {
  if (!field) return;
  compiled.topics.forEach((topic, t) => {
    for (const re of topic.patterns) {
      for (const m of field.matchAll(re)) if (m[0]) addSpan(spans, t, m[0], offset + (m.index ?? 0), true);
    }
  });
}

function sumWeights(spans: Map<string, Span> | undefined, fieldWeight: number): number {
  let total = 0;
  if (spans) for (const span of spans.values()) total += fieldWeight * (span.phrase ? PHRASE_WEIGHT : WORD_WEIGHT);
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
 * weighs 1, a phrase or pattern match 1.5, times 1.5 in the title and 0.5 in the body (weak keywords 0.25 of
 * that); boosts whose condition holds add their weight; score = 1 - exp(-total / 2). A single body word therefore scores 0.22 (not tagged),
 * a single title word 0.53. Topics whose `requires` fails are left out.
 */
export function scoreTopics(taxonomy: Taxonomy, story: StoryLayout, entities: EntityTag[], figures: Figure[]): TopicTag[] {
  const compiled = compileTaxonomy(taxonomy);
  const { tokens, titleEnd } = story;
  const titleSpans = keywordSpans(compiled, tokens, 0, titleEnd);
  const bodySpans = keywordSpans(compiled, tokens, titleEnd, tokens.count);
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
    tags.push({ topic: topic.id, score, evidence: mergeEvidence([titleSpans[t], bodySpans[t], titleSpans[t + n], bodySpans[t + n]], boostEvidence) });
  });
  return tags.sort((a, b) => b.score - a.score || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/** Keyword spans of title then body, then weak ones, each in order of appearance, then boost evidence; distinct, at most 5. */
function mergeEvidence(fields: (Map<string, Span> | undefined)[], extra: string[]): string[] {
  const merged = new Map<string, string>();
  for (const field of fields) {
    if (!field) continue;
    const spans = [...field].sort((a, b) => a[1].index - b[1].index);
    for (const [key, span] of spans) if (!merged.has(key)) merged.set(key, span.text);
  }
  for (const text of extra) if (!merged.has(spanKey(text))) merged.set(spanKey(text), text);
  return [...merged.values()].slice(0, MAX_EVIDENCE);
}
