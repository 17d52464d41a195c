import { Parser } from 'htmlparser2';
import iconv from 'iconv-lite';
import sanitizeHtml from 'sanitize-html';

/** An enclosure, media:content/thumbnail or JSON Feed attachment, reduced to what a reader needs. */
export interface MediaRef {
  url: string;
  type: string | null;
  length: number | null;
}

// Elements whose text is code, styling or a no-script notice, never prose. The fallback text of frames and plugins
// (`<object>…</object>`) is kept: it is what a reader without the plugin sees, and the element itself is dropped.
const NON_TEXT = new Set(['script', 'style', 'template', 'noscript']);
// Elements that separate words when rendered; inline ones (`<b>`, `<a>`) must not split a word.
const BREAKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul', 'img',
]);

// A `<` that does not start a comment and is not closed by a `>`: neither before the next `<`, nor past quoted
// attribute values that hold a `<` (the two lookaheads stay linear; one that did both at once would backtrack).
const STRAY_LT = /<(?!!--)(?![^<]*>)(?!(?:[^<>"']|"[^"]*"|'[^']*')*>)/g;

/**
 * HTML to plain text: tags and comments dropped (script/style bodies too), every HTML5 named and numeric entity
 * decoded by htmlparser2's tokenizer, whitespace folded. A `<` that never closes (`P<E ratio`, `x < y`) is text:
 * headlines are more often plain text with a stray `<` than HTML cut short.
 */
export function toPlainText(html: string | null | undefined): string | null {
  if (!html) return null;
  html = demoronize(html);
  const parts: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (NON_TEXT.has(name)) skipping++;
        else if (BREAKS.has(name)) parts.push(' ');
      },
      onclosetag(name) {
        if (NON_TEXT.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BREAKS.has(name)) parts.push(' ');
      },
      ontext(text) {
        if (!skipping) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html.replace(STRAY_LT, '&lt;'));
  return parts.join('').replace(/\s+/g, ' ').trim() || null;
}

/**
 * Publishers that paste from Windows send C1 control characters (U+0080–U+009F) where they meant the
 * windows-1252 characters at those code points: curly quotes, dashes, the euro sign. Controls are never text,
 * so they are read as windows-1252 (what feedparser calls demoronizing).
 */
export function demoronize(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => iconv.decode(Buffer.from([c.charCodeAt(0)]), 'win1252')) : text;
}

/** Resolves `link` against `base`; only http(s) results, anything else (javascript:, data:, junk) is null. */
export function resolveHttpUrl(link: string | null | undefined, base: string | null | undefined): string | null {
  if (!link?.trim()) return null;
  const url = resolveWith(link, base);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.toString() : null;
}

// Query parameters that identify a campaign or a click, never the document.
const TRACKING_EXACT = new Set([
  'fbclid', 'gclid', 'dclid', 'gclsrc', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', 'ref_src', 'ref_url', 'yclid', '_hsenc',
  '_hsmi', 'mkt_tok', 'oly_enc_id', 'oly_anon_id', 'vero_id', 'wt_mc', 'spm', 'twclid', 'li_fat_id', 'ttclid',
]);
/** True for a `name=value` query pair whose name is a tracking parameter (the name compared decoded, any case). */
function isTrackingPair(pair: string): boolean {
  const rawName = pair.split('=')[0].replace(/\+/g, ' ');
  let name = rawName;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    // a stray `%` in the name: compare it as written
  }
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_EXACT.has(n);
}

/**
 * The canonical form of an item link, so that the same story reached through two campaigns is one link:
 * resolved against `base`, http(s) only, tracking parameters and the fragment removed, host lower-cased (WHATWG URL
 * does that), the remaining parameters kept in their order.
 */
export function canonicalUrl(link: string | null | undefined, base: string | null | undefined): string | null {
  const resolved = resolveHttpUrl(link, base);
  if (!resolved) return null;
  const url = new URL(resolved);
  url.hash = '';
  // Filtered as text rather than through URLSearchParams, which would re-encode the pairs that stay.
  const kept = url.search.slice(1).split('&').filter((pair) => pair && !isTrackingPair(pair));
  url.search = kept.length ? `?${kept.join('&')}` : '';
  return url.toString();
}

// sanitize-html's default structural and text tags, plus images and edit/disclosure markup.
const ALLOWED_TAGS = [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 'ins', 'details', 'summary'];

/** Resolves one URL attribute where it stands, or leaves it out when it is not an allowed absolute URL. */
function absolutise(attribs: sanitizeHtml.Attributes, name: string, base: string, schemes: RegExp): sanitizeHtml.Attributes {
  const out: sanitizeHtml.Attributes = {};
  for (const [key, value] of Object.entries(attribs)) {
    if (key !== name) out[key] = value;
    else {
      const url = resolveWith(value, base);
      if (url && schemes.test(url.protocol)) out[key] = url.toString();
    }
  }
  return out;
}

/** `new URL` that answers null instead of throwing on junk. */
function resolveWith(value: string, base: string | null | undefined): URL | null {
  try {
    return new URL(value.trim(), base ?? undefined);
  } catch {
    return null;
  }
}

/**
 * Item HTML made safe to show: an allowlist of structural and text tags; links keep http(s)/mailto hrefs made
 * absolute, images keep absolute http(s) sources (an image without one is dropped); scripts, styles, frames, event
 * handlers and javascript: URLs go. Null when nothing is left.
 */
export function sanitizeContent(html: string | null | undefined, baseUrl: string): string | null {
  if (!html?.trim()) return null;
  const clean = sanitizeHtml(demoronize(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      ol: ['start', 'reversed'],
      time: ['datetime'],
      abbr: ['title'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    nonTextTags: [...NON_TEXT, 'textarea', 'option', 'title'], // dropped with their content
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: absolutise(attribs, 'href', baseUrl, /^(https?|mailto):$/) }),
      img: (tagName, attribs) => ({ tagName, attribs: absolutise(attribs, 'src', baseUrl, /^https?:$/) }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  return clean.trim() || null;
}

// --- dates ----------------------------------------------------------------------------------------------------------

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
// Offsets in minutes of the zone names that turn up in feeds (RFC 822's US zones and the usual others). Ambiguous
// abbreviations (IST, CST-as-China) are left out rather than guessed.
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, bst: 60, west: 60, cet: 60, met: 60, cest: 120, mest: 120, eet: 120, eest: 180,
  msk: 180, jst: 540, kst: 540, hkt: 480, sgt: 480, awst: 480, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420, akst: -540, akdt: -480,
  hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
};
/** How far ahead of the fetch clock a date may be before it is taken as wrong: ordinary clock skew. */
export const FUTURE_SKEW_MS = 10 * 60 * 1000;

/**
 * The offset named by the text after the time: `+0000`, `-05:00`, `+01`, `GMT`, `EST`, `GMT+2`, `UTC-0530`. Only the
 * first recognisable token counts (`+0000 GMT` is +0000). Nothing there means UTC; something unreadable is null.
 */
function zoneOffsetMinutes(rest: string): number | null {
  const text = rest.trim().replace(/^\(|\)$/g, '');
  if (!text) return 0;
  const numeric = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?\b/i.exec(text);
  if (numeric) {
    const [, sign, h, m = '0'] = numeric;
    const minutes = Number(h) * 60 + Number(m);
    return minutes > 14 * 60 ? null : (sign === '-' ? -1 : 1) * minutes;
  }
  const named = /^([a-z]{1,5})\b/i.exec(text);
  const offset = named ? ZONES[named[1].toLowerCase()] : undefined;
  return offset ?? null;
}

/** RFC 2822 §4.3: a two-digit year below 50 is 20xx, else 19xx; a three-digit one adds 1900. */
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  return y.length === 3 ? 1900 + n : n;
}

/** Builds the instant, refusing impossible calendar values (31 April, 25:00) instead of letting Date roll them over. */
function utcDate(fields: { y: number; mo: number; d: number; h?: number; mi?: number; s?: number; ms?: number }, offsetMin: number): Date | null {
  const { y, mo, d, h = 0, mi = 0, s = 0, ms = 0 } = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms));
  if (local.getUTCDate() !== d && h !== 24) return null;
  return new Date(local.getTime() - offsetMin * 60_000);
}

const ISO = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(.*)$/i;
// "Mon, 27 Jan 2025 14:03:00 +0000", weekday optional, seconds optional, zone as anything after the time.
const RFC822 = /^(?:[a-z]{2,9}\.?(?:,\s*|\s+))?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/i;
// "Jan 27, 2025 14:03:00 EST" and "Mon Jan 27 2025 14:03:00 GMT+0000" (JavaScript's Date#toString).
const MONTH_FIRST = /^(?:[a-z]{2,9}\.?(?:,\s*|\s+))?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/i;

function parseIso(s: string): Date | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const offset = zoneOffsetMinutes(m[8]);
  if (offset === null) return null;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return utcDate({ y: +m[1], mo: +m[2], d: +m[3], h: m[4] ? +m[4] : 0, mi: m[5] ? +m[5] : 0, s: m[6] ? +m[6] : 0, ms }, offset);
}

/** `9:03 PM EST`: a 12-hour clock before the zone moves the hour (12 AM is 0, 12 PM is 12) and leaves the zone. */
function meridiem(hour: number, rest: string): { hour: number; rest: string } {
  const m = /^([ap])\.?m\.?(?=\s|$)/i.exec(rest.trim());
  if (!m) return { hour, rest };
  return { hour: (hour % 12) + (m[1].toLowerCase() === 'p' ? 12 : 0), rest: rest.trim().slice(m[0].length) };
}

function parseNamedMonth(s: string, re: RegExp, order: 'day-month' | 'month-day'): Date | null {
  const m = re.exec(s);
  if (!m) return null;
  const [day, monthName] = order === 'day-month' ? [m[1], m[2]] : [m[2], m[1]];
  const mo = MONTHS[monthName.toLowerCase()] ?? MONTHS[monthName.slice(0, 3).toLowerCase()];
  const { hour, rest } = m[4] ? meridiem(+m[4], m[7]) : { hour: 0, rest: m[7] };
  const offset = zoneOffsetMinutes(rest);
  if (!mo || offset === null) return null;
  return utcDate({ y: fullYear(m[3]), mo, d: +day, h: hour, mi: m[5] ? +m[5] : 0, s: m[6] ? +m[6] : 0 }, offset);
}

/**
 * A feed date as publishers really write it: RFC 822/2822 (with two-digit years, named US and European zones, a
 * doubled zone like `+0000 GMT`, no zone at all = UTC), RFC 3339/ISO 8601 with or without the `T` or the zone,
 * month-first English dates, and unix epoch seconds. Never depends on the machine's time zone. Null when unreadable.
 */
export function parseFeedDate(value: string | null | undefined): Date | null {
  const s = value?.trim();
  if (!s) return null;
  if (/^\d{9,10}$/.test(s)) return new Date(Number(s) * 1000);
  const d = parseIso(s) ?? parseNamedMonth(s, RFC822, 'day-month') ?? parseNamedMonth(s, MONTH_FIRST, 'month-day');
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/** A publish date more than the allowed skew ahead of the fetch is a publisher's error: it becomes the fetch time. */
export function clampToNow(date: Date | null, now: Date): Date | null {
  if (!date) return null;
  return date.getTime() > now.getTime() + FUTURE_SKEW_MS ? new Date(now.getTime()) : date;
}
