import { dedupKey, FeedParseError, parseFeed, renderRss, toPlainText } from './index';

const RSS = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Chip Desk</title><link>https://news.example.com/</link>
<item><guid>tag:example,2025:1</guid><title>Nvidia &amp; peers slide as R1 spooks investors</title>
<link>/markets/nvidia-slide</link><description>&lt;p&gt;Shares of &lt;b&gt;Nvidia&lt;/b&gt; dropped   17%&lt;/p&gt;</description>
<pubDate>Mon, 27 Jan 2025 21:05:00 GMT</pubDate></item>
<item><title>No guid here</title><link>https://news.example.com/no-guid</link></item>
<item><title>Neither guid nor link</title><description>only text</description></item>
<item><description>   </description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Lab notes</title><link href="https://lab.example.org/"/>
<entry><id>urn:uuid:1</id><title type="html">Open weights &lt;em&gt;released&lt;/em&gt;</title>
<link href="https://lab.example.org/r1"/><updated>2025-01-20T08:00:00Z</updated><summary>A reasoning model under MIT licence.</summary>
<author><name>Lab Team</name></author></entry></feed>`;

describe('parseFeed', () => {
  it('normalises RSS items: plain-text title and summary, absolute links, dates, dedup keys', async () => {
    const feed = await parseFeed(RSS, 'https://news.example.com/feed.xml');
    expect(feed.title).toBe('Chip Desk');
    expect(feed.items).toHaveLength(3); // the item with no title and no text is dropped
    const [a, b, c] = feed.items;
    expect(a).toMatchObject({
      guid: 'tag:example,2025:1',
      url: 'https://news.example.com/markets/nvidia-slide',
      title: 'Nvidia & peers slide as R1 spooks investors',
      summary: 'Shares of Nvidia dropped 17%',
      dedupKey: 'guid:tag:example,2025:1',
    });
    expect(a.publishedAt?.toISOString()).toBe('2025-01-27T21:05:00.000Z');
    expect(b.dedupKey).toBe('link:https://news.example.com/no-guid');
    expect(c.dedupKey).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(c.publishedAt).toBeNull();
  });

  it('reads Atom entries', async () => {
    const feed = await parseFeed(ATOM, 'https://lab.example.org/atom');
    expect(feed.items).toEqual([
      expect.objectContaining({
        guid: 'urn:uuid:1',
        title: 'Open weights released',
        url: 'https://lab.example.org/r1',
        summary: 'A reasoning model under MIT licence.',
        author: 'Lab Team',
        dedupKey: 'guid:urn:uuid:1',
      }),
    ]);
  });

  it('reads elements that carry attributes, and an <rss> without a version, instead of crashing', async () => {
    const xml = `<rss><channel><title xml:lang="en">Attr desk</title>
      <item><title xml:lang="en">Advantest slides 9%</title><guid isPermaLink="false">a-1</guid>
      <link>https://x.example/a-1</link></item></channel></rss>`;
    const feed = await parseFeed(xml, 'https://x.example/feed');
    expect(feed.items).toEqual([expect.objectContaining({ title: 'Advantest slides 9%', guid: 'a-1', url: 'https://x.example/a-1' })]);
  });

  it('refuses what is not a feed with a parse error', async () => {
    await expect(parseFeed('<rss><channel><item><title>broken', 'https://x.example/')).rejects.toBeInstanceOf(FeedParseError);
    await expect(parseFeed('{"not": "xml"}', 'https://x.example/')).rejects.toThrow(/not a readable RSS\/Atom document/);
  });

  it('round-trips what renderRss writes', async () => {
    const published = new Date('2025-01-27T12:00:00Z');
    const xml = renderRss({ title: 'T <&>', link: 'https://t.example/' }, [
      { guid: 'g1', title: 'Nasdaq < -3% & falling', link: 'https://t.example/1', description: 'x "quoted"', published },
    ]);
    const feed = await parseFeed(xml, 'https://t.example/feed');
    expect(feed.title).toBe('T <&>');
    expect(feed.items[0]).toMatchObject({ guid: 'g1', title: 'Nasdaq < -3% & falling', summary: 'x "quoted"', publishedAt: published });
  });
});

describe('toPlainText and dedupKey', () => {
  it('strips scripts, tags and entities', () => {
    expect(toPlainText('<script>alert(1)</script><p>a&#160;b &#x41; &hellip;</p>')).toBe('a b A &hellip;');
    expect(toPlainText('  ')).toBeNull();
  });

  it('prefers guid, then link, then a content hash that changes with the text', () => {
    const base = { guid: null, url: null, title: 't', content: 'c' };
    expect(dedupKey({ ...base, guid: 'g', url: 'u' })).toBe('guid:g');
    expect(dedupKey({ ...base, url: 'u' })).toBe('link:u');
    expect(dedupKey(base)).not.toBe(dedupKey({ ...base, content: 'd' }));
  });
});
