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
