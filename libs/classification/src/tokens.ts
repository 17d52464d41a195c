/**
 * Word tokens and a token trie: the classifier tokenises a story once and looks terms up per token instead of
 * running one Unicode regex per topic and per company over the whole text.
 *
 * A word is a maximal run of letters and digits (Unicode \p{L} and \p{N}), the same boundary the earlier
 * regexes used, so "Nvidia's" holds the word "Nvidia" and "metadata" never holds "meta".
 */
/**
 * The words of a text with their offsets. Lowercase forms and separators are made on demand: most words are
 * only looked up through an Interner or WordFilter (which read character codes) and never need a string of their own.
 */
export class WordTokens {
  readonly count: number;
  /** The text lowercased, or null when lowercasing would move offsets (then words are lowercased one by one). */
  private readonly lowered: string | null;
  private readonly lowerCache: (string | undefined)[] = [];
  /** WordFilter slot of each token's first two characters, lowercased (-1: unknown, check the word). */
  private readonly headSlots: Int32Array;

  constructor(
    readonly text: string,
    readonly starts: number[],
    readonly ends: number[],
  ) {
    this.count = starts.length;
    // one toLowerCase of the whole text is far cheaper than one per word
    const lowered = text.toLowerCase();
    this.lowered = lowered.length === text.length ? lowered : null;
    this.headSlots = new Int32Array(this.count).fill(-1);
    if (this.lowered === null) return;
    for (let i = 0; i < this.count; i++) {
      const start = starts[i];
      this.headSlots[i] = ends[i] - start > 1 ? WordFilter.slot(2, lowered.charCodeAt(start), lowered.charCodeAt(start + 1)) : WordFilter.NO_SLOT;
    }
  }

  /** Token i lowercased. */
  lower(i: number): string {
    let word = this.lowerCache[i];
    if (word === undefined) {
      word = this.lowered !== null ? this.lowered.slice(this.starts[i], this.ends[i]) : this.written(i).toLowerCase();
      this.lowerCache[i] = word;
    }
    return word;
  }

  /** Token i as written. */
  written(i: number): string {
    return this.text.slice(this.starts[i], this.ends[i]);
  }

  /** The separator before token i, normalised (see normaliseGap); '' before the first token. */
  gap(i: number): string {
    return i === 0 ? '' : normaliseGap(this.text, this.ends[i - 1], this.starts[i]);
  }

  /** The interner's entry for token i (lowercased), or null. */
  findIn<T>(interner: Interner<T>, i: number): { word: string; payload: T } | null {
    return this.lowered !== null ? interner.find(this.lowered, this.starts[i], this.ends[i]) : interner.get(this.lower(i));
  }

  /** False when token i certainly does not start with any of the filter's heads. */
  mayStartWithHead(filter: WordFilter, i: number): boolean {
    const slot = this.headSlots[i];
    return slot >= 0 ? filter.hasSlot(slot) : slot === -1 && filter.mayStartWithHead(this.lower(i));
  }
}

/** Separator between two words of a phrase: any run of whitespace, hyphens and dashes. */
export const SPACE_GAP = ' ';

/** 0 = unknown, 1 = word character, 2 = not; filled lazily for the BMP outside ASCII. */
const wordCharCache = new Uint8Array(0x10000);
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

function isWordCode(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  if (code > 0xffff) return WORD_CHAR_RE.test(String.fromCodePoint(code));
  let known = wordCharCache[code];
  if (known === 0) {
    known = WORD_CHAR_RE.test(String.fromCharCode(code)) ? 1 : 2;
    wordCharCache[code] = known;
  }
  return known === 1;
}

/** True for whitespace, '-' and the Unicode hyphens/dashes U+2010..U+2014, which all join phrase words. */
function isSpaceOrDash(code: number): boolean {
  return code === 32 || code === 45 || (code >= 9 && code <= 13) || code === 0xa0 || (code >= 0x2010 && code <= 0x2014) ||
    code === 0x2028 || code === 0x2029 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a) || code === 0x1680 ||
    code === 0x202f || code === 0x205f || code === 0xfeff;
}

/**
 * A separator as phrases see it: ' ' when it is only whitespace/hyphens/dashes, otherwise the literal
 * characters with a curly apostrophe read as a straight one ("S&P", "O’Neil" -> "'").
 */
export function normaliseGap(text: string, from: number, to: number): string {
  if (to - from === 1 && text.charCodeAt(from) === 32) return SPACE_GAP;
  let spaceOnly = true;
  for (let k = from; k < to; k++) {
    if (!isSpaceOrDash(text.charCodeAt(k))) {
      spaceOnly = false;
      break;
    }
  }
  if (spaceOnly) return SPACE_GAP;
  return text.slice(from, to).replace(/\u2019/g, "'");
}

/** The code point at i; charCodeAt first, as surrogate pairs are rare. */
function codeAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
}

/**
 * A cheap "maybe" filter over words by (length, first and last character), checked before a Map lookup: most
 * words of a story are in no term list, and hashing them costs more than this check. `head` variants look at
 * a word's first two characters only (for prefix terms).
 */
export class WordFilter {
  private readonly bits = new Uint32Array(512);

  add(word: string): void {
    this.set(word.length, word.charCodeAt(0), word.charCodeAt(word.length - 1));
  }

  mayContain(word: string): boolean {
    return this.has(word.length, word.charCodeAt(0), word.charCodeAt(word.length - 1));
  }

  has(length: number, first: number, last: number): boolean {
    return this.hasSlot(WordFilter.slot(length, first, last));
  }

  hasSlot(slot: number): boolean {
    return (this.bits[slot >>> 5] & (1 << (slot & 31))) !== 0;
  }

  addHead(word: string): void {
    this.set(2, word.charCodeAt(0), word.charCodeAt(1));
  }

  mayStartWithHead(word: string): boolean {
    return word.length > 1 && this.has(2, word.charCodeAt(0), word.charCodeAt(1));
  }

  private set(length: number, first: number, last: number): void {
    const slot = WordFilter.slot(length, first, last);
    this.bits[slot >>> 5] |= 1 << (slot & 31);
  }


  /** A slot for words too short to have a head: never set. */
  static readonly NO_SLOT = -2;

  static slot(length: number, first: number, last: number): number {
    return ((length & 15) << 10) | ((first & 31) << 5) | (last & 31);
  }
}

/**
 * Words with a payload, found straight from a lowercase text range without slicing it: a WordFilter check, then
 * a hash of the characters and a comparison in place. Returns the stored copy of the word, whose hash V8 has
 * already computed, so later Map lookups with it are cheap too.
 */
export class Interner<T> {
  private readonly filter = new WordFilter();
  private readonly byHash = new Map<number, { word: string; payload: T }[]>();

  add(word: string, payload: T): void {
    const hash = Interner.hash(word, 0, word.length);
    let bucket = this.byHash.get(hash);
    if (!bucket) this.byHash.set(hash, (bucket = []));
    const entry = bucket.find((e) => e.word === word);
    if (entry) entry.payload = payload;
    else bucket.push({ word, payload });
    this.filter.add(word);
  }

  get(word: string): { word: string; payload: T } | null {
    return this.find(word, 0, word.length);
  }

  /** The entry for lower[start, end), or null. */
  find(lower: string, start: number, end: number): { word: string; payload: T } | null {
    const length = end - start;
    if (length === 0 || !this.filter.has(length, lower.charCodeAt(start), lower.charCodeAt(end - 1))) return null;
    const bucket = this.byHash.get(Interner.hash(lower, start, end));
    if (bucket) for (const e of bucket) if (e.word.length === length && lower.startsWith(e.word, start)) return e;
    return null;
  }

  private static hash(text: string, start: number, end: number): number {
    let h = 0;
    for (let k = start; k < end; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
    return h;
  }
}

/** One pass over the text. */
export function tokenizeWords(text: string): WordTokens {
  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = codeAt(text, i);
    if (!isWordCode(code)) {
      i += code > 0xffff ? 2 : 1;
      continue;
    }
    starts.push(i);
    i += code > 0xffff ? 2 : 1;
    while (i < n) {
      const c = codeAt(text, i);
      if (!isWordCode(c)) break;
      i += c > 0xffff ? 2 : 1;
    }
    ends.push(i);
  }
  return new WordTokens(text, starts, ends);
}

/** A term as the trie stores it: its words, the separators between them, and whether the last word is a prefix. */
export interface ParsedTerm {
  /** Words as written in the term. */
  words: string[];
  lower: string[];
  gaps: string[];
  prefix: boolean;
}

/**
 * Splits a term ("open source", "s&p 500", "chip*", "fine tun*") the way story text is split. Returns null when
 * it holds no word. A trailing '*' makes the last word a prefix; spaces and hyphens between words match any run
 * of whitespace, hyphens and dashes; other punctuation between words must appear as written.
 */
export function parseTerm(term: string): ParsedTerm | null {
  const trimmed = term.trim();
  const prefix = trimmed.endsWith('*');
  const core = prefix ? trimmed.slice(0, -1) : trimmed;
  const tokens = tokenizeWords(core);
  if (tokens.count === 0) return null;
  const indices = tokens.starts.map((_, k) => k);
  return { words: indices.map((k) => tokens.written(k)), lower: indices.map((k) => tokens.lower(k)), gaps: indices.map((k) => tokens.gap(k)), prefix };
}

interface TrieNode<T> {
  /** Children by lowercase token, each with the separator that must come before that token (root: ''). */
  next: Map<string, Child<T>[]>;
  /** Prefix words that may follow this node, each with the terms they end. */
  prefixes: PrefixEdge<T>[];
  /** Payloads of the terms that end at this node. */
  terms: T[];
}

interface Child<T> {
  gap: string;
  node: TrieNode<T>;
}

interface PrefixEdge<T> {
  gap: string;
  prefix: string;
  terms: T[];
}

/** A term found in the tokens: its payloads and the index of its last token. */
export interface TrieMatch<T> {
  payloads: readonly T[];
  last: number;
}

function newNode<T>(): TrieNode<T> {
  return { next: new Map(), prefixes: [], terms: [] };
}

/** Map key of a token's first two UTF-16 units, so root prefixes are found without slicing the token. */
function headKey(word: string): number {
  return word.charCodeAt(0) * 0x10000 + (word.length > 1 ? word.charCodeAt(1) : 0);
}

/**
 * Terms (words, phrases, prefixes) mapped to payloads, matched case-insensitively token by token (callers
 * that need case check the tokens as written on the few matches). Lookups cost one Map access per token plus
 * one per further word of a phrase that keeps matching, whatever the number of terms.
 */
export class TermTrie<T> {
  private readonly root = newNode<T>();
  /** Root-level prefix words by their first two characters, so a token checks only a few. */
  private readonly rootPrefixes = new Map<number, PrefixEdge<T>[]>();
  /** The root's children again, found without slicing the token; and a filter of root prefix heads. */
  private readonly rootWords = new Interner<TrieNode<T>>();
  private readonly prefixHeads = new WordFilter();

  /** Adds a term; throws when it has no word or its prefix is shorter than two characters. */
  add(term: string, payload: T): void {
    const parsed = parseTerm(term);
    if (!parsed) throw new Error(`term "${term}" has no letters or digits`);
    const { lower: words, gaps, prefix } = parsed;
    const last = words.length - 1;
    if (prefix && words[last].length < 2) throw new Error(`prefix term "${term}" needs at least 2 characters before '*'`);
    if (prefix && last === 0) this.prefixHeads.addHead(words[0]);
    let node = this.root;
    const steps = prefix ? last : words.length;
    for (let k = 0; k < steps; k++) {
      node = this.child(node, words[k], gaps[k]);
      if (k === 0) this.rootWords.add(words[0], node);
    }
    if (!prefix) {
      node.terms.push(payload);
      return;
    }
    const edges = node === this.root ? this.rootEdges(words[last]) : node.prefixes;
    const gap = node === this.root ? '' : gaps[last];
    let edge = edges.find((e) => e.gap === gap && e.prefix === words[last]);
    if (!edge) {
      edge = { gap, prefix: words[last], terms: [] };
      edges.push(edge);
    }
    edge.terms.push(payload);
  }

  /** Every term that starts at token `i` and ends before token `limit`, shortest first, appended to `out`. */
  matchAt(tokens: WordTokens, i: number, limit: number, out: TrieMatch<T>[]): void {
    if (tokens.mayStartWithHead(this.prefixHeads, i)) {
      const token = tokens.lower(i);
      const heads = this.rootPrefixes.get(headKey(token));
      if (heads) for (const edge of heads) if (token.startsWith(edge.prefix)) out.push({ payloads: edge.terms, last: i });
    }
    let node = tokens.findIn(this.rootWords, i)?.payload;
    let j = i;
    while (node) {
      if (node.terms.length > 0) out.push({ payloads: node.terms, last: j });
      if (j + 1 >= limit || (node.next.size === 0 && node.prefixes.length === 0)) break;
      const gap = tokens.gap(j + 1);
      const nextToken = tokens.lower(j + 1);
      for (const edge of node.prefixes) {
        if (edge.gap === gap && nextToken.startsWith(edge.prefix)) out.push({ payloads: edge.terms, last: j + 1 });
      }
      node = node.next.get(nextToken)?.find((c) => c.gap === gap)?.node;
      j++;
    }
  }

  private child(node: TrieNode<T>, word: string, gap: string): TrieNode<T> {
    let children = node.next.get(word);
    if (!children) node.next.set(word, (children = []));
    let child = children.find((c) => c.gap === gap);
    if (!child) children.push((child = { gap, node: newNode<T>() }));
    return child.node;
  }

  private rootEdges(prefix: string): PrefixEdge<T>[] {
    const head = headKey(prefix);
    let edges = this.rootPrefixes.get(head);
    if (!edges) {
      edges = [];
      this.rootPrefixes.set(head, edges);
    }
    return edges;
  }
}

/** True when tokens first.. spell `words` exactly as written (case included). */
export function writtenAs(tokens: WordTokens, first: number, words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) {
    const at = first + k;
    const word = words[k];
    if (tokens.ends[at] - tokens.starts[at] !== word.length || !tokens.text.startsWith(word, tokens.starts[at])) return false;
  }
  return true;
}
