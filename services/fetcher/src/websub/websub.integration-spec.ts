import { Queue } from 'bullmq';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { QueueName } from '@wirewatch/contracts';
import { startLocalServer, startTestInfra, waitFor, type LocalServer, type TestInfra } from '@wirewatch/testing';
import { startStack, stopStack, type RunningService } from '../../../../tests/support/stack';

const WEBSUB_POLL_INTERVAL_SEC = 120;

/** An RSS document announcing (or not) a hub and its own URL. */
function rss(opts: { title: string; hub?: string; self?: string; items: { guid: string; title: string }[] }): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${opts.title}</title>
    <link>https://desk.example/</link>
    ${opts.self ? `<atom:link rel="self" type="application/rss+xml" href="${opts.self}"/>` : ''}
    ${opts.hub ? `<atom:link rel="hub" href="${opts.hub}"/>` : ''}
    ${opts.items.map((i) => `<item><guid isPermaLink="false">${i.guid}</guid><title>${i.title}</title></item>`).join('\n    ')}
  </channel>
</rss>`;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** waitFor for a check that yields a value once there is one: resolves with that value. */
const found = <T>(what: string, check: () => T | null | undefined, timeoutMs?: number) => waitFor(what, check, timeoutMs) as Promise<T>;

type Form = Record<string, string>;
interface Verification {
  mode: string;
  callback: string;
  status: number;
  body: string;
  contentType: string | null;
}

/**
 * A fake WebSub hub: records every (un)subscription request, answers 202, then verifies the intent by calling
 * the callback back as a hub does, granting `leaseSeconds`, or denies every subscription when `deny` is set.
 */
async function fakeHub(opts: { leaseSeconds: number; deny?: string }) {
  const requests: Form[] = [];
  const verifications: Verification[] = [];
  async function callBack(form: Form): Promise<void> {
    const url = new URL(form['hub.callback']);
    const challenge = randomBytes(8).toString('hex');
    const mode = opts.deny && form['hub.mode'] === 'subscribe' ? 'denied' : form['hub.mode'];
    url.searchParams.set('hub.mode', mode);
    url.searchParams.set('hub.topic', form['hub.topic']);
    if (mode === 'denied') url.searchParams.set('hub.reason', opts.deny!);
    else url.searchParams.set('hub.challenge', challenge);
    if (mode === 'subscribe') url.searchParams.set('hub.lease_seconds', String(opts.leaseSeconds));
    const res = await fetch(url);
    const body = await res.text();
    verifications.push({ mode, callback: form['hub.callback'], status: res.status, body: mode === 'denied' ? body : body === challenge ? 'challenge echoed' : body, contentType: res.headers.get('content-type') });
  }
  const server = await startLocalServer((req, res, body) => {
    const form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    requests.push({ ...form, contentType: req.headers['content-type'] ?? '' });
    res.writeHead(202).end();
    setImmediate(() => void callBack(form));
  });
  const forTopic = (topic: string, mode = 'subscribe') => requests.filter((r) => r['hub.topic'] === topic && r['hub.mode'] === mode);
  return { server, url: `${server.url}/`, requests, verifications, forTopic };
}
type Hub = Awaited<ReturnType<typeof fakeHub>>;

/** POSTs a document to a callback URL as a hub distributes content, signed with `secret` unless told otherwise. */
async function push(callback: string, body: string, sign: { secret?: string; algorithm?: string; header?: string | null; contentType?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': sign.contentType ?? 'application/rss+xml' };
  const signature = sign.header !== undefined ? sign.header : `${sign.algorithm ?? 'sha256'}=${createHmac(sign.algorithm ?? 'sha256', sign.secret!).update(body).digest('hex')}`;
  if (signature !== null) headers['x-hub-signature'] = signature;
  return fetch(callback, { method: 'POST', headers, body });
}

describe('fetcher: WebSub push (real Postgres, Redis, HTTP hubs)', () => {
  let infra: TestInfra;
  let fetcher: RunningService;
  let db: Client;
  let classifyQueue: Queue;
  let site: LocalServer;
  let hub: Hub;
  let otherHub: Hub;
  let shortHub: Hub;
  let denyingHub: Hub;
  /** what the site serves, by path; tests change it */
  const docs: Record<string, string> = {};
  /** the Link header served with a path, if any */
  const linkHeaders: Record<string, string> = {};
  let shortLease: { id: number; topic: string };
  let harbour: { id: number; topic: string; callback: string; secret: string };

  const storyTitles = async (feedId: number): Promise<string[]> =>
    (await db.query('SELECT title FROM stories WHERE feed_id = $1 ORDER BY title', [feedId])).rows.map((r) => r.title);
  const subscriptionsOf = async (feedId: number) =>
    (await db.query('SELECT hub, topic, token, state, reason, lease_seconds, lease_expires_at FROM websub_subscriptions WHERE feed_id = $1 ORDER BY id', [feedId])).rows;
  const register = async (path: string): Promise<number> => {
    const created = await fetcher.call('/feeds', { body: { url: `${site.url}${path}` } });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  beforeAll(async () => {
    infra = await startTestInfra('fetcher-websub');
    [hub, otherHub, shortHub, denyingHub] = await Promise.all([
      fakeHub({ leaseSeconds: 3600 }),
      fakeHub({ leaseSeconds: 3600 }),
      fakeHub({ leaseSeconds: 2 }),
      fakeHub({ leaseSeconds: 3600, deny: 'this topic takes no subscribers' }),
    ]);
    site = await startLocalServer((req, res) => {
      const doc = docs[req.url ?? ''];
      const link = linkHeaders[req.url ?? ''];
      if (doc) res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...(link ? { link } : {}) }).end(doc);
      else res.writeHead(404).end();
    });
    docs['/harbour.xml'] = rss({ title: 'Harbour desk', hub: hub.url, self: `${site.url}/harbour.xml`, items: [{ guid: 'h-1', title: 'Cranes idle at the north quay' }] });
    const port = await freePort();
    ({ fetcher } = await startStack(infra, ['fetcher'], {
      LOG_LEVEL: 'error',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      WEBSUB_POLL_INTERVAL_SEC: String(WEBSUB_POLL_INTERVAL_SEC),
      WEBSUB_RENEW_INTERVAL_MS: '200',
    }));
    db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
    classifyQueue = new Queue(QueueName.StoriesClassify, { connection: { url: infra.redisUrl }, prefix: infra.queuePrefix });
  });

  afterAll(async () => {
    await classifyQueue?.close();
    await db?.end();
    await stopStack({ fetcher });
    await Promise.all([site, hub?.server, otherHub?.server, shortHub?.server, denyingHub?.server].map((s) => s?.close()));
    await infra?.stop();
  });

  it('subscribes to the hub a feed announces after a poll, and activates the subscription when the hub verifies it', async () => {
    const id = await register('/harbour.xml');
    const topic = `${site.url}/harbour.xml`;
    const request = await found('the subscription request', () => hub.forTopic(topic)[0]);
    expect(request).toMatchObject({ 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.lease_seconds': '864000', contentType: 'application/x-www-form-urlencoded' });
    expect(request['hub.callback']).toMatch(new RegExp(`^${fetcher.url}/websub/${id}/[A-Za-z0-9_-]{32}$`));
    expect(request['hub.secret']).toMatch(/^[0-9a-f]{64}$/);
    const verification = await found('the verification', () => hub.verifications.find((v) => v.callback === request['hub.callback']));
    expect(verification).toMatchObject({ mode: 'subscribe', status: 200, body: 'challenge echoed' });
    expect(verification.contentType).toMatch(/^text\/plain/);
    const [sub] = await subscriptionsOf(id);
    expect(sub).toMatchObject({ hub: hub.url, topic, state: 'active', lease_seconds: 3600 });
    expect(new Date(sub.lease_expires_at).getTime() - Date.now()).toBeGreaterThan(3500_000);
    expect(await storyTitles(id)).toEqual(['Cranes idle at the north quay']);
    harbour = { id, topic, callback: request['hub.callback'], secret: request['hub.secret'] };
  });

  it('stores the new items of a signed delivery and queues them for classification', async () => {
    const body = rss({
      title: 'Harbour desk',
      items: [
        { guid: 'h-1', title: 'Cranes idle at the north quay' },
        { guid: 'h-2', title: 'Pilots vote to strike' },
        { guid: 'h-3', title: 'Dredging contract awarded' },
      ],
    });
    const res = await push(harbour.callback, body, { secret: harbour.secret });
    expect(res.status).toBe(202);
    expect(await storyTitles(harbour.id)).toEqual(['Cranes idle at the north quay', 'Dredging contract awarded', 'Pilots vote to strike']);
    const pushed = (await db.query(`SELECT id FROM stories WHERE feed_id = $1 AND title <> 'Cranes idle at the north quay'`, [harbour.id])).rows.map((r) => r.id);
    const jobs = await classifyQueue.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.map((j) => j.data.storyId)).toEqual(expect.arrayContaining(pushed));
    // sha1, as older hubs sign, is accepted too
    const sha1 = await push(harbour.callback, rss({ title: 'Harbour desk', items: [{ guid: 'h-4', title: 'Tug fleet renewed' }] }), { secret: harbour.secret, algorithm: 'sha1' });
    expect(sha1.status).toBe(202);
    expect(await storyTitles(harbour.id)).toContain('Tug fleet renewed');
  });

  it('reads a pushed JSON Feed as a poll would', async () => {
    const body = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Harbour desk', items: [{ id: 'h-5', title: 'Customs shed reopens' }] });
    expect((await push(harbour.callback, body, { secret: harbour.secret, contentType: 'application/feed+json' })).status).toBe(202);
    expect(await storyTitles(harbour.id)).toContain('Customs shed reopens');
  });

  it('drops a delivery whose signature is missing, wrong or of an unknown algorithm, still answering 202, and counts it', async () => {
    const body = rss({ title: 'Harbour desk', items: [{ guid: 'forged-1', title: 'Forged: port closed for good' }] });
    for (const sign of [{ header: null }, { secret: 'not-the-secret' }, { secret: harbour.secret, algorithm: 'md5' }, { header: 'sha256=zz' }]) {
      expect((await push(harbour.callback, body, sign)).status).toBe(202);
    }
    expect(await storyTitles(harbour.id)).not.toContain('Forged: port closed for good');
    const metrics = await (await fetch(`${fetcher.url}/metrics`)).text();
    expect(metrics).toMatch(/wirewatch_websub_deliveries_total\{result="bad-signature",service="fetcher"\} 4/);
  });

  it('answers a verification only for its own callback, mode and topic (404 otherwise), and 410 to content for an unknown callback', async () => {
    const verify = (callback: string, params: Form) => fetch(`${callback}?${new URLSearchParams({ 'hub.challenge': 'c-1', 'hub.lease_seconds': '60', ...params })}`);
    const wrongToken = harbour.callback.replace(/[^/]+$/, 'A'.repeat(32));
    expect((await verify(wrongToken, { 'hub.mode': 'subscribe', 'hub.topic': harbour.topic })).status).toBe(404);
    expect((await verify(harbour.callback, { 'hub.mode': 'subscribe', 'hub.topic': `${site.url}/other.xml` })).status).toBe(404);
    // nobody asked to unsubscribe: a forged unsubscription is refused
    expect((await verify(harbour.callback, { 'hub.mode': 'unsubscribe', 'hub.topic': harbour.topic })).status).toBe(404);
    expect((await verify(`${fetcher.url}/websub/not-a-feed/x`, { 'hub.mode': 'subscribe', 'hub.topic': harbour.topic })).status).toBe(404);
    expect((await subscriptionsOf(harbour.id))[0]).toMatchObject({ state: 'active', lease_seconds: 3600 });
    expect((await push(wrongToken, rss({ title: 'x', items: [] }), { secret: harbour.secret })).status).toBe(410);
  });

  it('keeps polling a pushed feed as a safety net, at least WEBSUB_POLL_INTERVAL_SEC apart', async () => {
    // POLL_INTERVAL_SEC is 1 in the stack: the feed's next poll after activation relaxes it
    await waitFor('the relaxed interval', async () => (await fetcher.call(`/feeds/${harbour.id}`)).body.effectiveIntervalSec === WEBSUB_POLL_INTERVAL_SEC);
  });

  it('renews a lease before it expires', async () => {
    docs['/short.xml'] = rss({ title: 'Short lease desk', hub: shortHub.url, self: `${site.url}/short.xml`, items: [{ guid: 's-1', title: 'Ferry timetable changes' }] });
    const id = await register('/short.xml');
    const topic = `${site.url}/short.xml`;
    const first = await found('the first verification', () => shortHub.verifications.find((v) => v.mode === 'subscribe'));
    const activatedAt = Date.now();
    // a 2 s lease is renewed halfway through
    await waitFor('the renewal request', () => shortHub.forTopic(topic).length >= 2, 5000);
    expect(Date.now() - activatedAt).toBeLessThan(2000);
    const [initial, renewal] = shortHub.forTopic(topic);
    expect(renewal).toMatchObject({ 'hub.callback': first.callback, 'hub.secret': initial['hub.secret'], 'hub.lease_seconds': '864000' });
    await waitFor('the renewal verified', () => shortHub.verifications.filter((v) => v.status === 200).length >= 2, 5000);
    const [sub] = await subscriptionsOf(id);
    expect(sub.state).toBe('active');
    expect(new Date(sub.lease_expires_at).getTime()).toBeGreaterThan(Date.now());
    shortLease = { id, topic };
  });

  it('ends the subscription when the feed stops announcing a hub, and polls it at its own pace again', async () => {
    docs['/short.xml'] = rss({ title: 'Short lease desk', items: [{ guid: 's-1', title: 'Ferry timetable changes' }] });
    expect((await fetcher.call(`/feeds/${shortLease.id}/poll`, { method: 'POST' })).status).toBe(202);
    const unsubscribe = await found('the unsubscription', () => shortHub.forTopic(shortLease.topic, 'unsubscribe')[0]);
    expect(unsubscribe['hub.mode']).toBe('unsubscribe');
    await waitFor('the subscription forgotten', async () => (await subscriptionsOf(shortLease.id)).length === 0);
    await waitFor('the adaptive interval', async () => (await fetcher.call(`/feeds/${shortLease.id}`)).body.effectiveIntervalSec < WEBSUB_POLL_INTERVAL_SEC);
  });

  it('finds the hub in the Link headers of the response too', async () => {
    docs['/linked.xml'] = rss({ title: 'Linked desk', items: [{ guid: 'k-1', title: 'Quay lights replaced' }] });
    linkHeaders['/linked.xml'] = `<${otherHub.url}>; rel="hub", </linked.xml?canonical=1>; rel="self"`;
    const id = await register('/linked.xml');
    const request = await found('the subscription request', () => otherHub.forTopic(`${site.url}/linked.xml?canonical=1`)[0]);
    expect(request['hub.callback']).toMatch(new RegExp(`/websub/${id}/`));
  });

  it('records a denial with its reason', async () => {
    docs['/denied.xml'] = rss({ title: 'Closed desk', hub: denyingHub.url, self: `${site.url}/denied.xml`, items: [{ guid: 'd-1', title: 'Lock gates inspected' }] });
    const id = await register('/denied.xml');
    const denial = await found('the denial', () => denyingHub.verifications.find((v) => v.mode === 'denied'));
    expect(denial.status).toBe(200);
    expect((await subscriptionsOf(id))[0]).toMatchObject({ state: 'denied', reason: 'this topic takes no subscribers' });
  });

  it('re-subscribes when the feed names another hub, unsubscribing from the old one', async () => {
    docs['/harbour.xml'] = rss({ title: 'Harbour desk', hub: otherHub.url, self: harbour.topic, items: [{ guid: 'h-1', title: 'Cranes idle at the north quay' }] });
    expect((await fetcher.call(`/feeds/${harbour.id}/poll`, { method: 'POST' })).status).toBe(202);
    const request = await found('the subscription to the new hub', () => otherHub.forTopic(harbour.topic)[0]);
    expect(request['hub.callback']).not.toBe(harbour.callback);
    expect(request['hub.secret']).not.toBe(harbour.secret);
    const unsubscribe = await found('the unsubscription from the old hub', () => hub.forTopic(harbour.topic, 'unsubscribe')[0]);
    expect(unsubscribe['hub.callback']).toBe(harbour.callback);
    expect(unsubscribe['hub.secret']).toBeUndefined();
    await waitFor('the unsubscription verified', () => hub.verifications.find((v) => v.mode === 'unsubscribe')?.status === 200);
    await waitFor('the new subscription active', async () => {
      const subs = await subscriptionsOf(harbour.id);
      return subs.length === 1 && subs[0].hub === otherHub.url && subs[0].state === 'active';
    });
    // the old callback is dead: content sent there is refused with 410
    expect((await push(harbour.callback, rss({ title: 'x', items: [] }), { secret: harbour.secret })).status).toBe(410);
    harbour = { ...harbour, callback: request['hub.callback'], secret: request['hub.secret'] };
  });

  it('unsubscribes from the hub when its feed is deleted', async () => {
    expect((await fetcher.call(`/feeds/${harbour.id}`, { method: 'DELETE' })).status).toBe(204);
    const unsubscribe = await found('the unsubscription', () => otherHub.forTopic(harbour.topic, 'unsubscribe')[0]);
    expect(unsubscribe['hub.callback']).toBe(harbour.callback);
    await waitFor('the subscription forgotten', async () => (await subscriptionsOf(harbour.id)).length === 0);
  });
});

describe('fetcher: WebSub off without PUBLIC_BASE_URL', () => {
  let infra: TestInfra;
  let fetcher: RunningService;
  let site: LocalServer;
  let hub: Hub;

  beforeAll(async () => {
    infra = await startTestInfra('fetcher-websub-off');
    hub = await fakeHub({ leaseSeconds: 3600 });
    site = await startLocalServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss({ title: 'Quiet desk', hub: hub.url, self: `${site.url}/quiet.xml`, items: [{ guid: 'q-1', title: 'Nothing to report' }] })),
    );
    ({ fetcher } = await startStack(infra, ['fetcher'], { LOG_LEVEL: 'error' }));
  });

  afterAll(async () => {
    await stopStack({ fetcher });
    await Promise.all([site?.close(), hub?.server.close()]);
    await infra?.stop();
  });

  it('polls a feed that announces a hub without ever contacting the hub, and has no callback', async () => {
    const created = await fetcher.call('/feeds', { body: { url: `${site.url}/quiet.xml` } });
    expect(created.status).toBe(201);
    // POLL_INTERVAL_SEC is 1: several polls happen in this time
    await waitFor('polls', async () => (await fetcher.call(`/feeds/${created.body.id}`)).body.lastPollStatus === 'ok');
    await new Promise((r) => setTimeout(r, 2500));
    expect(hub.requests).toEqual([]);
    const verify = await fetch(`${fetcher.url}/websub/${created.body.id}/anything?hub.mode=subscribe&hub.topic=x&hub.challenge=c`);
    expect(verify.status).toBe(404);
    const db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM websub_subscriptions')).rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });
});
