import { createHmac } from 'node:crypto';
import { parseFeed } from './parse';
import { callbackUrl, checkSignature, discoverWebSub, parseLeaseSeconds, parseLinkHeader, renewalDueAt, subscriptionForm } from './websub';

const RSS_WITH_HUB = `<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Harbour wire</title>
    <link>https://harbour.example/</link>
    <atom:link rel="self" type="application/rss+xml" href="https://harbour.example/wire.rss"/>
    <atom:link rel="hub" href="https://hub.example/"/>
    <atom:link rel="hub" href="/second-hub"/>
    <item><guid>h-1</guid><title>Cranes idle at the north quay</title></item>
  </channel>
</rss>`;

const ATOM_WITH_HUB = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Orbit notes</title>
  <id>tag:orbit.example,2025:feed</id>
  <link rel="alternate" href="https://orbit.example/"/>
  <link rel="self" href="/atom.xml"/>
  <link rel="hub" href="https://push.orbit.example/hub"/>
  <updated>2025-03-01T10:00:00Z</updated>
  <entry><id>tag:orbit.example,2025:1</id><title>Launch window moves a week</title><updated>2025-03-01T10:00:00Z</updated>
    <link rel="alternate" href="https://orbit.example/1"/><link rel="hub" href="https://not-feed-level.example/"/></entry>
</feed>`;

const JSON_WITH_HUB = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Ledger daily',
  feed_url: 'https://ledger.example/feed.json',
  hubs: [
    { type: 'rssCloud', url: 'https://cloud.example/rpc' },
    { type: 'WebSub', url: 'https://hub.ledger.example/' },
  ],
  items: [{ id: 'l-1', title: 'Quarter closes flat' }],
});

describe('WebSub links in feed documents', () => {
  it('reads the channel-level atom:link hub and self links of RSS, resolved and in order', async () => {
    const feed = await parseFeed(RSS_WITH_HUB, 'https://harbour.example/wire.rss');
    expect(feed.hubs).toEqual(['https://hub.example/', 'https://harbour.example/second-hub']);
    expect(feed.self).toBe('https://harbour.example/wire.rss');
  });

  it('reads the feed-level Atom links, not those of entries', async () => {
    const feed = await parseFeed(ATOM_WITH_HUB, 'https://orbit.example/atom.xml');
    expect(feed.hubs).toEqual(['https://push.orbit.example/hub']);
    expect(feed.self).toBe('https://orbit.example/atom.xml');
    expect(feed.link).toBe('https://orbit.example/');
  });

  it('reads the WebSub hubs of a JSON Feed, leaving other protocols out', async () => {
    const feed = await parseFeed(JSON_WITH_HUB, 'https://ledger.example/feed.json');
    expect(feed.hubs).toEqual(['https://hub.ledger.example/']);
    expect(feed.self).toBe('https://ledger.example/feed.json');
  });

  it('finds none in a feed that announces none', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><title>Plain</title><link>https://plain.example/</link></channel></rss>', 'https://plain.example/rss');
    expect(feed).toMatchObject({ hubs: [], self: null });
  });
});

describe('parseLinkHeader', () => {
  it('reads quoted and bare rels, several relations and joined headers, with commas inside URLs', () => {
    expect(parseLinkHeader('<https://hub.example/a,b>; rel="hub", </feed.xml>; rel=self, <https://x.example/>; title="t"; rel="next alternate"')).toEqual([
      { url: 'https://hub.example/a,b', rels: ['hub'] },
      { url: '/feed.xml', rels: ['self'] },
      { url: 'https://x.example/', rels: ['next', 'alternate'] },
    ]);
    expect(parseLinkHeader(undefined)).toEqual([]);
    expect(parseLinkHeader('garbage')).toEqual([]);
  });
});

describe('discoverWebSub', () => {
  const doc = { hubs: ['https://doc-hub.example/'], self: 'https://site.example/feed' };

  it('prefers the Link headers, resolving them against the response URL', () => {
    expect(discoverWebSub(doc, '<https://header-hub.example/>; rel="hub", </canonical.xml>; rel="self"', 'https://site.example/feed')).toEqual({
      hub: 'https://header-hub.example/',
      topic: 'https://site.example/canonical.xml',
    });
  });

  it('falls back on the document when the headers lack a hub or a self link', () => {
    expect(discoverWebSub(doc, '<https://header-hub.example/>; rel="hub"', 'https://site.example/feed')).toEqual({
      hub: 'https://doc-hub.example/',
      topic: 'https://site.example/feed',
    });
  });

  it('is null without both a hub and a topic, or with a hub that is not http(s)', () => {
    expect(discoverWebSub({ hubs: ['https://doc-hub.example/'], self: null }, null, 'https://site.example/feed')).toBeNull();
    expect(discoverWebSub({ hubs: [], self: 'https://site.example/feed' }, null, 'https://site.example/feed')).toBeNull();
    expect(discoverWebSub({ hubs: ['javascript:alert(1)'], self: 'https://site.example/feed' }, null, 'https://site.example/feed')).toBeNull();
  });
});

describe('subscription requests', () => {
  it('builds the callback URL under the public base, whatever its trailing slash', () => {
    expect(callbackUrl('https://fetcher.example.com/', 12, 'tok')).toBe('https://fetcher.example.com/websub/12/tok');
    expect(callbackUrl('https://proxy.example.com/wirewatch', 3, 'a b')).toBe('https://proxy.example.com/wirewatch/websub/3/a%20b');
  });

  it('sends secret and lease with a subscription only', () => {
    const target = { hub: 'https://hub.example/', topic: 'https://site.example/feed?x=1&y=2', callback: 'https://cb.example/websub/1/t' };
    const sub = new URLSearchParams(subscriptionForm({ ...target, mode: 'subscribe', secret: 's3cret', leaseSeconds: 864000 }));
    expect(Object.fromEntries(sub)).toEqual({
      'hub.mode': 'subscribe',
      'hub.topic': 'https://site.example/feed?x=1&y=2',
      'hub.callback': 'https://cb.example/websub/1/t',
      'hub.secret': 's3cret',
      'hub.lease_seconds': '864000',
    });
    const unsub = new URLSearchParams(subscriptionForm({ ...target, mode: 'unsubscribe', secret: 's3cret', leaseSeconds: 10 }));
    expect([...unsub.keys()]).toEqual(['hub.mode', 'hub.topic', 'hub.callback']);
  });
});

describe('leases', () => {
  it('reads hub.lease_seconds as a positive whole number only', () => {
    expect(parseLeaseSeconds('86400')).toBe(86400);
    for (const bad of [undefined, '', '0', '-5', '1.5', 'ten', ['60']]) expect(parseLeaseSeconds(bad)).toBeNull();
  });

  it('renews a day before a long lease ends, and halfway through a short one', () => {
    const end = new Date('2025-05-10T00:00:00Z');
    expect(renewalDueAt(end, 10 * 86400)).toEqual(new Date('2025-05-09T00:00:00Z'));
    expect(renewalDueAt(end, 3600)).toEqual(new Date('2025-05-09T23:30:00Z'));
  });
});

describe('checkSignature', () => {
  const body = Buffer.from('<feed>a pushed update</feed>');
  const sign = (algorithm: string, secret = 'the-secret') => `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;

  it('accepts an HMAC of the raw body with the secret, for each allowed algorithm, in any letter case', () => {
    for (const algorithm of ['sha1', 'sha256', 'sha384', 'sha512']) expect(checkSignature(sign(algorithm), 'the-secret', body)).toBe('valid');
    expect(checkSignature(sign('sha256').toUpperCase().replace('SHA256', 'sha256'), 'the-secret', body)).toBe('valid');
  });

  it('refuses a missing, malformed, unknown-algorithm or wrong signature', () => {
    expect(checkSignature(undefined, 'the-secret', body)).toBe('missing');
    expect(checkSignature('sha256', 'the-secret', body)).toBe('malformed');
    expect(checkSignature(sign('md5'), 'the-secret', body)).toBe('unknown-algorithm');
    expect(checkSignature(sign('sha256', 'another-secret'), 'the-secret', body)).toBe('mismatch');
    expect(checkSignature(sign('sha256').slice(0, -2), 'the-secret', body)).toBe('mismatch');
    expect(checkSignature(sign('sha256').slice(0, -1), 'the-secret', body)).toBe('mismatch');
    expect(checkSignature(sign('sha256'), 'the-secret', Buffer.from('<feed>a tampered update</feed>'))).toBe('mismatch');
  });
});
