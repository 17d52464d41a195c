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
  private readonly lowerCache: (string | undefined)[];
  /** Each token's number among the term words (see termWordId) + 2, 0 until looked up; for `idsFor` words. */
  private ids: number[] | null = null;
  private idsFor = -1;

  /** `lowered` is text.toLowerCase(), when the caller has it already. */
  constructor(
    readonly text: string,
    readonly starts: number[],
    readonly ends: number[],
    lowered = text.toLowerCase(),
  ) {
    this.count = starts.length;
    // preallocated: filled out of order, a growing array could turn sparse (and slow)
    this.lowerCache = new Array(this.count);
    // one toLowerCase of the whole text is far cheaper than one per word
    this.lowered = lowered.length === text.length ? lowered : null;
  }

  /**
   * Token i's number among the words of all TermTrie terms (-1: in none), shared by every trie: looked up at
   * most once per token, and again only if tries were built with new words since.
   */
  termWordId(i: number): number {
    if (this.ids === null || this.idsFor !== termWordCount) {
      // a plain array: allocating a typed array costs more than filling this one
      this.ids = new Array<number>(this.count).fill(0);
      this.idsFor = termWordCount;
    }
    const known = this.ids[i];
    if (known !== 0) return known - 2;
    const id = this.findIn(termWords, i)?.payload ?? -1;
    this.ids[i] = id + 2;
    return id;
  }

  /** False when token i (lowercased) is certainly not in the filter. */
  mayBeIn(filter: WordFilter, i: number): boolean {
    if (this.lowered === null) return filter.mayContain(this.lower(i));
    const start = this.starts[i];
    const end = this.ends[i];
    return filter.has(end - start, this.lowered.charCodeAt(start), this.lowered.charCodeAt(end - 1));
  }

  /** True when token i, lowercased, starts with `prefix` (lowercase); compared in place, without slicing. */
  lowerStartsWith(i: number, prefix: string): boolean {
    const lowered = this.lowered;
    if (lowered === null) return this.lower(i).startsWith(prefix);
    const start = this.starts[i];
    if (this.ends[i] - start < prefix.length) return false;
    for (let k = 0; k < prefix.length; k++) if (lowered.charCodeAt(start + k) !== prefix.charCodeAt(k)) return false;
    return true;
  }

  /** prefixKey of token i lowercased, read in place. */
  prefixKey(i: number): number {
    const lowered = this.lowered;
    if (lowered === null) return prefixKey(this.lower(i));
    const start = this.starts[i];
    const length = this.ends[i] - start;
    if (length < 2) return -1;
    return ((lowered.charCodeAt(start) & 31) << 10) | ((lowered.charCodeAt(start + 1) & 31) << 5) | (length > 2 ? lowered.charCodeAt(start + 2) & 31 : 0);
  }

  /** Token i lowercased. */
  lower(i: number): string {
    // a term word's stored copy spares a slice, and compares equal to other copies by pointer
    const ids = this.ids;
    if (ids !== null && ids[i] > 1 && this.idsFor === termWordCount) return termWordList[ids[i] - 2];
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
    if (this.lowered === null) return filter.mayStartWithHead(this.lower(i));
    const start = this.starts[i];
    return this.ends[i] - start > 1 && filter.has(2, this.lowered.charCodeAt(start), this.lowered.charCodeAt(start + 1));
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
  private readonly entries: { word: string; payload: T }[] = [];
  private readonly hashes: number[] = [];
  /** Open addressing, at most half full: each slot holds an entry's index + 1, or 0 when empty. */
  private table = new Int32Array(64);

  add(word: string, payload: T): void {
    const entry = this.get(word);
    if (entry) {
      entry.payload = payload;
      return;
    }
    this.entries.push({ word, payload });
    this.hashes.push(Interner.hash(word, 0, word.length));
    this.filter.add(word);
    if (this.entries.length * 2 > this.table.length) {
      this.table = new Int32Array(this.table.length * 2);
      for (let e = 0; e < this.entries.length; e++) this.place(e);
    } else this.place(this.entries.length - 1);
  }

  get(word: string): { word: string; payload: T } | null {
    return this.find(word, 0, word.length);
  }

  /** The entry for lower[start, end), or null. */
  find(lower: string, start: number, end: number): { word: string; payload: T } | null {
    const length = end - start;
    if (length === 0 || !this.filter.has(length, lower.charCodeAt(start), lower.charCodeAt(end - 1))) return null;
    const hash = Interner.hash(lower, start, end);
    const mask = this.table.length - 1;
    for (let slot = Interner.spread(hash) & mask; ; slot = (slot + 1) & mask) {
      const index = this.table[slot] - 1;
      if (index < 0) return null;
      if (this.hashes[index] !== hash) continue;
      const entry = this.entries[index];
      if (entry.word.length === length && sameChars(lower, start, entry.word)) return entry;
    }
  }

  private place(index: number): void {
    const mask = this.table.length - 1;
    let slot = Interner.spread(this.hashes[index]) & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = index + 1;
  }

  private static hash(text: string, start: number, end: number): number {
    let h = 0;
    for (let k = start; k < end; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
    return h;
  }

  /** Mixes the high bits of a hash into the low ones, which pick the slot. */
  private static spread(hash: number): number {
    return Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) ^ (hash >>> 7);
  }
}

/** True when text[start, start + word.length) is `word`: compared in place, without slicing. */
function sameChars(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
}

/** 1 for the ASCII letters and digits: most characters of a story are ASCII and need no further test. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = isWordCode(c) ? 1 : 0;

/**
 * Word boundaries of the last text tokenised, reused: a typed array per story costs more than the scan. Grown
 * up to 64K entries; a longer text gets an array of its own, so one huge text does not pin its size.
 */
let boundsScratch = new Int32Array(4096);
const MAX_SCRATCH = 1 << 16;

/**
 * One pass over the text. Branch-free at word boundaries: each character's offset is written at the next
 * boundary slot, which only advances when the character's class (word or not) changes, so the CPU does
 * not mispredict a branch at the start and end of every word.
 */
export function tokenizeWords(text: string): WordTokens {
  const lowered = text.toLowerCase();
  // Lowercasing keeps every character's class (letter/digit or not), and as no character's lowercase is
  // shorter, an unchanged length means unchanged offsets: then scan the lowercase copy, a flat string (the
  // text is often a concatenation, slower to read character by character).
  const scanned = lowered.length === text.length ? lowered : text;
  const n = text.length;
  if (boundsScratch.length < n + 2 && n + 2 <= MAX_SCRATCH) boundsScratch = new Int32Array(n + 2);
  const bounds = boundsScratch.length >= n + 2 ? boundsScratch : new Int32Array(n + 2);
  let k = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const c = scanned.charCodeAt(i);
    let w: number;
    if (c < 128) w = ASCII_WORD[c];
    else {
      const code = codeAt(scanned, i);
      w = isWordCode(code) ? 1 : 0;
      if (code > 0xffff) {
        // both units of a surrogate pair take the pair's class
        bounds[k] = i;
        k += w ^ prev;
        prev = w;
        i++;
        continue;
      }
    }
    bounds[k] = i;
    k += w ^ prev;
    prev = w;
  }
  bounds[k] = n;
  k += prev;
  // sized up front: cheaper than growing the arrays by push
  const count = k >> 1;
  const starts = new Array<number>(count);
  const ends = new Array<number>(count);
  for (let t = 0; t < count; t++) {
    starts[t] = bounds[2 * t];
    ends[t] = bounds[2 * t + 1];
  }
  return new WordTokens(text, starts, ends, lowered);
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

/**
 * Every word of every TermTrie's terms, numbered: a story's tokens are looked up here once (see
 * WordTokens.termWordId) and each trie then steps by number, however many tries scan the story.
 */
const termWords = new Interner<number>();
/** The words of `termWords` by number. */
const termWordList: string[] = [];
let termWordCount = 0;

function termWordId(word: string): number {
  const known = termWords.get(word);
  if (known) return known.payload;
  termWords.add(word, termWordCount);
  termWordList.push(word);
  return termWordCount++;
}

interface TrieNode<T> {
  /** Children by term word id of the next token, each with the separator that must come before it (root: ''). */
  next: Map<number, Child<T>[]>;
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

/**
 * Matches grouped by the token they start at (most tokens start none): group g starts at token at[g] and holds
 * matches[from[g]] .. matches[from[g + 1] - 1], shortest first.
 */
export interface TrieMatches<T> {
  at: number[];
  from: number[];
  matches: TrieMatch<T>[];
}

function newNode<T>(): TrieNode<T> {
  return { next: new Map(), prefixes: [], terms: [] };
}

/**
 * Key of a word's first three characters, 5 bits each (0 for a missing third), for root prefix lookups; -1
 * for a word under two characters. Different heads may share a key: it only narrows the prefixes to compare.
 */
function prefixKey(word: string): number {
  if (word.length < 2) return -1;
  return ((word.charCodeAt(0) & 31) << 10) | ((word.charCodeAt(1) & 31) << 5) | (word.length > 2 ? word.charCodeAt(2) & 31 : 0);
}

/**
 * Terms (words, phrases, prefixes) mapped to payloads, matched case-insensitively token by token (callers
 * that need case check the tokens as written on the few matches). A token costs an array read for the words
 * and one for the prefixes (plus a comparison with the few prefixes that share its first three characters'
 * key), then one Map access per further word of a phrase that keeps matching, whatever the number of terms.
 */
export class TermTrie<T> {
  private readonly root = newNode<T>();
  /** The root's children by term word id (see termWordId), and a filter of their words. */
  private readonly rootWords: (TrieNode<T> | undefined)[] = [];
  private readonly rootFilter = new WordFilter();
  /** Root-level prefix words, one edge per prefix. */
  private readonly rootPrefixes = new Map<string, PrefixEdge<T>>();
  /**
   * Index + 1 in `buckets` of the root prefixes a token with a given prefixKey may start with (0: none), and a
   * bitset of the keys that have a bucket: it stays in the CPU cache, where the 64 KB index often does not.
   */
  private readonly bucketOf = new Uint16Array(1 << 15);
  private readonly hasBucket = new Uint32Array(1 << 10);
  private readonly buckets: PrefixEdge<T>[][] = [];

  /** Adds a term; throws when it has no word or its prefix is shorter than two characters. */
  add(term: string, payload: T): void {
    const parsed = parseTerm(term);
    if (!parsed) throw new Error(`term "${term}" has no letters or digits`);
    const { lower: words, gaps, prefix } = parsed;
    const last = words.length - 1;
    if (prefix && words[last].length < 2) throw new Error(`prefix term "${term}" needs at least 2 characters before '*'`);
    let node = this.root;
    const steps = prefix ? last : words.length;
    for (let k = 0; k < steps; k++) {
      node = this.child(node, words[k], gaps[k]);
      if (k === 0) this.setRootWord(words[0], node);
    }
    if (!prefix) node.terms.push(payload);
    else if (node === this.root) this.rootPrefix(words[last]).terms.push(payload);
    else {
      let edge = node.prefixes.find((e) => e.gap === gaps[last] && e.prefix === words[last]);
      if (!edge) node.prefixes.push((edge = { gap: gaps[last], prefix: words[last], terms: [] }));
      edge.terms.push(payload);
    }
  }

  /** Every term that starts at token `i` and ends before token `limit`, shortest first, appended to `out`. */
  matchAt(tokens: WordTokens, i: number, limit: number, out: TrieMatch<T>[]): void {
    this.matchFrom(tokens, i, this.bucketAt(tokens, i), this.rootAt(tokens, i), limit, out);
  }

  /** Every term in the tokens, grouped by first token; none spans token `sectionEnd - 1` and `sectionEnd`. */
  matchAll(tokens: WordTokens, sectionEnd: number): TrieMatches<T> {
    const at: number[] = [];
    const from: number[] = [];
    const matches: TrieMatch<T>[] = [];
    for (let i = 0; i < tokens.count; i++) {
      const bucket = this.bucketAt(tokens, i);
      const node = this.rootAt(tokens, i);
      // most tokens start no term
      if (bucket === 0 && node === undefined) continue;
      const before = matches.length;
      this.matchFrom(tokens, i, bucket, node, i < sectionEnd ? sectionEnd : tokens.count, matches);
      if (matches.length === before) continue;
      at.push(i);
      from.push(before);
    }
    from.push(matches.length);
    return { at, from, matches };
  }

  /** Index + 1 of the bucket of root prefixes token i may start with; 0 when none. */
  private bucketAt(tokens: WordTokens, i: number): number {
    const key = tokens.prefixKey(i);
    return key < 0 || (this.hasBucket[key >>> 5] & (1 << (key & 31))) === 0 ? 0 : this.bucketOf[key];
  }

  /** The root's child for token i, if any; the filter spares most tokens a lookup. */
  private rootAt(tokens: WordTokens, i: number): TrieNode<T> | undefined {
    if (!tokens.mayBeIn(this.rootFilter, i)) return undefined;
    const id = tokens.termWordId(i);
    return id < 0 ? undefined : this.rootWords[id];
  }

  /** The terms at token i: root prefixes from `bucket` (see bucketAt), then words and phrases from `root`. */
  private matchFrom(tokens: WordTokens, i: number, bucket: number, root: TrieNode<T> | undefined, limit: number, out: TrieMatch<T>[]): void {
    if (bucket !== 0) {
      const edges = this.buckets[bucket - 1];
      for (let e = 0; e < edges.length; e++) if (tokens.lowerStartsWith(i, edges[e].prefix)) out.push({ payloads: edges[e].terms, last: i });
    }
    let node = root;
    let j = i;
    while (node !== undefined) {
      if (node.terms.length > 0) out.push({ payloads: node.terms, last: j });
      if (j + 1 >= limit) break;
      const { next, prefixes } = node;
      // most nodes end their terms (single words): then the next token need not be looked up at all
      const children = next.size === 0 ? undefined : next.get(tokens.termWordId(j + 1));
      if (children === undefined && prefixes.length === 0) break;
      const gap = tokens.gap(j + 1);
      for (let e = 0; e < prefixes.length; e++) {
        const edge = prefixes[e];
        if (edge.gap === gap && tokens.lowerStartsWith(j + 1, edge.prefix)) out.push({ payloads: edge.terms, last: j + 1 });
      }
      node = undefined;
      if (children !== undefined) {
        for (let c = 0; c < children.length; c++) {
          if (children[c].gap === gap) {
            node = children[c].node;
            break;
          }
        }
      }
      j++;
    }
  }

  private child(node: TrieNode<T>, word: string, gap: string): TrieNode<T> {
    const id = termWordId(word);
    let children = node.next.get(id);
    if (!children) node.next.set(id, (children = []));
    let child = children.find((c) => c.gap === gap);
    if (!child) children.push((child = { gap, node: newNode<T>() }));
    return child.node;
  }

  private setRootWord(word: string, node: TrieNode<T>): void {
    const id = termWordId(word);
    // filled densely, so the array keeps fast elements
    while (this.rootWords.length <= id) this.rootWords.push(undefined);
    this.rootWords[id] = node;
    this.rootFilter.add(word);
  }

  /** The root edge of a prefix, listed in the bucket of every key a token starting with it can have. */
  private rootPrefix(prefix: string): PrefixEdge<T> {
    let edge = this.rootPrefixes.get(prefix);
    if (edge) return edge;
    edge = { gap: '', prefix, terms: [] };
    this.rootPrefixes.set(prefix, edge);
    const key = prefixKey(prefix);
    // a two-character prefix does not fix the third character (nor whether there is one)
    const keys = prefix.length > 2 ? [key] : Array.from({ length: 32 }, (_, third) => key | third);
    for (const k of keys) {
      if (this.bucketOf[k] === 0) {
        this.bucketOf[k] = this.buckets.push([]);
        this.hasBucket[k >>> 5] |= 1 << (k & 31);
      }
      this.buckets[this.bucketOf[k] - 1].push(edge);
    }
    return edge;
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
