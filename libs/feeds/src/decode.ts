import iconv from 'iconv-lite';

/** A feed body decoded to text, with the charset that was used to read it. */
export interface DecodedFeed {
  /** Clean text for the parser: no BOM, no `encoding` in the XML declaration. */
  text: string;
  /**
   * The charset the bytes were read with, lower-case (`utf-8`, `iso-8859-1`, `utf-16le`, `gb18030`, ...).
   * When the document named a charset nobody knows, this says so: `utf-8 (unknown charset "bogus")`.
   */
  encoding: string;
}

// Byte signatures, longest first where they overlap (a UTF-32 LE BOM starts with the UTF-16 LE one).
const BOMS: Array<[number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

// `<?` (or `<` then a nul) as it looks in UTF-16/32 without a BOM (XML 1.0 appendix F).
const SNIFFS: Array<[number[], string]> = [
  [[0x00, 0x00, 0x00, 0x3c], 'utf-32be'],
  [[0x3c, 0x00, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x3c, 0x00, 0x3f], 'utf-16be'],
  [[0x3c, 0x00, 0x3f, 0x00], 'utf-16le'],
];

// Labels that only say "16 or 32 bits wide" without a byte order; the BOM or the sniffed pattern decides.
const WIDE_LABELS = new Set([
  'u16', 'utf-16', 'utf16', 'utf_16', 'u32', 'utf-32', 'utf32', 'utf_32',
  'iso-10646-ucs-2', 'iso-10646-ucs-4', 'csucs4', 'csunicode', 'ucs-2', 'ucs-4', 'ucs2', 'ucs4',
]);
const isWide = (label: string) => WIDE_LABELS.has(label) || /^utf-?(16|32)(le|be)?$/.test(label.replace(/_/g, '-'));

const APPLICATION_XML = new Set(['application/xml', 'application/xml-dtd', 'application/xml-external-parsed-entity']);
const TEXT_XML = new Set(['text/xml', 'text/xml-external-parsed-entity']);
const JSON_TYPES = new Set(['application/json', 'application/feed+json']);

const startsWith = (body: Buffer, sig: number[]) => body.length >= sig.length && sig.every((b, i) => body[i] === b);

/** `text/xml; charset="us-ascii"` → `['text/xml', 'us-ascii']`; a malformed parameter (`charset:x`) is ignored. */
export function parseContentType(header: string | undefined): { mediaType: string; charset: string | null } {
  const [type = '', ...params] = (header ?? '').split(';');
  let charset: string | null = null;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*(.*?)\s*$/i.exec(p);
    if (m) charset = m[1].replace(/^(["'])(.*)\1$/, '$2').trim().toLowerCase() || null;
  }
  return { mediaType: type.trim().toLowerCase(), charset };
}

function normaliseLabel(label: string): string {
  const l = label.trim().toLowerCase();
  return l === 'gb2312' || l === 'gb_2312-80' || l === 'csgb2312' ? 'gb18030' : l; // gb18030 is a superset of gb2312
}

/** Decodes, or returns null when the bytes are not valid in that charset (Python's `bytes.decode` strictness). */
function strictDecode(body: Buffer, encoding: string): string | null {
  if (encoding === 'utf-8' || encoding === 'utf8') {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      return null;
    }
  }
  if (encoding === 'us-ascii' || encoding === 'ascii') return body.every((b) => b < 0x80) ? body.toString('latin1') : null;
  if (LATIN1.has(encoding)) return latin1AsWindows1252(body);
  const text = iconv.decode(body, encoding, { stripBOM: false });
  // iconv-lite never throws on bad input: it writes U+FFFD. A real U+FFFD in a legacy charset is practically unheard of.
  return text.includes('\uFFFD') ? null : text;
}

const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'cp819', 'ibm819', 'iso-ir-100']);

/**
 * ISO-8859-1 as the WHATWG Encoding Standard (and every browser) reads it: bytes 0x80-0x9F are windows-1252
 * (curly quotes, dashes, the euro sign), never C1 control characters, which no publisher means.
 * The five bytes windows-1252 leaves undefined stay as they are.
 */
function latin1AsWindows1252(body: Buffer): string {
  const text = body.toString('latin1');
  if (!/[\x80-\x9f]/.test(text)) return text;
  return text.replace(/[\x80-\x9f]/g, (c) => {
    const mapped = iconv.decode(Buffer.from([c.charCodeAt(0)]), 'windows-1252');
    return mapped === '\uFFFD' ? c : mapped;
  });
}

/** Valid-looking UTF-8 with a few bad bytes: better read as UTF-8 with U+FFFD than as windows-1252 mojibake. */
function mostlyUtf8(body: Buffer): string | null {
  const text = body.toString('utf8');
  let bad = 0;
  let good = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') bad++;
    else if (ch.charCodeAt(0) >= 0x80) good++;
  }
  return good > bad ? text : null;
}

/** The `encoding` of an XML declaration, read from the head of the document in the sniffed width. */
function declaredEncoding(body: Buffer, sniffed: string | null): string | null {
  const head = body.subarray(0, 1024);
  const text = sniffed && sniffed !== 'utf-8' ? iconv.decode(head, sniffed) : head.toString('latin1');
  const m = /^\uFEFF?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:()+-]+)\s*["'][^>]*\?>/.exec(text);
  return m ? m[1].toLowerCase() : null;
}

/** Leaves the text ready for rss-parser: no BOM, no whitespace before the declaration, no `encoding` in it. */
function clean(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/^\s+(?=<\?xml\s)/, '')
    .replace(/^(<\?xml\s[^>]*?)\s*\bencoding\s*=\s*(["'])[^"'>]*\2/, '$1');
}

/**
 * Reads a feed body as text the way RFC 3023 (and Python feedparser, the reference) says:
 * 1. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) wins outright;
 * 2. the HTTP charset for XML media types (`application/xml`, `application/*+xml`, `text/xml`, `text/*+xml`, ...);
 *    `text/*` without a charset means us-ascii, `application/*xml` without one falls to the XML declaration;
 * 3. the XML declaration's `encoding`;
 * 4. UTF-16/32 sniffed from the `<?xml` byte pattern (which also overrides any 8-bit charset named in 2 or 3);
 *    then UTF-8, then windows-1252 (UTF-8 again when the bytes are mostly valid UTF-8).
 * Like feedparser, a proposed charset the bytes are not valid in (us-ascii for a UTF-8 document) is passed over for
 * the next one. gb2312 is read as gb18030. Every charset goes through iconv-lite; an unknown one falls back to UTF-8.
 */
export function decodeFeed(body: Buffer, contentType?: string): DecodedFeed {
  const bom = BOMS.find(([sig]) => startsWith(body, sig));
  if (bom) {
    const [sig, encoding] = bom;
    const rest = body.subarray(sig.length);
    const text = encoding === 'utf-8' ? rest.toString('utf8') : iconv.decode(rest, encoding, { stripBOM: false });
    return { text: clean(text), encoding };
  }

  const sniffed = SNIFFS.find(([sig]) => startsWith(body, sig))?.[1] ?? null;
  let xmlEncoding = declaredEncoding(body, sniffed);
  if (xmlEncoding && isWide(xmlEncoding)) xmlEncoding = sniffed; // "utf-16" names the width; the bytes give the order

  const { mediaType, charset } = parseContentType(contentType);
  let httpCharset = charset ? normaliseLabel(charset) : null;
  if (httpCharset && isWide(httpCharset) && !sniffed) httpCharset = null; // `<?xml` readable as ASCII: not UTF-16/32
  let proposed: string | null;
  if (APPLICATION_XML.has(mediaType) || (mediaType.startsWith('application/') && mediaType.endsWith('+xml'))) {
    proposed = httpCharset ?? xmlEncoding ?? sniffed ?? 'utf-8';
  } else if (TEXT_XML.has(mediaType) || (mediaType.startsWith('text/') && mediaType.endsWith('+xml'))) {
    proposed = httpCharset ?? 'us-ascii';
  } else if (JSON_TYPES.has(mediaType)) {
    proposed = httpCharset ?? 'utf-8'; // RFC 8259
  } else if (mediaType.startsWith('text/')) {
    proposed = httpCharset ?? 'us-ascii';
  } else {
    proposed = xmlEncoding ?? sniffed ?? 'utf-8';
  }
  if (xmlEncoding) xmlEncoding = normaliseLabel(xmlEncoding);
  proposed = normaliseLabel(proposed);
  // `<?xml` in UTF-16/32 bytes is unambiguous: no 8-bit charset (a us-ascii default, a wrong header) can be right.
  if (sniffed && !isWide(proposed)) proposed = sniffed;

  const unknown: string[] = [];
  const tried = new Set<string>();
  for (const candidate of [proposed, xmlEncoding, sniffed, 'utf-8']) {
    if (!candidate || tried.has(candidate)) continue;
    tried.add(candidate);
    if (!iconv.encodingExists(candidate)) {
      unknown.push(candidate);
      continue;
    }
    const text = strictDecode(body, candidate);
    if (text !== null) return { text: clean(text), encoding: label(candidate, unknown) };
  }
  const utf8 = mostlyUtf8(body);
  if (utf8 !== null) return { text: clean(utf8), encoding: label('utf-8', unknown) };
  const cp1252 = strictDecode(body, 'windows-1252');
  if (cp1252 !== null) return { text: clean(cp1252), encoding: label('windows-1252', unknown) };
  return { text: clean(body.toString('utf8')), encoding: label('utf-8', unknown) };
}

function label(encoding: string, unknown: string[]): string {
  return unknown.length ? `${encoding} (unknown charset ${unknown.map((u) => JSON.stringify(u)).join(', ')})` : encoding;
}

/** What a decoded body looks like before any parser sees it; the bytes decide, never the Content-Type. */
export type DocumentKind = 'xml' | 'json' | 'html' | 'empty' | 'other';

// Whatever may come before the root element: the XML declaration, processing instructions, comments, a doctype.
const PROLOG_NOISE = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;

/**
 * Sniffs decoded feed text: JSON (JSON Feed), XML (RSS, Atom, RDF), an HTML page (a site's front page, an error or
 * login page served with 200), nothing at all, or something else (an image, a binary) that no feed parser should get.
 */
export function sniffDocument(text: string): DocumentKind {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start) return 'empty';
  if (start.startsWith('{')) return 'json';
  if (!start.startsWith('<')) return 'other';
  const afterProlog = start.replace(PROLOG_NOISE, '');
  return /^<(!doctype\s+html|html[\s>])/i.test(afterProlog) ? 'html' : 'xml';
}

/**
 * True when an XML document declares its own entities (`<!ENTITY` in the internal DTD subset, which is the only
 * place it can appear, before the root element). Feeds have no use for them; entity expansion attacks ("billion
 * laughs", quadratic blowup) need them. Linear in the prolog's length.
 */
export function declaresXmlEntities(text: string): boolean {
  const root = text.search(/<[A-Za-z_:]/);
  const prolog = root < 0 ? text : text.slice(0, root);
  return /<!ENTITY\s/i.test(prolog);
}
