/**
 * A taxonomy's keywords and a gazetteer's aliases share one trie, so a story's tokens are matched once for
 * both; topics.ts and entities.ts each read the matches of their own terms.
 */
import { addAliases } from './entities';
import type { Company } from './gazetteer';
import type { Taxonomy } from './taxonomy';
import { TermTrie, type TrieMatches, type WordTokens } from './tokens';
import { addKeywords } from './topics';

/** A company alias as a term. */
export interface AliasRef {
  company: number;
  common: boolean;
  /** The alias's words as written when case matters, else null. */
  cased: string[] | null;
}

/** A term of the shared trie: a topic keyword (the topic's index in the taxonomy) or a company alias. */
export type TermRef = number | AliasRef;

/** The terms found in a story (see TrieMatches). */
export type StoryMatches = TrieMatches<TermRef>;

const cache = new WeakMap<Taxonomy, WeakMap<Company[], TermTrie<TermRef>>>();

/** The shared trie, built once per (taxonomy, gazetteer) pair of objects. */
function termTrie(taxonomy: Taxonomy, gazetteer: Company[]): TermTrie<TermRef> {
  let byGazetteer = cache.get(taxonomy);
  if (!byGazetteer) cache.set(taxonomy, (byGazetteer = new WeakMap()));
  let trie = byGazetteer.get(gazetteer);
  if (!trie) {
    trie = new TermTrie<TermRef>();
    // Aliases first: a bad alias is reported before a bad keyword, as when entities were found first, and
    // every payload list holds its aliases before its topics, so entities.ts stops reading at a topic.
    addAliases(trie, gazetteer);
    addKeywords(trie, taxonomy);
    byGazetteer.set(gazetteer, trie);
  }
  return trie;
}

/** Every keyword and alias in the story; none spans the end of the title (token `titleEnd`). */
export function matchTerms(taxonomy: Taxonomy, gazetteer: Company[], tokens: WordTokens, titleEnd: number): StoryMatches {
  return termTrie(taxonomy, gazetteer).matchAll(tokens, titleEnd);
}
