import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * W3C WebSub (https://www.w3.org/TR/websub/) for the subscriber side, without I/O: where a feed announces its
 * hub, what to send it, how to check what it pushes, and when a lease is due for renewal.
 */

/** A publisher's hub and the topic (its `self` URL) to subscribe to there. */
export interface WebSubTarget {
  hub: string;
  topic: string;
}

/** The link relations a feed document announces (`ParsedFeed.hubs` / `ParsedFeed.self`). */
export interface DocumentLinks {
  hubs: string[];
  self: string | null;
}

interface WebLink {
  url: string;
  rels: string[];
}

const absoluteHttpUrl = (url: string, base: string | null): string | null => {
  try {
    const abs = new URL(url.trim(), base ?? undefined);
    return abs.protocol === 'http:' || abs.protocol === 'https:' ? abs.toString() : null;
  } catch {
    return null;
  }
};

/**
 * The links of an HTTP `Link` header (RFC 8288), several headers joined by commas as the HTTP client does:
 * `<https://hub.example/>; rel="hub", <https://example.com/feed>; rel=self`. A `rel` may hold several
 * space-separated relations. URLs stay as written (resolve them against the response URL).
 */
export function parseLinkHeader(value: string | null | undefined): WebLink[] {
  if (!value) return [];
  const links: WebLink[] = [];
  for (const m of value.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2]);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ url: m[1], rels });
  }
  return links;
}

/**
 * The hub and topic to subscribe to, or null when the feed announces none. As the spec says, the `Link`
 * headers are read first and the document only when they name no hub and self; of several hubs the first is
 * used (a subscription to one of them receives every update). Relative URLs resolve against `baseUrl`.
 */
export function discoverWebSub(doc: DocumentLinks, linkHeader: string | null | undefined, baseUrl: string): WebSubTarget | null {
  const links = parseLinkHeader(linkHeader);
  const fromHeader = (rel: string) => links.filter((l) => l.rels.includes(rel)).map((l) => absoluteHttpUrl(l.url, baseUrl));
  const headerHub = fromHeader('hub').find((u) => u !== null);
  const headerSelf = fromHeader('self').find((u) => u !== null);
  if (headerHub && headerSelf) return { hub: headerHub, topic: headerSelf };
  const hub = doc.hubs.map((h) => absoluteHttpUrl(h, baseUrl)).find((u) => u !== null);
  const topic = doc.self === null ? null : absoluteHttpUrl(doc.self, baseUrl);
  return hub && topic ? { hub, topic } : null;
}

/** The callback URL of one subscription: `<base>/websub/<feedId>/<token>` (a base path is kept). */
export function callbackUrl(base: string, feedId: number, token: string): string {
  return `${base.replace(/\/+$/, '')}/websub/${feedId}/${encodeURIComponent(token)}`;
}

export interface SubscriptionRequest extends WebSubTarget {
  mode: 'subscribe' | 'unsubscribe';
  callback: string;
  /** subscribe only: the HMAC key the hub signs its deliveries with */
  secret?: string;
  /** subscribe only: the lease asked for; the hub may grant another */
  leaseSeconds?: number;
}

/** The `application/x-www-form-urlencoded` body of a (un)subscription request to a hub. */
export function subscriptionForm(req: SubscriptionRequest): string {
  const form = new URLSearchParams({ 'hub.mode': req.mode, 'hub.topic': req.topic, 'hub.callback': req.callback });
  if (req.mode === 'subscribe' && req.secret !== undefined) form.set('hub.secret', req.secret);
  if (req.mode === 'subscribe' && req.leaseSeconds !== undefined) form.set('hub.lease_seconds', String(req.leaseSeconds));
  return form.toString();
}

/** `hub.lease_seconds` of a verification request: a positive whole number, else null. */
export function parseLeaseSeconds(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

/** Renewal starts this long before a lease ends at most: a day, as hubs and outages allow. */
export const MAX_RENEWAL_MARGIN_SEC = 86_400;

/** When a granted lease should be renewed: a day before it ends, or halfway through a lease shorter than two days. */
export function renewalDueAt(leaseExpiresAt: Date, leaseSeconds: number): Date {
  const marginSec = Math.min(MAX_RENEWAL_MARGIN_SEC, leaseSeconds / 2);
  return new Date(leaseExpiresAt.getTime() - marginSec * 1000);
}

/** The algorithms of `X-Hub-Signature` WebSub allows (sha1 only for old hubs). */
const SIGNATURE_ALGORITHMS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'unknown-algorithm' | 'mismatch';

/**
 * Checks `X-Hub-Signature: <algorithm>=<hex HMAC of the raw body>` against the subscription's secret, in
 * constant time. Anything but `valid` means the delivery must be ignored.
 */
export function checkSignature(header: string | null | undefined, secret: string, body: Buffer): SignatureCheck {
  if (!header?.trim()) return 'missing';
  const m = /^\s*([A-Za-z0-9]+)=([0-9A-Fa-f]+)\s*$/.exec(header);
  if (!m) return 'malformed';
  const algorithm = m[1].toLowerCase();
  if (!SIGNATURE_ALGORITHMS.has(algorithm)) return 'unknown-algorithm';
  const expected = createHmac(algorithm, secret).update(body).digest();
  const given = Buffer.from(m[2].length % 2 === 0 ? m[2] : '', 'hex');
  if (given.length !== expected.length) return 'mismatch';
  return timingSafeEqual(given, expected) ? 'valid' : 'mismatch';
}
