import { Agent, type Dispatcher, errors, request } from 'undici';
import { assertPublicLiteral, BlockedAddressError, guardedLookup } from './address-guard';

/** How WireWatch names itself to the servers it fetches from and posts to. */
export const USER_AGENT = 'WireWatch/0.1 (+https://github.com/wirewatch/wirewatch; news monitoring)';

/** What went wrong with a request, in categories a user can act on. */
export type HttpErrorCategory = 'invalid-url' | 'dns' | 'connect' | 'tls' | 'timeout' | 'too-large' | 'redirect' | 'blocked-address';

export class HttpError extends Error {
  constructor(readonly category: HttpErrorCategory, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpClientOptions {
  allowPrivateNetworks: boolean;
  userAgent: string;
  connectTimeoutMs?: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** the whole exchange, headers and body */
  timeoutMs: number;
  /** larger bodies are cut off and refused with 'too-large' */
  maxBytes: number;
  /** redirects followed (each hop is checked again); 0 returns the 3xx as it is */
  maxRedirects: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
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
 * private networks are allowed, a total deadline, a body cap enforced while streaming, bounded redirects.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(private readonly opts: HttpClientOptions) {
    this.agent = new Agent({
      connect: {
        timeout: opts.connectTimeoutMs ?? 10_000,
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
          headers: { 'user-agent': this.opts.userAgent, ...req.headers },
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
        current = new URL(String(location), current);
        allPermanent &&= res.statusCode === 301 || res.statusCode === 308;
        continue;
      }
      const body = await this.readCapped(res, req.maxBytes).catch((e) => {
        throw classify(e);
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      const permanentUrl = hop > 0 && allPermanent ? current.toString() : null;
      return { status: res.statusCode, headers, body, url: current.toString(), permanentUrl };
    }
  }

  private async readCapped(res: Dispatcher.ResponseData, maxBytes: number): Promise<Buffer> {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.body.destroy();
      throw new HttpError('too-large', `body of ${declared} bytes exceeds the limit of ${maxBytes}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        res.body.destroy();
        throw new HttpError('too-large', `body exceeds the limit of ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
