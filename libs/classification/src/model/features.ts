import { PairTable, TokenTable } from './token-table';
import { fieldTokenHashes } from './token-hashes';
import { fieldTerms, STOP_WORD_LIST, tokenize, type TokenizerSettings } from './tokenize';

/** The text fields of a story that feed the model. */
export interface StoryFields {
  title: string;
  summary?: string | null;
  content?: string | null;
}

/** A document as TF-IDF weights over vocabulary indices, L2-normalised (unit length unless empty). */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/** Everything needed to turn a story into a vector; serialised inside the model. */
export interface FeatureSpace {
  tokenizer: TokenizerSettings;
  /** Each title occurrence counts this many times: headlines state the topic more reliably than bodies. */
  titleWeight: number;
  /** Terms (unigrams, or two tokens joined by one space), index = feature number. */
  vocabulary: string[];
  /** Smoothed inverse document frequency per feature: ln((1 + n) / (1 + df)) + 1. */
  idf: number[];
}

export interface VocabularyOptions {
  tokenizer: TokenizerSettings;
  titleWeight: number;
  /** Terms in fewer training documents than this are dropped: they cannot generalise and bloat the model. */
  minDf: number;
  /** Keep at most this many terms, the most frequent first. */
  maxFeatures: number;
  /** Add adjacent-token pairs to the vocabulary ("export controls" means more than "export" and "controls"). */
  bigrams: boolean;
}

/** Lookup tables built once per feature space so vectorising a story never builds bigram strings. */
interface CompiledSpace {
  space: FeatureSpace;
  tokens: TokenTable;
  /** Present only when the space drops stop words: they must be skipped, not treated as unknown tokens. */
  stopWords: TokenTable | null;
  /** Number of features: a token id below it is the token's own unigram feature (one lookup fewer per token). */
  dimension: number;
  bigramFeature: PairTable;
  /** Per token id, 1 when some bigram feature starts with the token: most tokens start none and skip the lookup. */
  startsBigram: Uint8Array;
  idf: Float64Array;
  /** Scratch term counts, all zero between calls (vectorize is synchronous, so one buffer per space is safe). */
  counts: Float64Array;
  /** Scratch list of the features counted so far, in order of first count (the indices of vectorizeInScratch). */
  touched: Int32Array;
  /** Scratch values of vectorizeInScratch, as long as touched. */
  values: Float64Array;
}

const compiledSpaces = new WeakMap<FeatureSpace, CompiledSpace>();

/** Learns the vocabulary and idf from training stories (document frequency counts each term once per story). */
export function fitFeatureSpace(stories: StoryFields[], options: VocabularyOptions): FeatureSpace {
  const df = new Map<string, number>();
  for (const story of stories) {
    for (const term of storyTermSet(story, options)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const kept = [...df.entries()]
    .filter(([, count]) => count >= options.minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, options.maxFeatures);
  const n = stories.length;
  return {
    tokenizer: { ...options.tokenizer },
    titleWeight: options.titleWeight,
    vocabulary: kept.map(([term]) => term),
    idf: kept.map(([, count]) => Math.log((1 + n) / (1 + count)) + 1),
  };
}

/** Sublinear TF-IDF vector of a story: (1 + ln tf) × idf per known term, then scaled to unit length. */
export function vectorize(space: FeatureSpace, story: StoryFields): SparseVector {
  const { indices, values, length } = vectorizeInScratch(space, story);
  return { indices: indices.slice(0, length), values: values.slice(0, length) };
}

/** A vector in scratch buffers: entries [0, length) of indices and values. */
export interface ScratchVector {
  indices: Int32Array;
  values: Float64Array;
  length: number;
}

/**
 * vectorize() into buffers owned by the feature space, valid only until the next call on it: prediction, which
 * reads the vector once, then allocates nothing per story.
 */
export function vectorizeInScratch(space: FeatureSpace, story: StoryFields): ScratchVector {
  const compiled = compileSpace(space);
  let length = countField(compiled, story.title, space.titleWeight, 0);
  length = countField(compiled, story.summary, 1, length);
  length = countField(compiled, story.content, 1, length);

  const indices = compiled.touched;
  if (compiled.values.length < indices.length) compiled.values = new Float64Array(indices.length);
  const values = compiled.values;
  let norm = 0;
  for (let k = 0; k < length; k++) {
    const feature = indices[k];
    const count = compiled.counts[feature];
    // small whole counts (the usual case with a whole titleWeight) from a table: the same numbers as Math.log
    const sublinear = (count & 63) === count ? SUBLINEAR_TF[count] : 1 + Math.log(count);
    const value = sublinear * compiled.idf[feature];
    compiled.counts[feature] = 0;
    values[k] = value;
    norm += value * value;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let k = 0; k < length; k++) values[k] *= scale;
  }
  return { indices, values, length };
}

/** 1 + ln(count) for whole counts below 64. */
const SUBLINEAR_TF = Float64Array.from({ length: 64 }, (_, count) => 1 + Math.log(count));

function storyTermSet(story: StoryFields, options: VocabularyOptions): Set<string> {
  const terms = new Set<string>();
  for (const field of [story.title, story.summary, story.content]) {
    if (field) for (const term of fieldTerms(tokenize(field, options.tokenizer), options.bigrams)) terms.add(term);
  }
  return terms;
}

/**
 * Counts the unigram and bigram features of one field, as fieldTerms(tokenize(text)) would produce them, listing
 * newly counted features in compiled.touched after the first `touched`; returns the new length of that list.
 */
function countField(compiled: CompiledSpace, text: string | null | undefined, weight: number, touched: number): number {
  if (!text) return touched;
  const { tokens, stopWords } = compiled;
  const { data, count } = fieldTokenHashes(text, compiled.space.tokenizer.normaliseNumbers);
  let previous = -1;
  for (let k = 0; k < 2 * count; k += 2) {
    const key = data[k];
    const h2 = data[k + 1];
    if (stopWords && stopWords.idOf(key, h2) >= 0) continue;
    const id = tokens.idOf(key, h2);
    if (id >= 0) {
      if (id < compiled.dimension) touched = addCount(compiled, id, weight, touched);
      if (previous >= 0 && compiled.startsBigram[previous] === 1) {
        touched = addCount(compiled, compiled.bigramFeature.get(previous, id), weight, touched);
      }
    }
    previous = id;
  }
  return touched;
}

function addCount(compiled: CompiledSpace, feature: number, weight: number, touched: number): number {
  if (feature < 0) return touched;
  // only an odd titleWeight (0, negative) can list a feature twice and outgrow the vocabulary-sized buffer
  if (touched === compiled.touched.length) {
    const grown = new Int32Array(2 * touched);
    grown.set(compiled.touched);
    compiled.touched = grown;
  }
  // written always, kept when new: a first sighting is as likely as not, so a branch on it would often mispredict
  compiled.touched[touched] = feature;
  const next = touched + +(compiled.counts[feature] === 0);
  compiled.counts[feature] += weight;
  return next;
}

function compileSpace(space: FeatureSpace): CompiledSpace {
  const cached = compiledSpaces.get(space);
  if (cached) return cached;
  // A token's id is its unigram feature when it has one; tokens seen only inside bigrams are numbered after those.
  const dimension = space.vocabulary.length;
  const tokenIds = new Map<string, number>();
  const split = space.vocabulary.map((term) => term.split(' '));
  split.forEach((tokens, feature) => tokens.length === 1 && tokenIds.set(tokens[0], feature));
  let nextId = dimension;
  for (const tokens of split) for (const token of tokens) if (!tokenIds.has(token)) tokenIds.set(token, nextId++);

  const bigramFeature = new PairTable(split.length);
  const startsBigram = new Uint8Array(nextId);
  split.forEach((tokens, feature) => {
    if (tokens.length !== 2) return;
    const first = tokenIds.get(tokens[0]) as number;
    bigramFeature.set(first, tokenIds.get(tokens[1]) as number, feature);
    startsBigram[first] = 1;
  });
  const compiled: CompiledSpace = {
    space,
    tokens: new TokenTable(tokenIds),
    stopWords: space.tokenizer.stopWords ? new TokenTable(new Map(STOP_WORD_LIST.map((word, i) => [word, i]))) : null,
    dimension,
    bigramFeature,
    startsBigram,
    idf: Float64Array.from(space.idf),
    counts: new Float64Array(space.vocabulary.length),
    touched: new Int32Array(Math.max(space.vocabulary.length, 16)),
    values: new Float64Array(Math.max(space.vocabulary.length, 16)),
  };
  compiledSpaces.set(space, compiled);
  return compiled;
}
