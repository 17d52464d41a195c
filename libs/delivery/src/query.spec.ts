import { MAX_QUERY_DEPTH, QuerySyntaxError, TokenizedText, anchorWords, evaluateQuery, parseQuery, textWords } from './query';

const hit = (query: string, text: string | TokenizedText) => evaluateQuery(parseQuery(query), text);

function syntaxError(query: string): QuerySyntaxError {
  try {
    parseQuery(query);
  } catch (e) {
    if (e instanceof QuerySyntaxError) return e;
    throw e;
  }
  throw new Error(`"${query}" parsed`);
}

describe('textWords', () => {
  it('lower-cases and drops punctuation, accents and possessives', () => {
    expect(textWords("Nvidia's Nestlé-deal: U.S. chips don't (sell)!")).toEqual(['nvidia', 'nestle', 'deal', 'us', 'chips', 'dont', 'sell']);
  });
});

describe('evaluateQuery', () => {
  const story = "Nvidia's shares fall 17% as DeepSeek rattles AI-chip investors; export controls tighten";

  it('matches whole words case-insensitively, ignoring punctuation', () => {
    expect(hit('nvidia', story)).toBe(true);
    expect(hit('NVIDIA', story)).toBe(true);
    expect(hit('nvid', story)).toBe(false);
    expect(hit('share', story)).toBe(false);
    expect(hit('deepseek', story)).toBe(true);
  });

  it('ANDs adjacent terms and explicit AND/&&', () => {
    expect(hit('nvidia deepseek', story)).toBe(true);
    expect(hit('nvidia AND amd', story)).toBe(false);
    expect(hit('nvidia && deepseek', story)).toBe(true);
  });

  it('ORs with OR/||, binding looser than AND', () => {
    expect(hit('amd OR intel', story)).toBe(false);
    expect(hit('amd OR nvidia', story)).toBe(true);
    expect(hit('amd || intel || deepseek', story)).toBe(true);
    expect(hit('amd deepseek OR intel', story)).toBe(false); // (amd AND deepseek) OR intel
    expect(hit('amd (deepseek OR intel)', story)).toBe(false);
    expect(hit('nvidia (amd OR deepseek)', story)).toBe(true);
  });

  it('negates with NOT and with a leading minus', () => {
    expect(hit('NOT nvidia', story)).toBe(false);
    expect(hit('NOT amd', story)).toBe(true);
    expect(hit('nvidia NOT amd', story)).toBe(true);
    expect(hit('nvidia -deepseek', story)).toBe(false);
    expect(hit('NOT (amd OR intel)', story)).toBe(true);
    expect(hit('NOT NOT nvidia', story)).toBe(true);
    expect(hit('nvidia NOT "export controls"', story)).toBe(false);
  });

  it('treats lower-case and/or/not as plain words', () => {
    expect(hit('nvidia and', story)).toBe(false);
    expect(hit('export or', 'export or import')).toBe(true);
  });

  it('matches phrases as consecutive words in order only', () => {
    expect(hit('"export controls"', story)).toBe(true);
    expect(hit('"controls export"', story)).toBe(false);
    expect(hit('"shares 17"', story)).toBe(false);
    expect(hit('"fall 17"', story)).toBe(true);
    expect(hit('"ai chip"', story)).toBe(true);
    expect(hit('ai-chip', story)).toBe(true); // a hyphenated term is the phrase of its words
    expect(hit('"Nvidia\'s shares"', story)).toBe(true);
  });

  it('keeps phrases from spanning separate fields', () => {
    const fields = new TokenizedText(['Nvidia falls', 'Shares drop']);
    expect(hit('"nvidia falls"', fields)).toBe(true);
    expect(hit('"falls shares"', fields)).toBe(false);
    expect(hit('falls shares', fields)).toBe(true);
    expect(hit('"falls shares"', 'Nvidia falls shares drop')).toBe(true);
  });

  it('matches prefix terms', () => {
    expect(hit('rattl*', story)).toBe(true);
    expect(hit('invest*', story)).toBe(true);
    expect(hit('nvidia*', story)).toBe(true);
    expect(hit('regulat*', story)).toBe(false);
    expect(hit('zz*', story)).toBe(false);
  });

  it('gives the same answer for raw and pre-tokenised text', () => {
    const tokens = new TokenizedText(story);
    for (const q of ['nvidia', '"export controls"', 'amd OR rattl*', 'NOT deepseek']) expect(hit(q, tokens)).toBe(hit(q, story));
  });
});

describe('parseQuery', () => {
  it('builds the expected tree', () => {
    expect(parseQuery('a b OR NOT "c d" ex*')).toEqual({
      kind: 'or',
      items: [
        { kind: 'and', items: [{ kind: 'word', word: 'a', prefix: false }, { kind: 'word', word: 'b', prefix: false }] },
        { kind: 'and', items: [{ kind: 'not', item: { kind: 'phrase', words: ['c', 'd'] } }, { kind: 'word', word: 'ex', prefix: true }] },
      ],
    });
  });

  it.each([
    ['', 'empty query', null],
    ['   ', 'empty query', null],
    ['nvidia NOT', 'NOT needs a term at 7', 7],
    ['NOT', 'NOT needs a term at 0', 0],
    ['nvidia AND', 'AND needs a term at 7', 7],
    ['nvidia OR )', 'OR needs a term at 7', 7],
    ['OR nvidia', 'OR needs a term on its left at 0', 0],
    ['(nvidia OR amd', 'unbalanced parenthesis at 0: no matching )', 0],
    ['nvidia OR amd) x', 'unbalanced parenthesis at 13: no matching (', 13],
    [')', 'unbalanced parenthesis at 0: no matching (', 0],
    ['a ()', 'empty parentheses at 2', 2],
    ['a "export controls', 'unterminated quote at 2', 2],
    ['a ""', 'empty phrase at 2', 2],
    ['a !!!', '"!!!" has no letters or digits at 2', 2],
    ['a n*dia', '* is only allowed at the end of a word at 3', 3],
    ['n*', 'a prefix term needs at least 2 letters at 0', 0],
    ["ai-chip*", 'a prefix term (word*) must be a single word at 0', 0],
  ])('refuses %j with "%s"', (query, message, position) => {
    const e = syntaxError(query);
    expect(e.message).toBe(message);
    expect(e.position).toBe(position);
  });

  it('limits length and depth', () => {
    expect(syntaxError('a '.repeat(251)).message).toBe('query is longer than 500 characters');
    expect(() => parseQuery('a '.repeat(250))).not.toThrow();
    const nested = (n: number) => '('.repeat(n) + 'a' + ')'.repeat(n);
    expect(() => parseQuery(nested(MAX_QUERY_DEPTH))).not.toThrow();
    expect(syntaxError(nested(MAX_QUERY_DEPTH + 1)).message).toBe(`query is nested deeper than 20 at ${MAX_QUERY_DEPTH}`);
    expect(syntaxError('NOT '.repeat(MAX_QUERY_DEPTH + 1) + 'a').message).toBe(`query is nested deeper than 20 at ${4 * MAX_QUERY_DEPTH}`);
  });
});

describe('anchorWords', () => {
  it.each([
    ['nvidia', ['nvidia']],
    ['"export controls"', ['controls']],
    ['nvidia amd OR intel', ['nvidia', 'intel']],
    ['(nvidia OR amd) chips', ['chips']],
    ['nvidia OR NOT amd', null],
    ['nvid*', null],
    ['NOT nvidia', null],
    ['NOT amd nvidia', ['nvidia']],
  ])('%s → %j', (query, words) => {
    expect(anchorWords(parseQuery(query))).toEqual(words);
  });

  it('names words without which the query cannot match', () => {
    const queries = ['nvidia amd OR intel', '(a OR b) (c OR "d e")', 'x -y OR "p q" ze*'];
    const texts = ['nvidia amd', 'intel', 'amd', 'a c', 'b d e', 'b e d', 'x', 'x y', 'p q zed', 'q p zed'];
    for (const q of queries) {
      const anchors = anchorWords(parseQuery(q))!;
      for (const t of texts) {
        if (hit(q, t)) expect(anchors.some((w) => textWords(t).includes(w))).toBe(true);
      }
    }
  });
});
