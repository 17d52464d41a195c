import { chooseDedupKeys, dedupKey, type DedupCandidate } from './index';

const item = (guid: string | null, url: string | null, title = 'headline', content: string | null = null): DedupCandidate => ({
  guid,
  url,
  title,
  content,
});
const FEED = { feedUrl: 'https://wire.example.com/feed.xml', homeUrl: 'https://wire.example.com/' };

describe('dedupKey', () => {
  it('prefers guid, then link, then a content hash that changes with the text', () => {
    const base = item(null, null, 't', 'c');
    expect(dedupKey({ ...base, guid: 'g', url: 'u' })).toBe('guid:g');
    expect(dedupKey({ ...base, url: 'u' })).toBe('link:u');
    expect(dedupKey(base)).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(dedupKey(base)).not.toBe(dedupKey({ ...base, content: 'd' }));
    expect(dedupKey(base)).not.toBe(dedupKey({ ...base, title: 'u' }));
  });

  it('skips the fields before the chosen strategy, falling back per item when a field is missing', () => {
    const full = item('g', 'https://x.example/a', 't', 'c');
    expect(dedupKey(full, 'link')).toBe('link:https://x.example/a');
    expect(dedupKey(full, 'hash')).toBe(dedupKey(item(null, null, 't', 'c')));
    expect(dedupKey(item(null, 'https://x.example/b'), 'guid')).toBe('link:https://x.example/b');
  });
});

describe('chooseDedupKeys', () => {
  it('keeps guids when they are distinct, and an item without a guid falls back to its link', () => {
    const items = [item('a-1', 'https://wire.example.com/1'), item('a-2', 'https://wire.example.com/2'), item(null, 'https://wire.example.com/3')];
    expect(chooseDedupKeys(items, FEED)).toEqual({ strategy: 'guid', keys: ['guid:a-1', 'guid:a-2', 'link:https://wire.example.com/3'] });
  });

  it.each([
    ['repeated within the document', ['same', 'same', 'other']],
    ['all the same', ['x', 'x', 'x']],
    ['identical to the feed URL', ['https://wire.example.com/feed.xml', 'b', 'c']],
    ['identical to the home page (scheme, case and slash aside)', ['HTTP://WIRE.example.com', 'b', 'c']],
    ['all empty', ['', '  ', '']],
  ])('degrades to links when guids are junk: %s', (_why, guids) => {
    const items = guids.map((g, i) => item(g.trim() ? g : null, `https://wire.example.com/story/${i}`));
    const choice = chooseDedupKeys(items, FEED);
    expect(choice.strategy).toBe('link');
    expect(choice.keys).toEqual(['link:https://wire.example.com/story/0', 'link:https://wire.example.com/story/1', 'link:https://wire.example.com/story/2']);
  });

  it('degrades to the content hash when links are junk too (every item points at the home page)', () => {
    const items = [item('dup', 'https://wire.example.com/', 'one'), item('dup', 'https://wire.example.com/', 'two')];
    const choice = chooseDedupKeys(items, FEED);
    expect(choice.strategy).toBe('hash');
    expect(choice.keys).toEqual([dedupKey(items[0], 'hash'), dedupKey(items[1], 'hash')]);
    expect(new Set(choice.keys).size).toBe(2);
  });

  it('degrades to the hash when links repeat even without a feed address to compare with', () => {
    const items = [item(null, 'https://x.example/live', 'update 1'), item(null, 'https://x.example/live', 'update 2')];
    expect(chooseDedupKeys(items).strategy).toBe('hash');
  });

  it('gives the same keys on every poll of an unchanged document, whatever the strategy', () => {
    for (const items of [
      [item('a', 'https://x.example/1'), item('b', 'https://x.example/2')],
      [item('j', 'https://x.example/1'), item('j', 'https://x.example/2')],
      [item('j', 'https://x.example/', 't1', 'c1'), item('j', 'https://x.example/', 't2', 'c2')],
    ]) {
      const copy = items.map((i) => ({ ...i }));
      expect(chooseDedupKeys(copy, { homeUrl: 'https://x.example/' })).toEqual(chooseDedupKeys(items, { homeUrl: 'https://x.example/' }));
    }
  });

  it('keeps the guid strategy for an empty document', () => {
    expect(chooseDedupKeys([])).toEqual({ strategy: 'guid', keys: [] });
  });
});
