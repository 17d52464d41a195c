import { FeedError } from '@wirewatch/feeds';
import { startLocalServer, type LocalServer } from '@wirewatch/testing';
import { specRss } from './spec-feeds';
import { fetchCommand } from '../../../infra/cli/fetch';

describe('wirewatch fetch <url> (local HTTP)', () => {
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><link rel="alternate" type="application/rss+xml" href="/wire.rss"></head></html>');
      if (req.url === '/wire.rss') {
        return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
          specRss('CLI wire', [{ guid: 'c-1', title: 'Lithography & order books', link: 'https://cli.example.org/a?utm_source=x', categories: ['Chips'] }], { ttlMinutes: 15 }),
        );
      }
      res.writeHead(404).end();
    });
  });

  afterAll(() => server?.close());

  it('prints the feed found from a page and its normalised items as one JSON document', async () => {
    const out = await fetchCommand(`${server.url}/`, { allowPrivateNetworks: true });
    const { feed, items } = JSON.parse(out);
    expect(feed).toMatchObject({ url: `${server.url}/wire.rss`, discoveredFrom: `${server.url}/`, title: 'CLI wire', ttlSeconds: 900, dedupStrategy: 'guid' });
    expect(items).toEqual([
      expect.objectContaining({ dedupKey: 'guid:c-1', link: 'https://cli.example.org/a', title: 'Lithography & order books', categories: ['Chips'], published: null, guid: 'c-1' }),
    ]);
  });

  it('refuses a loopback address unless private networks are allowed, with the category', async () => {
    await expect(fetchCommand(`${server.url}/wire.rss`)).rejects.toMatchObject({ category: 'blocked-address' });
    await expect(fetchCommand(`${server.url}/missing.xml`, { allowPrivateNetworks: true })).rejects.toBeInstanceOf(FeedError);
  });
});
