import { Interner, normaliseGap, parseTerm, TermTrie, tokenizeWords, WordFilter, writtenAs, type TrieMatch } from './tokens';

const words = (text: string) => {
  const t = tokenizeWords(text);
  return Array.from({ length: t.count }, (_, i) => t.written(i));
};

/** Every (term payload, matched text) found by scanning all token positions. */
function scan(trie: TermTrie<string>, text: string): [string, string][] {
  const tokens = tokenizeWords(text);
  const found: [string, string][] = [];
  for (let i = 0; i < tokens.count; i++) {
    const out: TrieMatch<string>[] = [];
    trie.matchAt(tokens, i, tokens.count, out);
    for (const m of out) for (const p of m.payloads) found.push([p, text.slice(tokens.starts[i], tokens.ends[m.last])]);
  }
  return found;
}

describe('tokenizeWords', () => {
  it('splits on anything that is not a letter or digit, keeping offsets', () => {
    const text = 'Nvidia’s H100s fell 17%; S&P 500 — open-source.';
    expect(words(text)).toEqual(['Nvidia', 's', 'H100s', 'fell', '17', 'S', 'P', '500', 'open', 'source']);
    const t = tokenizeWords(text);
    expect(text.slice(t.starts[2], t.ends[2])).toBe('H100s');
  });

  it('reads accented, Greek, CJK and astral letters as word characters', () => {
    expect(words('Zhipu’s GLM-4 in Zürich, αβγ 深度求索 𝐀𝐈')).toEqual(['Zhipu', 's', 'GLM', '4', 'in', 'Zürich', 'αβγ', '深度求索', '𝐀𝐈']);
  });

  it('tokenises texts longer than its reused boundary buffer, and shorter ones after them', () => {
    const long = tokenizeWords('ab '.repeat(40000));
    expect(long.count).toBe(40000);
    expect([long.starts[39999], long.ends[39999]]).toEqual([119997, 119999]);
    expect(words('x y')).toEqual(['x', 'y']);
  });

  it('lowercases on demand, also when lowercasing changes the length of the text', () => {
    const t = tokenizeWords('İstanbul NVIDIA');
    expect(t.lower(1)).toBe('nvidia');
    expect(t.written(0)).toBe('İstanbul');
  });

  it('normalises separators: whitespace and dashes become one space, others stay as written', () => {
    const t = tokenizeWords('open - source S&P O’Neil a\u2014b x, y');
    expect([1, 3, 5, 7, 9].map((i) => t.gap(i))).toEqual([' ', '&', "'", ' ', ', ']);
    expect(normaliseGap('a \n\t-b', 1, 5)).toBe(' ');
  });
});

describe('TermTrie', () => {
  const trie = new TermTrie<string>();
  for (const term of ['chip*', 'chip ban*', 'open source', 's&p 500', 'fine tun*', 'ai', 'data cent*']) trie.add(term, term);

  it('matches words, phrases across hyphens and dashes, and prefixes on the last word', () => {
    expect(scan(trie, 'Chipmakers fear a chip ban; open-source AI fine-tuning in data centres')).toEqual([
      ['chip*', 'Chipmakers'],
      ['chip*', 'chip'],
      ['chip ban*', 'chip ban'],
      ['open source', 'open-source'],
      ['ai', 'AI'],
      ['fine tun*', 'fine-tuning'],
      ['data cent*', 'data centres'],
    ]);
  });

  it('never matches inside a word or across other punctuation', () => {
    expect(scan(trie, 'microchips, openly sourced, chaise, s p 500, open. source')).toEqual([]);
    expect(scan(trie, 'The S&P 500 fell')).toEqual([['s&p 500', 'S&P 500']]);
  });

  it('stops phrases at the limit', () => {
    const tokens = tokenizeWords('open source');
    const out: TrieMatch<string>[] = [];
    trie.matchAt(tokens, 0, 1, out);
    expect(out).toEqual([]);
  });

  it('matchAll groups the matches of every token as matchAt finds them, keeping terms inside their section', () => {
    const text = 'Open source chip ban. Chipmakers: open-source AI, fine-tuning in data centres; S&P 500 chips';
    const tokens = tokenizeWords(text);
    const sectionEnd = 4; // "Open source chip ban" | the rest
    const { at, from, matches } = trie.matchAll(tokens, sectionEnd);
    const expected: { at: number; matches: TrieMatch<string>[] }[] = [];
    for (let i = 0; i < tokens.count; i++) {
      const out: TrieMatch<string>[] = [];
      trie.matchAt(tokens, i, i < sectionEnd ? sectionEnd : tokens.count, out);
      if (out.length > 0) expected.push({ at: i, matches: out });
    }
    expect(at.map((i, g) => ({ at: i, matches: matches.slice(from[g], from[g + 1]) }))).toEqual(expected);
    expect(from).toHaveLength(at.length + 1);
    expect(trie.matchAll(tokenizeWords('open source'), 1).matches).toEqual([]);
  });

  it('matches two-character prefixes on words of two and more characters, and text whose lowercase is longer', () => {
    const t = new TermTrie<string>();
    t.add('ai*', 'ai*');
    t.add('data cent*', 'data cent*');
    expect(scan(t, 'AI AIs aide a İstanbul DATA CENTRES')).toEqual([
      ['ai*', 'AI'],
      ['ai*', 'AIs'],
      ['ai*', 'aide'],
      ['data cent*', 'DATA CENTRES'],
    ]);
  });

  it('rejects terms with no word and one-character prefixes', () => {
    expect(() => trie.add('--', 'x')).toThrow(/no letters or digits/);
    expect(() => trie.add('a*', 'x')).toThrow(/at least 2 characters/);
  });
});

describe('parseTerm and writtenAs', () => {
  it('keeps the words as written for case-sensitive checks', () => {
    expect(parseTerm(' Meta Platforms ')).toEqual({ words: ['Meta', 'Platforms'], lower: ['meta', 'platforms'], gaps: ['', ' '], prefix: false });
    const tokens = tokenizeWords('meta Meta');
    expect(writtenAs(tokens, 0, ['Meta'])).toBe(false);
    expect(writtenAs(tokens, 1, ['Meta'])).toBe(true);
  });
});

describe('Interner', () => {
  it('finds words in place, also after growing, and updates payloads', () => {
    const interner = new Interner<number>();
    const words = Array.from({ length: 300 }, (_, k) => `w${k.toString(36)}x`);
    words.forEach((w, k) => interner.add(w, k));
    interner.add('w0x', -1);
    const text = `..${words.join(' ')}..`;
    let at = 2;
    words.forEach((w, k) => {
      expect(interner.find(text, at, at + w.length)?.payload).toBe(k === 0 ? -1 : k);
      at += w.length + 1;
    });
    expect(interner.get('w0')).toBeNull();
    expect(interner.get('nope')).toBeNull();
    expect(interner.find(text, 2, 2)).toBeNull();
  });
});

describe('WordFilter', () => {
  it('never rejects a word it holds and rejects most others', () => {
    const filter = new WordFilter();
    const held = ['nvidia', 'chip', 'semiconductors', 'ai', 'x'];
    for (const w of held) filter.add(w);
    for (const w of held) expect(filter.mayContain(w)).toBe(true);
    const others = ['the', 'and', 'of', 'market', 'today', 'stocks', 'chinese', 'company'];
    expect(others.filter((w) => filter.mayContain(w)).length).toBeLessThanOrEqual(1);
  });
});
