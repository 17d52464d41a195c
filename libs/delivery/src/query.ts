/**
 * Boolean keyword queries over story text: `nvidia AND (export OR "chip ban") NOT rumour*`.
 *
 * Grammar (keywords are upper case; lower-case `and`/`or`/`not` are ordinary words):
 *   or      := and (("OR" | "||") and)*
 *   and     := unary (("AND" | "&&")? unary)*        adjacent terms are ANDed
 *   unary   := ("NOT" | "-") unary | primary         `-term` is NOT when the minus starts a token
 *   primary := word | word* | "quoted phrase" | "(" or ")"
 *
 * Words are compared after the same normalisation as the story text (see {@link textWords}), so
 * punctuation never matters: `nvidia` matches "Nvidia's", `S&P` is the phrase "s p", `U.S.` is "us".
 */

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_DEPTH = 20;
/** Shorter prefixes would match most stories and defeat the point of a filter. */
export const MIN_PREFIX_LENGTH = 2;

export type Query =
  | { kind: 'word'; word: string; prefix: boolean }
  | { kind: 'phrase'; words: string[] }
  | { kind: 'and'; items: Query[] }
  | { kind: 'or'; items: Query[] }
  | { kind: 'not'; item: Query };

/** A query that cannot be parsed; `position` is the 0-based offset of the offending token (null: the whole query). */
export class QuerySyntaxError extends Error {
  constructor(
    problem: string,
    readonly position: number | null,
    hint?: string,
  ) {
    super([problem, position === null ? '' : ` at ${position}`, hint ? `: ${hint}` : ''].join(''));
    this.name = 'QuerySyntaxError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Text normalisation, shared by stories and query terms so both sides always agree.

const DOTTED_ACRONYM = /(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu;
const POSSESSIVE = /['’]s(?![\p{L}\p{N}])/gu;
const APOSTROPHE = /['’]/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/**
 * The lower-case words of a text with accents, possessives and punctuation removed: "Nestlé's U.S. unit"
 * → ["nestle", "us", "unit"]. Apostrophes join ("don't" → "dont") so a query can never split a word differently.
 */
export function textWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(DOTTED_ACRONYM, (m) => m.replaceAll('.', ''))
    .replace(POSSESSIVE, '')
    .replace(APOSTROPHE, '')
    .split(NON_WORD)
    .filter((w) => w !== '');
}

/**
 * A story's words, tokenised once and shared by every query evaluated against it. Separate fields (title,
 * summary, content) are kept apart so that a phrase never spans the end of one and the start of the next.
 */
export class TokenizedText {
  /** All words in order; fields are separated by an empty string, which no query word equals. */
  private readonly sequence: string[] = [];
  private readonly positions = new Map<string, number[]>();
  private sorted?: string[];

  constructor(fields: string | readonly string[]) {
    for (const field of typeof fields === 'string' ? [fields] : fields) {
      if (this.sequence.length > 0) this.sequence.push('');
      for (const w of textWords(field)) {
        this.positionsOf(w).push(this.sequence.length);
        this.sequence.push(w);
      }
    }
  }

  /** Distinct words, for callers that look up per-word indexes. */
  get distinctWords(): IterableIterator<string> {
    return this.positions.keys();
  }

  get distinctWordCount(): number {
    return this.positions.size;
  }

  has(word: string): boolean {
    return this.positions.has(word);
  }

  /** Binary search over the sorted distinct words, sorted on first use: most stories meet no prefix query. */
  hasPrefix(prefix: string): boolean {
    const sorted = (this.sorted ??= [...this.positions.keys()].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo].startsWith(prefix);
  }

  /** Whether the words occur consecutively, in order. */
  hasPhrase(words: readonly string[]): boolean {
    const starts = this.positions.get(words[0]) ?? [];
    return starts.some((start) => words.every((w, i) => this.sequence[start + i] === w));
  }

  private positionsOf(word: string): number[] {
    let list = this.positions.get(word);
    if (!list) this.positions.set(word, (list = []));
    return list;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lexer

type TokenType = '(' | ')' | 'AND' | 'OR' | 'NOT' | 'term' | 'phrase' | 'end';

interface Token {
  type: TokenType;
  pos: number;
  text: string;
}

const OPERATORS: Record<string, TokenType> = { AND: 'AND', '&&': 'AND', OR: 'OR', '||': 'OR', NOT: 'NOT' };
const TERM_END = /[\s()"]/;

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c, pos: i, text: c });
      i++;
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new QuerySyntaxError('unterminated quote', i);
      tokens.push({ type: 'phrase', pos: i, text: text.slice(i + 1, close) });
      i = close + 1;
    } else if (c === '-' && i + 1 < text.length && !/\s/.test(text[i + 1])) {
      tokens.push({ type: 'NOT', pos: i, text: '-' });
      i++;
    } else {
      let end = i;
      while (end < text.length && !TERM_END.test(text[end])) end++;
      const word = text.slice(i, end);
      tokens.push({ type: OPERATORS[word] ?? 'term', pos: i, text: word });
      i = end;
    }
  }
  tokens.push({ type: 'end', pos: text.length, text: '' });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser

/** Parses a query; throws {@link QuerySyntaxError} naming the position and what was expected. */
export function parseQuery(text: string): Query {
  if (text.length > MAX_QUERY_LENGTH) throw new QuerySyntaxError(`query is longer than ${MAX_QUERY_LENGTH} characters`, null);
  if (text.trim() === '') throw new QuerySyntaxError('empty query', null);
  return new Parser(lex(text)).parse();
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Query {
    const q = this.parseOr();
    // Every other token is consumed by parseOr, so only a stray `)` can remain before the end.
    const t = this.peek();
    if (t.type === ')') throw new QuerySyntaxError('unbalanced parenthesis', t.pos, 'no matching (');
    return q;
  }

  private parseOr(): Query {
    const items = [this.parseAnd()];
    while (this.peek().type === 'OR') {
      const op = this.next();
      items.push(this.operand(op, () => this.parseAnd()));
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private parseAnd(): Query {
    const items = [this.parseUnary()];
    for (;;) {
      const t = this.peek();
      if (t.type === 'AND') {
        this.next();
        items.push(this.operand(t, () => this.parseUnary()));
      } else if (startsTerm(t.type)) {
        items.push(this.parseUnary());
      } else {
        break;
      }
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private parseUnary(): Query {
    const t = this.peek();
    if (t.type !== 'NOT') return this.parsePrimary();
    this.next();
    return this.nested(t, () => ({ kind: 'not', item: this.operand(t, () => this.parseUnary()) }));
  }

  private parsePrimary(): Query {
    const t = this.next();
    switch (t.type) {
      case 'term':
        return termQuery(t);
      case 'phrase':
        return phraseQuery(t);
      case '(':
        return this.nested(t, () => this.parseGroup(t));
      case ')':
        throw new QuerySyntaxError('unbalanced parenthesis', t.pos, 'no matching (');
      case 'AND':
      case 'OR':
        throw new QuerySyntaxError(`${t.text} needs a term on its left`, t.pos);
      default:
        throw new QuerySyntaxError('expected a term', t.pos);
    }
  }

  private parseGroup(open: Token): Query {
    if (this.peek().type === ')') throw new QuerySyntaxError('empty parentheses', open.pos);
    const q = this.parseOr();
    if (this.peek().type !== ')') throw new QuerySyntaxError('unbalanced parenthesis', open.pos, 'no matching )');
    this.next();
    return q;
  }

  /** Parses the operand of `op`, reporting a missing one against the operator itself. */
  private operand(op: Token, parse: () => Query): Query {
    if (!startsTerm(this.peek().type)) throw new QuerySyntaxError(`${op.text} needs a term`, op.pos);
    return parse();
  }

  private nested(t: Token, parse: () => Query): Query {
    if (++this.depth > MAX_QUERY_DEPTH) throw new QuerySyntaxError(`query is nested deeper than ${MAX_QUERY_DEPTH}`, t.pos);
    const q = parse();
    this.depth--;
    return q;
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i === this.tokens.length - 1 ? this.i : this.i++];
  }
}

function startsTerm(type: TokenType): boolean {
  return type === 'term' || type === 'phrase' || type === '(' || type === 'NOT';
}

function termQuery(t: Token): Query {
  const star = t.text.indexOf('*');
  if (star >= 0 && star !== t.text.length - 1) throw new QuerySyntaxError('* is only allowed at the end of a word', t.pos + star);
  const words = textWords(t.text);
  if (words.length === 0) throw new QuerySyntaxError(`"${t.text}" has no letters or digits`, t.pos);
  if (star < 0) return words.length === 1 ? { kind: 'word', word: words[0], prefix: false } : { kind: 'phrase', words };
  if (words.length > 1) throw new QuerySyntaxError('a prefix term (word*) must be a single word', t.pos);
  if (words[0].length < MIN_PREFIX_LENGTH) throw new QuerySyntaxError(`a prefix term needs at least ${MIN_PREFIX_LENGTH} letters`, t.pos);
  return { kind: 'word', word: words[0], prefix: true };
}

function phraseQuery(t: Token): Query {
  const words = textWords(t.text);
  if (words.length === 0) throw new QuerySyntaxError('empty phrase', t.pos);
  return words.length === 1 ? { kind: 'word', word: words[0], prefix: false } : { kind: 'phrase', words };
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

/** Whether a text (raw, or tokenised once per story with {@link TokenizedText}) satisfies the query. */
export function evaluateQuery(q: Query, text: string | TokenizedText): boolean {
  return evaluate(q, typeof text === 'string' ? new TokenizedText(text) : text);
}

function evaluate(q: Query, text: TokenizedText): boolean {
  switch (q.kind) {
    case 'word':
      return q.prefix ? text.hasPrefix(q.word) : text.has(q.word);
    case 'phrase':
      return text.hasPhrase(q.words);
    case 'and':
      return q.items.every((item) => evaluate(item, text));
    case 'or':
      return q.items.some((item) => evaluate(item, text));
    case 'not':
      return !evaluate(q.item, text);
  }
}

/**
 * Words of which a matching text must contain at least one, or null when no such set exists (a NOT or a prefix
 * term can match without any particular word). Lets an index look queries up by the words a story contains.
 */
export function anchorWords(q: Query): string[] | null {
  switch (q.kind) {
    case 'word':
      return q.prefix ? null : [q.word];
    case 'phrase':
      return [longest(q.words)];
    case 'and':
      return smallest(q.items.map(anchorWords).filter((a): a is string[] => a !== null));
    case 'or': {
      const all = q.items.map(anchorWords);
      return all.some((a) => a === null) ? null : [...new Set(all.flat() as string[])];
    }
    case 'not':
      return null;
  }
}

/** The longest word of a phrase, as a proxy for the rarest. */
function longest(words: readonly string[]): string {
  return words.reduce((a, b) => (b.length > a.length ? b : a));
}

function smallest(sets: string[][]): string[] | null {
  return sets.length === 0 ? null : sets.reduce((a, b) => (b.length < a.length ? b : a));
}
