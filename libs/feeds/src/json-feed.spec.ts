import { decodeFeed, FeedParseError, parseFeed, parseJsonFeed } from './index';

// JSON Feed 1.1: `authors`, relative URLs, summary vs content_text vs content_html, a title-less item.
const V11 = {
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Chip Desk &amp; Friends',
  home_page_url: 'https://news.example.com/',
  feed_url: 'https://news.example.com/feeds/main.json',
  authors: [{ name: 'Desk' }],
  items: [
    {
      id: 'tag:news.example.com,2025:1',
      url: '/markets/nvidia-slide',
      title: 'Nvidia & peers slide',
      summary: 'Shares   dropped 17% <as expected>',
      content_html: '<p>Shares of <b>Nvidia</b> dropped 17%</p>',
      date_published: '2025-01-27T21:05:00Z',
      authors: [{ name: 'Ada' }, { name: 'Grace' }, { url: 'https://no-name.example/' }],
    },
    {
      id: 'tag:news.example.com,2025:2',
      external_url: 'https://elsewhere.example.org/story',
      title: 'Linked elsewhere',
      content_text: 'Plain text with a < sign & an ampersand',
      date_modified: '2025-01-28T08:00:00+01:00',
    },
    { id: '3', url: 'relative/path', content_html: '<p>An item with no title but <em>some</em> text</p>' },
    { id: '4', content_text: '   ' },
    'not an item',
  ],
};

// JSON Feed 1.0: a single `author`, a numeric id, `feed_url` only, no home page.
const V10 = {
  version: 'https://jsonfeed.org/version/1',
  title: 'Old style',
  feed_url: '/feed.json',
  author: { name: 'Feed Author' },
  items: [{ id: 42, url: 'posts/42', title: 'Numbered', content_text: 'x' }],
};

describe('parseJsonFeed', () => {
  it('maps JSON Feed 1.1 items onto FeedItem', async () => {
    const feed = await parseFeed(JSON.stringify(V11, null, 2), 'https://cdn.example.net/main.json');
    expect(feed.title).toBe('Chip Desk &amp; Friends'); // plain text by the spec: no entity decoding
    expect(feed.link).toBe('https://news.example.com/');
    expect(feed.items).toHaveLength(3); // the empty item and the non-object are dropped
    const [a, b, c] = feed.items;
    expect(a).toEqual({
      guid: 'tag:news.example.com,2025:1',
      url: 'https://news.example.com/markets/nvidia-slide',
      title: 'Nvidia & peers slide',
      summary: 'Shares dropped 17% <as expected>',
      content: '<p>Shares of <b>Nvidia</b> dropped 17%</p>',
      author: 'Ada, Grace',
      publishedAt: new Date('2025-01-27T21:05:00Z'),
      dedupKey: 'guid:tag:news.example.com,2025:1',
      categories: [],
      language: null,
      media: [],
    });
    expect(b).toMatchObject({
      url: 'https://elsewhere.example.org/story',
      summary: 'Plain text with a < sign & an ampersand',
      content: 'Plain text with a < sign & an ampersand',
      author: 'Desk', // the feed's authors stand in
      publishedAt: new Date('2025-01-28T07:00:00Z'), // date_modified when there is no date_published
    });
    expect(c).toMatchObject({
      guid: '3',
      url: 'https://news.example.com/feeds/relative/path', // against feed_url
      title: 'An item with no title but some text',
      summary: 'An item with no title but some text',
    });
  });

  it('reads JSON Feed 1.0: author, numeric ids, URLs against feed_url resolved against the fetch URL', async () => {
    const feed = await parseFeed(`\n  ${JSON.stringify(V10)}`, 'https://blog.example.com/sub/feed.json');
    expect(feed.link).toBeNull();
    expect(feed.items).toEqual([
      expect.objectContaining({ guid: '42', url: 'https://blog.example.com/posts/42', author: 'Feed Author', dedupKey: 'guid:42' }),
    ]);
  });

  it('uses home_page_url, then the fetch URL, when there is no feed_url', () => {
    const { feed_url: _, ...noFeedUrl } = V11;
    expect(parseJsonFeed(JSON.stringify(noFeedUrl), 'https://x.example/').items[2].url).toBe('https://news.example.com/relative/path');
    const bare = { version: 'https://jsonfeed.org/version/1.1', title: 't', items: [{ id: 'a', url: 'p/a', title: 'A' }] };
    expect(parseJsonFeed(JSON.stringify(bare), 'https://x.example/dir/feed').items[0].url).toBe('https://x.example/dir/p/a');
  });

  it('goes through decodeFeed and parseFeed from bytes, BOM included', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(V10))]);
    const { text, encoding } = decodeFeed(body, 'application/feed+json');
    expect(encoding).toBe('utf-8');
    expect((await parseFeed(text, 'https://blog.example.com/')).items).toHaveLength(1);
  });

  it('refuses JSON that is not a JSON Feed, and broken JSON, with a FeedParseError', async () => {
    for (const text of ['{"not": "xml"}', '{"version": "https://example.com/v1", "items": []}', '{"version": "https://jsonfeed.org/version/1"}']) {
      await expect(parseFeed(text, 'https://x.example/')).rejects.toBeInstanceOf(FeedParseError);
    }
    await expect(parseFeed('{"not": "xml"}', 'https://x.example/')).rejects.toThrow(/JSON Feed/);
    await expect(parseFeed('{"version": "https://jsonfeed.org/version/1", "items": [', 'https://x.example/')).rejects.toThrow(
      /invalid JSON/,
    );
  });
});

describe('parseJsonFeed normalisation', () => {
  const now = new Date('2025-02-01T00:00:00Z');
  const doc = {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Pier Radio',
    home_page_url: 'https://pier.example.com/',
    feed_url: 'https://pier.example.com/feed.json',
    language: 'nl',
    items: [
      {
        id: 'ep-7',
        url: 'https://pier.example.com/ep/7?utm_campaign=json&t=30#player',
        title: 'Episode 7',
        content_html: '<p>Show notes <a href="/ep/6" onmouseover="x()">previous</a></p><script>boom()</script><a href="javascript:void(0)">x</a>',
        date_published: '2099-05-05T10:00:00Z',
        tags: ['radio', ' harbour ', 'radio', ''],
        language: 'en',
        image: '/img/ep7.png',
        attachments: [
          { url: 'https://cdn.example.com/ep7.mp3', mime_type: 'audio/mpeg', size_in_bytes: 5000 },
          { url: 'javascript:alert(1)', mime_type: 'text/plain' },
          { url: '/ep7.ogg', mime_type: 'audio/ogg' },
        ],
      },
      { id: 'ep-8', url: '/ep/8', title: 'Episode 8', date_published: '2025-01-30 18:00' },
    ],
  };

  it('sanitises content_html, canonicalises links, clamps future dates and reads loose dates', () => {
    const feed = parseJsonFeed(JSON.stringify(doc), 'https://pier.example.com/feed.json', { now });
    const [a, b] = feed.items;
    expect(a.content).toBe('<p>Show notes <a href="https://pier.example.com/ep/6">previous</a></p><a>x</a>');
    expect(a.url).toBe('https://pier.example.com/ep/7?t=30');
    expect(a.publishedAt).toEqual(now);
    expect(b.publishedAt?.toISOString()).toBe('2025-01-30T18:00:00.000Z');
  });

  it('maps tags, language and attachments plus image', () => {
    const feed = parseJsonFeed(JSON.stringify(doc), 'https://pier.example.com/feed.json', { now });
    expect(feed.language).toBe('nl');
    expect(feed.ttlSeconds).toBeNull();
    expect(feed.dedupStrategy).toBe('guid');
    const [a, b] = feed.items;
    expect(a.categories).toEqual(['radio', 'harbour']);
    expect(a.language).toBe('en');
    expect(b.language).toBe('nl');
    expect(a.media).toEqual([
      { url: 'https://cdn.example.com/ep7.mp3', type: 'audio/mpeg', length: 5000 },
      { url: 'https://pier.example.com/ep7.ogg', type: 'audio/ogg', length: null },
      { url: 'https://pier.example.com/img/ep7.png', type: null, length: null },
    ]);
    expect(b.media).toEqual([]);
  });

  it('falls back to links when every item repeats the same id', () => {
    const same = { ...doc, items: doc.items.map((i) => ({ ...i, id: 'episode' })) };
    const feed = parseJsonFeed(JSON.stringify(same), 'https://pier.example.com/feed.json', { now });
    expect(feed.dedupStrategy).toBe('link');
    expect(feed.items.map((i) => i.dedupKey)).toEqual(['link:https://pier.example.com/ep/7?t=30', 'link:https://pier.example.com/ep/8']);
  });
});
