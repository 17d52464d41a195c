import { findEntities } from './entities';
import { extractFigures, type Figure } from './figures';
import { GAZETTEER, type Company } from './gazetteer';
import { combineSentences, sentenceSentiments, type Sentiment } from './sentiment';
import { DEFAULT_TAXONOMY, type Taxonomy } from './taxonomy';
import { matchTerms } from './terms';
import { tokenizeWords } from './tokens';
import { scoreTopics } from './topics';

export { MIN_TOPIC_SCORE } from './topics';
export { PRIMARY_MIN_RELEVANCE } from './entities';

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
  /** 0..100: how much the story is about this entity (headline, lead, mention count, share of mentions). */
  relevance: number;
  /** The entity (or entities, when tied) the story is mainly about; false for all when every mention is in passing. */
  primary: boolean;
}

export interface Classification {
  topics: TopicTag[];
  entities: EntityTag[];
  /** Sentiment of title + summary + content for investors (see sentiment.ts). */
  sentiment: Sentiment;
  /** Percent moves, money, market-value changes, index moves and unit prices found in title + summary + content. */
  figures: Figure[];
}

/**
 * Tags a story with topics from the taxonomy (see topics.ts for scoring) and companies, labs and indices from
 * the gazetteer (see entities.ts), and adds sentiment and figures. Pure and deterministic.
 * The story is tokenised once; topics and aliases are looked up per token in one trie built once per taxonomy
 * and gazetteer pair of objects (so pass the same objects, not fresh copies, on every call).
 */
export function classifyStory(
  story: StoryText,
  taxonomy: Taxonomy = DEFAULT_TAXONOMY,
  gazetteer: Company[] = GAZETTEER,
): Classification {
  const title = plainText(story.title ?? '');
  const body = [story.summary, story.content].filter((s): s is string => !!s).map(plainText).join('\n');
  const text = `${title}\n${body}`;
  const tokens = tokenizeWords(text);
  let titleEnd = 0;
  while (titleEnd < tokens.count && tokens.starts[titleEnd] < title.length) titleEnd++;
  const layout = { title, body, tokens, titleEnd, matches: matchTerms(taxonomy, gazetteer, tokens, titleEnd) };

  const sentences = sentenceSentiments(text);
  // the sentences sentiment split the text into are the ones figures look in
  const figures = extractFigures(text, sentences);
  const entities = findEntities(gazetteer, layout, sentences);
  const topics = scoreTopics(taxonomy, layout, entities, figures);
  return { topics, entities, sentiment: combineSentences(sentences), figures };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Feed text often carries HTML: drop tags and decode the common entities so "S&amp;P 500" matches. */
function plainText(text: string): string {
  // indexOf finds a single character much faster than a regex scan
  if (text.indexOf('<') < 0 && text.indexOf('&') < 0) return text;
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      // own properties only: "&constructor;" must stay as written, not become Object's source text
      if (code[0] !== '#') return Object.hasOwn(ENTITIES, code.toLowerCase()) ? ENTITIES[code.toLowerCase()] : whole;
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    });
}
