import { hammingDistance, SimhashList, simhash64 } from './simhash';

const ARTICLE =
  'Shares of Nvidia fell sharply on Monday after a Chinese start-up called DeepSeek released a reasoning model that ' +
  'it says was trained for a small fraction of what American laboratories spend. The chip maker lost close to six ' +
  'hundred billion dollars of market value in a single session, the largest one-day loss for any listed company in ' +
  'the United States. Other semiconductor names, including Broadcom and the makers of chip equipment, also dropped, ' +
  'and the Nasdaq Composite ended the day about three percent lower. Investors questioned whether the enormous budgets ' +
  'that technology giants have set aside for data centres will earn the returns they expect if cheaper models can ' +
  'match the best systems. Some analysts argued that lower costs would widen the use of artificial intelligence and ' +
  'so lift demand for computing over time, while others warned that the sell-off could run further.';

describe('simhash64', () => {
  it('is 16 lowercase hex digits and deterministic', () => {
    const h = simhash64(ARTICLE);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash64(ARTICLE)).toBe(h);
  });

  it('ignores case and punctuation', () => {
    expect(simhash64(ARTICLE.toUpperCase().replace(/,/g, ''))).toBe(simhash64(ARTICLE));
  });

  it('keeps a copy with a word or two changed within 3 bits', () => {
    const copies = [
      ARTICLE.replace('fell sharply', 'dropped sharply'),
      ARTICLE.replace('Some analysts', 'Several analysts').replace('run further', 'go further'),
      ARTICLE.replace('on Monday', 'on Monday, 27 January,'),
    ];
    for (const copy of copies) expect(hammingDistance(simhash64(copy), simhash64(ARTICLE))).toBeLessThanOrEqual(3);
  });

  it('puts a rewrite of the same news far away', () => {
    const rewrite =
      'DeepSeek, a Hangzhou company, has published an inexpensive AI model, and Wall Street reacted by dumping Nvidia: ' +
      'its stock slid 17% and almost $600bn of value vanished. Broadcom and tool suppliers followed it down while the ' +
      'Nasdaq shed 3%. Fund managers now ask if hyperscaler spending on AI hardware can pay off.';
    expect(hammingDistance(simhash64(rewrite), simhash64(ARTICLE))).toBeGreaterThan(10);
  });
});

/**
 * simhash64 as defined, plainly: FNV-1a of each word's code units (ASCII capitals folded), each mixed with two
 * seeds into the 32-bit halves, a bit set where most words have it set. The optimised code must agree exactly.
 */
function referenceSimhash(text: string): string {
  const isWordChar = (ch: number) =>
    (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || (ch >= 0xc0 && (ch < 0x2000 || ch > 0x206f));
  const mix = (h: number) => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  const words: number[] = [];
  let h = 0x811c9dc5;
  let inWord = false;
  const cut = text.slice(0, 4000);
  for (let i = 0; i <= cut.length; i++) {
    const ch = i < cut.length ? cut.charCodeAt(i) : 32;
    if (isWordChar(ch)) {
      h = Math.imul(h ^ (ch >= 65 && ch <= 90 ? ch + 32 : ch), 0x01000193);
      inWord = true;
    } else if (inWord) {
      words.push(h);
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  const half = (seed: number) => {
    let value = 0;
    for (let bit = 0; bit < 32; bit++) {
      const set = words.filter((w) => (mix(w ^ seed) >>> bit) & 1).length;
      if (2 * set > words.length) value += 2 ** bit;
    }
    return value.toString(16).padStart(8, '0');
  };
  return half(0x9e3779b9) + half(0x85ebca6b);
}

describe('simhash64 against its plain definition', () => {
  it('agrees on varied texts: scripts, surrogate halves, case, lengths around the 4,000-character cut', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pieces = ['a', 'Z', 'the', 'Nvidia', "it's", 'U.S.', '’', '—', ' ', '\n', '17%', 'É', 'ß', '中国', '😀'];
    // lone surrogate halves, and the edges of the ranges that count as word characters
    pieces.push('\ud800', '\udfff', '\u00bf', '\u00c0', '\u2000', '\u206f', '\u2070', '@', '[', '`', '{', '/', ':');
    const texts = ['', ' ', 'a', ARTICLE, ARTICLE.toUpperCase(), 'x'.repeat(4500), 'ab '.repeat(2000), ' a'.repeat(2001)];
    for (let i = 0; i < 300; i++) {
      const n = Math.floor(random() ** 2 * 3000);
      let text = '';
      for (let k = 0; k < n; k++) text += i % 2 ? pieces[Math.floor(random() * pieces.length)] : String.fromCharCode(Math.floor(random() * 0x10000));
      texts.push(text);
    }
    for (let cut = 3990; cut <= 4010; cut++) texts.push(ARTICLE.repeat(6).slice(0, cut));
    for (const text of texts) expect(simhash64(text)).toBe(referenceSimhash(text));
  });
});

describe('hammingDistance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', '000000000000000f')).toBe(4);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
  });

  it('treats malformed hashes as maximally different', () => {
    expect(hammingDistance('', '0000000000000000')).toBe(64);
    expect(hammingDistance('zz00000000000000', '0000000000000000')).toBe(64);
  });
});

describe('SimhashList', () => {
  const hashes = ['0000000000000000', 'ffffffffffffffff', 'zz00000000000000', '000000000000000f', '8000000000000001', ''];

  it('finds the first hash within the bits allowed, as hammingDistance counts them', () => {
    const list = SimhashList.of(hashes);
    for (const story of ['0000000000000000', 'fffffffffffffff0', 'nothex', '7000000000000003']) {
      for (const maxBits of [-1, 0, 2, 3, 4, 63, 64, NaN]) {
        const expected = hashes.findIndex((h) => hammingDistance(h, story) <= maxBits);
        expect(list.firstWithin(SimhashList.of([story]), maxBits)).toBe(expected);
      }
    }
  });

  it('inserts a hash as a list parsed from scratch would hold it, keeping the last max', () => {
    for (let at = 0; at <= hashes.length; at++) {
      for (const max of [3, hashes.length, 100]) {
        const inserted = SimhashList.of(hashes).inserted(at, 'f00000000000000f', max);
        const all = [...hashes.slice(0, at), 'f00000000000000f', ...hashes.slice(at)].slice(-max);
        expect(inserted.hashes).toEqual(all);
        const story = SimhashList.of(['f00000000000000f']);
        for (let k = 0; k < all.length; k++) expect(inserted.distance(k, story, 0)).toBe(hammingDistance(all[k], 'f00000000000000f'));
      }
    }
  });
});
