import { Agent, type Dispatcher, errors, request } from 'undici';
import { assertPublicLiteral, BlockedAddressError, guardedLookup } from './address-guard';
import { ACCEPT_ENCODING, discard, readBody } from './body';
import { HttpError } from './http-error';

/** How WireWatch names itself to the servers it fetches from and posts to. */
export const USER_AGENT = 'WireWatch/0.1 (+https://github.com/wirewatch/wirewatch; news monitoring)';

export interface HttpClientOptions {
  allowPrivateNetworks: boolean;
  userAgent: string;
  /** TCP (and TLS) connect, per hop; default 10 s */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** the whole exchange, headers and body */
  timeoutMs: number;
  /** larger bodies, as received or once decompressed, are cut off and refused with 'too-large' */
  maxBytes: number;
  /** redirects followed (each hop is checked again, a loop is refused at once); 0 returns the 3xx as it is */
  maxRedirects: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** decompressed: Content-Encoding has been undone */
  body: Buffer;
  /** the URL that answered, after redirects */
  url: string;
  /** that URL when every redirect on the way was permanent (301/308), else null: callers may store it */
  permanentUrl: string | null;
}

function classify(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  const err = e as NodeJS.ErrnoException & { cause?: unknown };
  const cause = (err.cause ?? err) as NodeJS.ErrnoException;
  if (cause instanceof BlockedAddressError || err instanceof BlockedAddressError) {
    return new HttpError('blocked-address', (cause instanceof BlockedAddressError ? cause : err).message);
  }
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err.name === 'AbortError' || err.name === 'TimeoutError') {
    return new HttpError('timeout', `timed out: ${err.message}`);
  }
  if (err instanceof errors.ConnectTimeoutError) return new HttpError('timeout', `connect timed out: ${err.message}`);
  const code = cause.code ?? err.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HttpError('dns', `DNS lookup failed: ${cause.message}`);
  if (/CERT|SSL|TLS/i.test(code)) return new HttpError('tls', `TLS failed: ${cause.message}`);
  return new HttpError('connect', `${code ? `${code}: ` : ''}${cause.message ?? String(e)}`);
}

/**
 * The one outbound HTTP client of WireWatch (feeds and webhooks): undici, the SSRF guard on every hop unless
 * private networks are allowed, a total deadline, br/gzip/deflate decompression with the body cap enforced while
 * streaming (before and after decompression), bounded redirects with loop detection.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(private readonly opts: HttpClientOptions) {
    this.agent = new Agent({
      connect: {
        timeout: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        ...(opts.allowPrivateNetworks ? {} : { lookup: guardedLookup as never }),
      },
      keepAliveTimeout: 10_000,
    });
  }

  async request(url: string, req: HttpRequest): Promise<HttpResponse> {
    const deadline = AbortSignal.timeout(req.timeoutMs);
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      throw new HttpError('invalid-url', `not a valid URL: ${url}`);
    }
    let allPermanent = true;
    const visited = new Set<string>();
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') {
        throw new HttpError('invalid-url', `only http and https URLs are fetched, not ${current.protocol}`);
      }
      if (!this.opts.allowPrivateNetworks) {
        try {
          assertPublicLiteral(current);
        } catch (e) {
          throw classify(e);
        }
      }
      let res: Dispatcher.ResponseData;
      try {
        res = await request(current, {
          dispatcher: this.agent,
          method: req.method ?? 'GET',
          headers: { 'user-agent': this.opts.userAgent, 'accept-encoding': ACCEPT_ENCODING, ...req.headers },
          body: req.body,
          signal: deadline,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        });
      } catch (e) {
        throw classify(e);
      }
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && location && req.maxRedirects > 0) {
        await res.body.dump().catch(() => undefined);
        if (hop >= req.maxRedirects) throw new HttpError('redirect', `more than ${req.maxRedirects} redirects`);
        visited.add(current.toString());
        current = new URL(String(location), current);
        if (visited.has(current.toString())) throw new HttpError('redirect', `redirect loop back to ${current}`);
        allPermanent &&= res.statusCode === 301 || res.statusCode === 308;
        continue;
      }
      const body = await this.readCapped(res, req.maxBytes).catch((e: unknown) => {
        throw classify(e);
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      const permanentUrl = hop > 0 && allPermanent ? current.toString() : null;
      return { status: res.statusCode, headers, body, url: current.toString(), permanentUrl };
    }
  }

  /** A declared Content-Length over the cap is refused before reading a byte; the rest is counted while streaming. */
  private async readCapped(res: Dispatcher.ResponseData, maxBytes: number): Promise<Buffer> {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      discard(res.body);
      throw new HttpError('too-large', `body of ${declared} bytes exceeds the limit of ${maxBytes}`);
    }
    const encoding = res.headers['content-encoding'];
    return readBody(res.body, Array.isArray(encoding) ? encoding.join(', ') : encoding, maxBytes);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
