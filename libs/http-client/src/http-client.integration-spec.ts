import { randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { startLocalServer, type LocalServer } from '@wirewatch/testing';
import { HttpClient } from './http-client';
import { HttpError } from './http-error';

const TEXT = 'Grid operator reports a second outage in the northern region. '.repeat(200);
const MIB = 1024 * 1024;

/** An endless stream of zeros: gzipped, it is a compression bomb that never even ends. */
const zeros = () =>
  new Readable({
    read() {
      this.push(Buffer.alloc(64 * 1024));
    },
  });

describe('HttpClient against a local HTTP server', () => {
  let server: LocalServer;
  const http = new HttpClient({ allowPrivateNetworks: true, userAgent: 'WireWatch-test' });
  const hits: Record<string, number> = {};
  let acceptEncoding: string | undefined;
  let bombBytesSent = 0;
  const get = (path: string, over: { maxBytes?: number; timeoutMs?: number } = {}) =>
    http.request(`${server.url}${path}`, { timeoutMs: 2000, maxBytes: MIB, maxRedirects: 5, ...over });
  const failure = (path: string, over: { maxBytes?: number; timeoutMs?: number } = {}) =>
    get(path, over).then(
      () => {
        throw new Error(`${path} was expected to fail`);
      },
      (e: unknown) => e as HttpError,
    );

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const path = req.url ?? '';
      hits[path] = (hits[path] ?? 0) + 1;
      switch (path) {
        case '/plain':
          acceptEncoding = req.headers['accept-encoding'];
          return res.writeHead(200).end(TEXT);
        case '/gzip':
          return res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(TEXT));
        case '/deflate':
          return res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync(TEXT));
        case '/br':
          return res.writeHead(200, { 'content-encoding': 'br' }).end(zlib.brotliCompressSync(TEXT));
        case '/gzip-then-br':
          return res.writeHead(200, { 'content-encoding': 'gzip, br' }).end(zlib.brotliCompressSync(zlib.gzipSync(TEXT)));
        case '/empty-gzip':
        case '/empty-deflate':
        case '/empty-br':
          return res.writeHead(200, { 'content-encoding': path.slice('/empty-'.length) }).end();
        case '/corrupt-gzip':
          return res.writeHead(200, { 'content-encoding': 'gzip' }).end('this was never gzipped');
        case '/compress':
          return res.writeHead(200, { 'content-encoding': 'compress' }).end('whatever');
        case '/bomb': {
          res.writeHead(200, { 'content-encoding': 'gzip' });
          const count = new Transform({
            transform(chunk: Buffer, _e, done) {
              bombBytesSent += chunk.length;
              done(null, chunk);
            },
          });
          return void pipeline(zeros(), zlib.createGzip(), count, res).catch(() => undefined);
        }
        case '/incompressible':
          // 2 MiB of random bytes stay about 2 MiB once gzipped: over the cap before any inflating.
          return res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(randomBytes(2 * MIB)));
        case '/a':
          return res.writeHead(302, { location: '/b' }).end();
        case '/b':
          return res.writeHead(301, { location: '/a' }).end();
        case '/trickle': {
          res.writeHead(200);
          const timer = setInterval(() => res.write('x'), 100);
          return void res.on('close', () => clearInterval(timer));
        }
        default:
          return res.writeHead(404).end();
      }
    });
  });

  afterAll(async () => {
    await Promise.all([server.close(), http.close()]);
  });

  it('asks for compression and reads plain bodies as they are', async () => {
    const res = await get('/plain');
    expect(acceptEncoding).toBe('br, gzip, deflate');
    expect(res.body.toString()).toBe(TEXT);
  });

  it.each(['/gzip', '/deflate', '/br', '/gzip-then-br'])('decompresses %s', async (path) => {
    const res = await get(path);
    expect(res.body.toString()).toBe(TEXT);
  });

  it.each(['/empty-gzip', '/empty-deflate', '/empty-br'])('reads the empty, compression-labelled body of %s as empty', async (path) => {
    expect((await get(path)).body.length).toBe(0);
  });

  it.each(['/corrupt-gzip', '/compress'])('refuses %s as content-encoding', async (path) => {
    const err = await failure(path);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.category).toBe('content-encoding');
  });

  it('stops an endless gzip bomb at the cap on decompressed bytes, and the server stops sending', async () => {
    const started = Date.now();
    const err = await failure('/bomb', { maxBytes: MIB, timeoutMs: 5000 });
    expect(err.category).toBe('too-large');
    expect(err.message).toMatch(/decompressed body exceeds the limit of 1048576 bytes/);
    expect(Date.now() - started).toBeLessThan(2000);
    // The connection was dropped: what the server managed to send is a tiny fraction of the cap in gzip.
    await new Promise((r) => setTimeout(r, 100));
    const sent = bombBytesSent;
    await new Promise((r) => setTimeout(r, 200));
    expect(bombBytesSent).toBe(sent);
    expect(sent).toBeLessThan(MIB);
  });

  it('caps the compressed bytes too, before inflating them', async () => {
    const err = await failure('/incompressible', { maxBytes: MIB });
    expect(err.category).toBe('too-large');
    expect(err.message).toMatch(/the compressed body exceeds/);
  });

  it('refuses a redirect loop as soon as it comes back, without going round to the hop limit', async () => {
    const err = await failure('/a');
    expect(err.category).toBe('redirect');
    expect(err.message).toMatch(/loop/);
    expect([hits['/a'], hits['/b']]).toEqual([1, 1]);
  });

  it('ends a body that trickles in at the total deadline, which no idle timeout would catch', async () => {
    const started = Date.now();
    const err = await failure('/trickle', { timeoutMs: 700 });
    expect(err.category).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
