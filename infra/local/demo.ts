import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderRss } from '@wirewatch/feeds';
import { DEMO_STORIES } from './demo-stories';

export interface DemoServer {
  feedUrl: string;
  webhookUrl: string;
  close(): Promise<void>;
}

/** Prints one received alert as a desk would want to skim it. */
function printAlert(body: string, print: (line: string) => void): void {
  try {
    const alert = JSON.parse(body);
    const s = alert.data?.story ?? {};
    const topics = (s.topics ?? []).map((t: { id: string; score: number }) => `${t.id} ${t.score}`).join(', ');
    const tickers = (s.entities ?? []).map((e: { name: string; ticker: string | null }) => e.ticker ?? e.name).join(' ');
    const e = alert.data?.event ?? {};
    const kind = alert.type === 'alert.updated' ? 'UPDATE' : 'ALERT';
    print(`${kind} (subscription ${alert.data?.subscriptionId}, event ${e.id}, ${e.sourceCount} source${e.sourceCount === 1 ? '' : 's'}): ${s.title}`);
    const figures = (s.figures ?? []).slice(0, 3).map((f: { text: string }) => f.text).join(', ');
    print(`      topics: ${topics || '-'} | companies: ${tickers || '-'} | sentiment: ${s.sentiment?.label ?? '-'}${figures ? ` | figures: ${figures}` : ''}`);
    if (s.explanation) print(`      severity ${s.severity}, relevance ${s.relevance}: ${s.explanation}`);
  } catch {
    print(`ALERT (unreadable body): ${body.slice(0, 200)}`);
  }
}

/**
 * The built-in demo: an RSS feed of our own AI-market stories on 127.0.0.1 that releases three stories at
 * once and one more every `releaseEveryMs`, and a webhook receiver that prints each alert it gets.
 */
export async function startDemoServer(port: number, print: (line: string) => void, releaseEveryMs = 15_000): Promise<DemoServer> {
  const startedAt = Date.now();
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/feed.xml') {
      const released = Math.min(DEMO_STORIES.length, 3 + Math.floor((Date.now() - startedAt) / releaseEveryMs));
      // Oldest first, each dated relative to when the demo started.
      const stories = [...DEMO_STORIES].sort((a, b) => b.publishedOffsetMin - a.publishedOffsetMin).slice(0, released);
      const xml = renderRss(
        { title: 'WireWatch demo wire', link: `http://127.0.0.1:${port}/`, description: 'Stories written for the WireWatch demo' },
        stories.map((s) => ({ guid: s.guid, title: s.title, link: s.link, description: s.summary, published: new Date(startedAt - s.publishedOffsetMin * 60_000) })),
      );
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(xml);
      return;
    }
    if (req.method === 'POST' && req.url === '/webhook') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        printAlert(Buffer.concat(chunks).toString('utf8'), print);
        res.writeHead(204).end();
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    feedUrl: `http://127.0.0.1:${bound}/feed.xml`,
    webhookUrl: `http://127.0.0.1:${bound}/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
