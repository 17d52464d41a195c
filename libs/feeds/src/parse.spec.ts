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
    expect(toPlainText('<script>alert(1)</script><p>a&#160;b &#x41; &hellip;</p>')).toBe('a b A …');
    expect(toPlainText('  ')).toBeNull();
  });

  it('prefers guid, then link, then a content hash that changes with the text', () => {
    const base = { guid: null, url: null, title: 't', content: 'c' };
    expect(dedupKey({ ...base, guid: 'g', url: 'u' })).toBe('guid:g');
    expect(dedupKey({ ...base, url: 'u' })).toBe('link:u');
    expect(dedupKey(base)).not.toBe(dedupKey({ ...base, content: 'd' }));
  });
});

// A channel with the habits of real feeds: campaign parameters, junk dates, HTML in CDATA, media of three kinds.
const RICH = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:media="http://search.yahoo.com/mrss/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel><title>Port &amp; Harbour Daily</title><link>https://harbour.example.net/</link><language>en-GB</language><ttl>45</ttl>
<item>
  <title><![CDATA[Tugboat strike <em>ends</em> &ndash; ferries back]]></title>
  <link>https://harbour.example.net/news/tugboats?utm_source=rss&amp;utm_medium=feed&amp;id=9#comments</link>
  <guid isPermaLink="false">harbour-9</guid>
  <description><![CDATA[<p>Crews return&nbsp;after <b>three</b> days.</p><script>track()</script>]]></description>
  <content:encoded><![CDATA[<p onclick="x()">Crews <a href="/crews">return</a>.</p><img src="/i/tug.jpg" onerror="alert(1)"><a href="javascript:alert(2)">more</a><iframe src="https://ads.example/"></iframe>]]></content:encoded>
  <pubDate>Mon, 27 Jan 25 14:03:00 +0000 GMT</pubDate>
  <dc:creator>Mara Quay</dc:creator>
  <category>Shipping</category><category domain="x">Labour</category><category>Shipping</category>
  <enclosure url="/audio/tug.mp3" type="audio/mpeg" length="123456"/>
  <media:content url="https://cdn.example.net/v/tug.mp4" type="video/mp4" fileSize="999"/>
  <media:thumbnail url="https://cdn.example.net/t/tug.jpg"/>
</item>
<item>
  <title>Lighthouse relit in 2099</title><link>/news/lighthouse</link><guid>harbour-10</guid>
  <pubDate>Thu, 01 Jan 2099 00:00:00 GMT</pubDate><dc:language>cy</dc:language>
  <media:group><media:content url="https://cdn.example.net/v/light.mp4" type="video/mp4"/></media:group>
</item>
<item><title>Dock log</title><link>/news/log</link><guid>harbour-11</guid><pubDate>sometime last week</pubDate></item>
</channel></rss>`;

describe('parseFeed normalisation', () => {
  const now = new Date('2025-01-28T00:00:00Z');

  it('gives plain-text titles and summaries, sanitised content and canonical links', async () => {
    const [a] = (await parseFeed(RICH, 'https://harbour.example.net/feed.xml', { now })).items;
    expect(a.title).toBe('Tugboat strike ends – ferries back');
    expect(a.summary).toBe('Crews return after three days.');
    expect(a.url).toBe('https://harbour.example.net/news/tugboats?id=9');
    expect(a.content).toBe(
      '<p>Crews <a href="https://harbour.example.net/crews">return</a>.</p><img src="https://harbour.example.net/i/tug.jpg" /><a>more</a>',
    );
    expect(a.author).toBe('Mara Quay');
    expect(a.dedupKey).toBe('guid:harbour-9');
  });

  it('reads broken dates, clamps dates in the future to the fetch time and leaves unreadable ones null', async () => {
    const [a, b, c] = (await parseFeed(RICH, 'https://harbour.example.net/feed.xml', { now })).items;
    expect(a.publishedAt?.toISOString()).toBe('2025-01-27T14:03:00.000Z');
    expect(b.publishedAt).toEqual(now);
    expect(c.publishedAt).toBeNull();
  });

  it('collects categories, language (item over feed) and media as absolute references', async () => {
    const feed = await parseFeed(RICH, 'https://harbour.example.net/feed.xml', { now });
    expect(feed.language).toBe('en-GB');
    expect(feed.ttlSeconds).toBe(45 * 60);
    const [a, b] = feed.items;
    expect(a.categories).toEqual(['Shipping', 'Labour']);
    expect(a.language).toBe('en-GB');
    expect(b.language).toBe('cy');
    expect(a.media).toEqual([
      { url: 'https://harbour.example.net/audio/tug.mp3', type: 'audio/mpeg', length: 123456 },
      { url: 'https://cdn.example.net/v/tug.mp4', type: 'video/mp4', length: 999 },
      { url: 'https://cdn.example.net/t/tug.jpg', type: null, length: null },
    ]);
    expect(b.media).toEqual([{ url: 'https://cdn.example.net/v/light.mp4', type: 'video/mp4', length: null }]);
    expect(b.categories).toEqual([]);
  });

  it('reads Atom xml:base, xml:lang, category terms and enclosure links', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de" xml:base="https://docs.example.org/blog/">
      <title>Werft</title><link href="./"/>
      <entry xml:base="2025/"><id>urn:werft:1</id><title type="html">Neues &amp;amp; Altes</title><link href="neu.html?fbclid=abc"/>
        <link rel="enclosure" href="/media/neu.ogg" type="audio/ogg" length="42"/>
        <category term="werft" label="Werft"/><category term="boote"/>
        <published>2025-01-20 08:00:00</published><content type="html">&lt;p&gt;Text&lt;/p&gt;</content></entry>
      <entry xml:lang="en"><id>urn:werft:2</id><title>Old &amp; new</title><link href="old.html"/><updated>2025-01-21T08:00:00+01:00</updated></entry>
    </feed>`;
    const feed = await parseFeed(atom, 'https://feeds.example.org/werft.atom', { now });
    expect(feed.link).toBe('https://docs.example.org/blog/');
    const [a, b] = feed.items;
    expect(a).toMatchObject({
      title: 'Neues & Altes',
      url: 'https://docs.example.org/blog/2025/neu.html',
      categories: ['Werft', 'boote'],
      language: 'de',
      media: [{ url: 'https://docs.example.org/media/neu.ogg', type: 'audio/ogg', length: 42 }],
      content: '<p>Text</p>',
      summary: 'Text',
    });
    expect(a.publishedAt?.toISOString()).toBe('2025-01-20T08:00:00.000Z');
    expect(b).toMatchObject({ url: 'https://docs.example.org/blog/old.html', language: 'en' });
    expect(b.publishedAt?.toISOString()).toBe('2025-01-21T07:00:00.000Z');
  });

  it('reads an Atom feed whose dates are broken instead of refusing it, using updated when published is unreadable', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><id>1</id><title>A</title><published>Mon, 27 Jan 25 14:03:00 +0000 GMT</published></entry>
      <entry><id>2</id><title>B</title><updated>whenever it was ready</updated></entry>
      <entry><id>3</id><title>C</title><published>not yet</published><updated>2025-01-26T10:00:00Z</updated></entry></feed>`;
    const feed = await parseFeed(atom, 'https://x.example/', { now });
    expect(feed.items.map((i) => i.publishedAt?.toISOString() ?? null)).toEqual(['2025-01-27T14:03:00.000Z', null, '2025-01-26T10:00:00.000Z']);
  });

  it('takes the text of podcast and video entries from iTunes and Media RSS elements', async () => {
    const podcast = `<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
      <channel><title>p</title>
      <item><itunes:summary>Tide tables &amp; more</itunes:summary><itunes:author>Quay FM</itunes:author><guid>p1</guid></item>
      <item><media:title>Buoy cam</media:title><guid>p2</guid>
        <media:group><media:description>Live from the outer buoy</media:description></media:group></item>
      </channel></rss>`;
    const [a, b] = (await parseFeed(podcast, 'https://p.example/')).items;
    expect(a).toMatchObject({ title: 'Tide tables & more', summary: 'Tide tables & more', author: 'Quay FM' });
    expect(b).toMatchObject({ title: 'Buoy cam', summary: 'Live from the outer buoy' });
  });

  it('uses a permalink guid, or an RSS 1.0 rdf:about, as the link when there is no <link>', async () => {
    const rss = `<rss version="2.0"><channel><title>g</title>
      <item><title>Permalink</title><guid>https://g.example/posts/1?utm_medium=rss</guid></item>
      <item><title>Not a permalink</title><guid isPermaLink="false">https://g.example/posts/2</guid></item>
      <item><title>Not a URL</title><guid>post-3</guid></item></channel></rss>`;
    expect((await parseFeed(rss, 'https://g.example/feed')).items.map((i) => i.url)).toEqual(['https://g.example/posts/1', null, null]);
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <channel rdf:about="https://r.example/"><title>r</title></channel>
      <item rdf:about="https://r.example/notes/7"><title>Seven</title></item></rdf:RDF>`;
    expect((await parseFeed(rdf, 'https://r.example/rss')).items[0]).toMatchObject({ url: 'https://r.example/notes/7', guid: null });
  });

  it('derives ttlSeconds from the syndication module when there is no <ttl>', async () => {
    const sy = (period: string, frequency: string) =>
      `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>s</title>
       <sy:updatePeriod>${period}</sy:updatePeriod>${frequency}</channel></rss>`;
    expect((await parseFeed(sy('hourly', '<sy:updateFrequency>4</sy:updateFrequency>'), 'https://x.example/')).ttlSeconds).toBe(900);
    expect((await parseFeed(sy('daily', ''), 'https://x.example/')).ttlSeconds).toBe(86400);
    expect((await parseFeed(sy('sometimes', ''), 'https://x.example/')).ttlSeconds).toBeNull();
    expect((await parseFeed(RSS, 'https://x.example/')).ttlSeconds).toBeNull();
  });

  it('degrades the dedup strategy when every guid is the feed address, and says so', async () => {
    const junk = `<rss version="2.0"><channel><title>j</title><link>https://j.example/</link>
      <item><title>One</title><guid>https://j.example/feed</guid><link>https://j.example/1?utm_source=x</link></item>
      <item><title>Two</title><guid>https://j.example/feed</guid><link>https://j.example/2</link></item></channel></rss>`;
    const feed = await parseFeed(junk, 'https://j.example/feed');
    expect(feed.dedupStrategy).toBe('link');
    expect(feed.items.map((i) => i.dedupKey)).toEqual(['link:https://j.example/1', 'link:https://j.example/2']);
    expect((await parseFeed(junk, 'https://j.example/feed')).items.map((i) => i.dedupKey)).toEqual(feed.items.map((i) => i.dedupKey));
    expect((await parseFeed(RICH, 'https://harbour.example.net/feed.xml')).dedupStrategy).toBe('guid');
  });

  it('never keeps script from HTML that hides it in a CDATA section nested inside CDATA', async () => {
    const nested = `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>n</title>
      <item><title>Nested</title><content:encoded><![CDATA[<p>ok</p><![CDATA[<script>alert(1)</script>]]&gt;<img src=x onerror=alert(2)>]]></content:encoded></item>
      </channel></rss>`;
    const [item] = (await parseFeed(nested, 'https://n.example/')).items;
    expect(item.content).toContain('<p>ok</p>');
    expect(item.content).not.toMatch(/script|onerror|alert/);
  });
});

describe('an empty feed', () => {
  it('reads <rss> without a channel as a feed with no items, not a parse error', async () => {
    const feed = await parseFeed('<?xml version="1.0"?>\n<!-- nothing published yet -->\n<rss version="2.0">\n</rss>', 'https://example.com/feed.xml');
    expect(feed).toMatchObject({ title: null, items: [] });
    await expect(parseFeed('<rss version="2.0"><channel><title>x</title></rss>', 'https://example.com/')).rejects.toThrow(/not a readable/);
  });
});
