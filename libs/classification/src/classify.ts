import { extractFigures, type Figure } from './figures';
import { GAZETTEER, type Company } from './gazetteer';
import { combineSentences, entitySentiment, sentenceSentiments, type Sentiment } from './sentiment';
import { DEFAULT_TAXONOMY, type Taxonomy } from './taxonomy';

export interface StoryText {
  title: string;
  summary?: string | null;
  content?: string | null;
}

/** score is 0..1; evidence holds the distinct matched spans as written in the story (at most 5). */
export interface TopicTag {
  topic: string;
  score: number;
  evidence: string[];
}

export interface EntityTag {
  name: string;
  ticker: string | null;
  exchange: string | null;
  evidence: string[];
  /** Sentiment of the sentences that mention the company; neutral 0 when none can be scored. */
  sentiment: Sentiment;
}

export interface Classification {
  topics: TopicTag[];
  entities: EntityTag[];
  /** Sentiment of title + summary + content for investors (see sentiment.ts). */
  sentiment: Sentiment;
  /** Percent moves, money, market-value changes, index moves and unit prices found in title + summary + content. */
  figures: Figure[];
}

/** A topic is reported only at or above this score: one generic word in the body stays below it. */
export const MIN_TOPIC_SCORE = 0.3;
const MAX_EVIDENCE = 5;
const TITLE_WEIGHT = 1.5;
const BODY_WEIGHT = 0.5;
const WORD_WEIGHT = 1;
const PHRASE_WEIGHT = 1.5;

interface CompiledTopic {
  id: string;
  pattern: RegExp;
}

interface CompiledCompany {
  company: Company;
  pattern: RegExp;
}

const topicCache = new WeakMap<Taxonomy, CompiledTopic[]>();
const companyCache = new WeakMap<Company[], CompiledCompany[]>();

/**
 * Tags a story with topics from the taxonomy and companies from the gazetteer. Pure and deterministic.
 * Each distinct span (case-insensitive) counts once per field: a word weighs 1, a phrase 1.5, times 1.5 in
 * the title and 0.5 in the body; score = 1 - exp(-total / 2). A single body word therefore scores 0.22
 * (not tagged), a single title word 0.53.
 */
export function classifyStory(
  story: StoryText,
  taxonomy: Taxonomy = DEFAULT_TAXONOMY,
  gazetteer: Company[] = GAZETTEER,
): Classification {
  const title = plainText(story.title ?? '');
  const body = [story.summary, story.content].filter((s): s is string => !!s).map(plainText).join('\n');

  const topics: TopicTag[] = [];
  for (const { id, pattern } of compileTaxonomy(taxonomy)) {
    const titleSpans = distinctSpans(title, pattern);
    const bodySpans = distinctSpans(body, pattern);
    const weighted = sumWeights(titleSpans, TITLE_WEIGHT) + sumWeights(bodySpans, BODY_WEIGHT);
    const score = Math.round((1 - Math.exp(-weighted / 2)) * 100) / 100;
    if (score >= MIN_TOPIC_SCORE) {
      topics.push({ topic: id, score, evidence: mergeEvidence(titleSpans, bodySpans) });
    }
  }
  topics.sort((a, b) => b.score - a.score || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));

  const text = `${title}\n${body}`;
  const sentences = sentenceSentiments(text);
  const found: { first: number; tag: EntityTag }[] = [];
  for (const { company, pattern } of compileGazetteer(gazetteer)) {
    const mentions: { index: number; length: number }[] = [];
    const spans = distinctSpans(text, pattern, mentions);
    if (spans.size === 0) continue;
    const first = mentions[0].index;
    const evidence = [...spans.values()].map((s) => s.text).slice(0, MAX_EVIDENCE);
    const sentiment = entitySentiment(text, mentions, sentences);
    found.push({ first, tag: { name: company.name, ticker: company.ticker, exchange: company.exchange, evidence, sentiment } });
  }
  found.sort((a, b) => a.first - b.first);

  return { topics, entities: found.map((f) => f.tag), sentiment: combineSentences(sentences), figures: extractFigures(text) };
}

interface Span {
  text: string;
  index: number;
  phrase: boolean;
}

/** Distinct matches keyed by their lowercase form, first occurrence kept, in order of appearance; `all` collects every match. */
function distinctSpans(text: string, pattern: RegExp, all?: { index: number; length: number }[]): Map<string, Span> {
  const spans = new Map<string, Span>();
  if (!text) return spans;
  for (const m of text.matchAll(pattern)) {
    all?.push({ index: m.index ?? 0, length: m[0].length });
    const key = m[0].toLowerCase().replace(/[\s\-\u2010-\u2014]+/g, ' ');
    if (!spans.has(key)) spans.set(key, { text: m[0], index: m.index ?? 0, phrase: key.includes(' ') });
  }
  return spans;
}

function sumWeights(spans: Map<string, Span>, fieldWeight: number): number {
  let total = 0;
  for (const span of spans.values()) total += fieldWeight * (span.phrase ? PHRASE_WEIGHT : WORD_WEIGHT);
  return total;
}

function mergeEvidence(titleSpans: Map<string, Span>, bodySpans: Map<string, Span>): string[] {
  const merged = new Map(titleSpans);
  for (const [key, span] of bodySpans) if (!merged.has(key)) merged.set(key, span);
  return [...merged.values()].map((s) => s.text).slice(0, MAX_EVIDENCE);
}

function compileTaxonomy(taxonomy: Taxonomy): CompiledTopic[] {
  let compiled = topicCache.get(taxonomy);
  if (!compiled) {
    compiled = taxonomy.topics
      .filter((t) => t.keywords.length > 0)
      .map((t) => ({ id: t.id, pattern: termsPattern(t.keywords, false) }));
    topicCache.set(taxonomy, compiled);
  }
  return compiled;
}

function compileGazetteer(gazetteer: Company[]): CompiledCompany[] {
  let compiled = companyCache.get(gazetteer);
  if (!compiled) {
    compiled = gazetteer
      .filter((c) => c.aliases.length > 0)
      .map((c) => ({ company: c, pattern: termsPattern(c.aliases, !!c.caseSensitive) }));
    companyCache.set(gazetteer, compiled);
  }
  return compiled;
}

const WORD_CHAR = '[\\p{L}\\p{N}]';

/**
 * One alternation for a list of terms, longest first so the most specific term wins at a position.
 * Boundaries are "not a letter or digit" on both sides, so "Nvidia's" matches "Nvidia" and "metadata" never
 * matches "meta". Spaces and hyphens in a term match any run of whitespace or hyphens/dashes.
 */
function termsPattern(terms: string[], caseSensitive: boolean): RegExp {
  const sources = [...new Set(terms.map((t) => t.trim()).filter(Boolean))]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map(termSource);
  return new RegExp(`(?<!${WORD_CHAR})(?:${sources.join('|')})(?!${WORD_CHAR})`, caseSensitive ? 'gu' : 'giu');
}

function termSource(term: string): string {
  const prefix = term.endsWith('*');
  const core = prefix ? term.slice(0, -1) : term;
  const source = core
    .split(/[\s\-]+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/'/g, "['’]"))
    .join('[\\s\\-\\u2010-\\u2014]+');
  return prefix ? `${source}${WORD_CHAR}*` : source;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Feed text often carries HTML: drop tags and decode the common entities so "S&amp;P 500" matches. */
function plainText(text: string): string {
  if (!/[<&]/.test(text)) return text;
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] !== '#') return ENTITIES[code.toLowerCase()] ?? whole;
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    });
}
