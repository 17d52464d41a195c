import iconv from 'iconv-lite';
import { declaresXmlEntities, decodeFeed, parseContentType, sniffDocument } from './decode';
import { parseFeed } from './parse';

const doc = (encoding: string | null, title: string) =>
  `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ''}?>\n<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const bytes = (text: string, encoding: string) => iconv.encode(text, encoding);

describe('decodeFeed', () => {
  it.each([
    ['utf-8', [0xef, 0xbb, 0xbf]],
    ['utf-16le', [0xff, 0xfe]],
    ['utf-16be', [0xfe, 0xff]],
    ['utf-32le', [0xff, 0xfe, 0x00, 0x00]],
    ['utf-32be', [0x00, 0x00, 0xfe, 0xff]],
  ])('reads a %s BOM first, strips it and the declared encoding', (encoding, bom) => {
    const body = Buffer.concat([Buffer.from(bom), bytes(doc('iso-8859-1', 'Zürich – 東京'), encoding)]);
    // The BOM beats both the HTTP charset and the declaration.
    const out = decodeFeed(body, 'application/xml; charset=iso-8859-1');
    expect(out.encoding).toBe(encoding);
    expect(out.text).toBe(doc(null, 'Zürich – 東京'));
  });

  it.each(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'])('sniffs %s without a BOM from the <?xml pattern', (encoding) => {
    const out = decodeFeed(bytes(doc('utf-16', 'Überblick'), encoding));
    expect(out).toEqual({ encoding, text: doc(null, 'Überblick') });
    // The byte pattern also beats an 8-bit charset from the header, or text/xml's us-ascii default.
    expect(decodeFeed(bytes(doc(null, 'Überblick'), encoding), 'text/xml')).toEqual(out);
    expect(decodeFeed(bytes(doc(null, 'Überblick'), encoding), 'application/xml; charset=iso-8859-1')).toEqual(out);
  });

  it('prefers the HTTP charset of an XML media type over the declaration', () => {
    const out = decodeFeed(bytes(doc('utf-8', '£5 “deal”'), 'windows-1252'), 'text/xml; charset="windows-1252"');
    expect(out).toEqual({ encoding: 'windows-1252', text: doc(null, '£5 “deal”') });
    expect(decodeFeed(Buffer.from(doc('iso-8859-1', 'plain'), 'latin1'), "application/rss+xml;charset= 'us-ascii'").encoding).toBe('us-ascii');
  });

  it('reads application/*xml without a charset by the declaration, then UTF-8', () => {
    expect(decodeFeed(bytes(doc('iso-8859-1', 'café'), 'latin1'), 'application/atom+xml')).toEqual({
      encoding: 'iso-8859-1',
      text: doc(null, 'café'),
    });
    expect(decodeFeed(Buffer.from(doc(null, 'café')), 'application/xml').encoding).toBe('utf-8');
    expect(decodeFeed(Buffer.from(doc(null, 'café'))).encoding).toBe('utf-8');
  });

  it('takes text/xml without a charset as us-ascii (RFC 3023), moving on when the bytes are not ASCII', () => {
    expect(decodeFeed(Buffer.from(doc('utf-8', 'plain')), 'text/xml').encoding).toBe('us-ascii');
    expect(decodeFeed(Buffer.from(doc('utf-8', 'plain')), 'text/xml; charset:iso-8859-1').encoding).toBe('us-ascii'); // bogus parameter
    expect(decodeFeed(Buffer.from(doc('utf-8', 'Iñtërnâtiônàlizætiøn')), 'text/xml')).toEqual({
      encoding: 'utf-8',
      text: doc(null, 'Iñtërnâtiônàlizætiøn'),
    });
  });

  it('reads iso-8859-1 the way browsers do: 0x80-0x9F are windows-1252 quotes and dashes, not C1 controls', () => {
    const body = Buffer.concat([Buffer.from(doc('ISO-8859-1', 'caf\xe9 '), 'latin1')]);
    const withQuotes = Buffer.from(doc('iso-8859-1', 'caf\xe9 \x93quoted\x94 \x96 \x81'), 'latin1');
    expect(decodeFeed(body)).toEqual({ encoding: 'iso-8859-1', text: doc(null, 'café ') });
    expect(decodeFeed(withQuotes).text).toBe(doc(null, 'café “quoted” – \x81'));
  });

  it('reads gb2312 as gb18030, and big5 / euc-kr through iconv-lite', () => {
    const out = decodeFeed(bytes(doc('gb2312', '新闻'), 'gb2312'));
    expect(out).toEqual({ encoding: 'gb18030', text: doc(null, '新闻') });
    expect(decodeFeed(bytes(doc(null, '新聞'), 'big5'), 'application/xml; charset=big5').text).toContain('新聞');
    expect(decodeFeed(bytes(doc('euc-kr', '년'), 'euc-kr')).text).toContain('<title>년</title>');
  });

  it('falls back to UTF-8 for an unknown charset and says so', () => {
    const out = decodeFeed(Buffer.from(doc('x-bogus', 'naïve')));
    expect(out.encoding).toBe('utf-8 (unknown charset "x-bogus")');
    expect(out.text).toBe(doc(null, 'naïve'));
  });

  it('keeps mostly-UTF-8 text as UTF-8 with a replacement character, and reads 8-bit junk as windows-1252', () => {
    const mostly = Buffer.concat([Buffer.from(doc(null, 'Zürich München Köln ')), Buffer.from([0xff])]);
    expect(decodeFeed(mostly).encoding).toBe('utf-8');
    expect(decodeFeed(mostly).text).toContain('Köln');
    const cp1252 = Buffer.from(doc(null, 'don\x92t'), 'latin1');
    expect(decodeFeed(cp1252)).toEqual({ encoding: 'windows-1252', text: doc(null, 'don’t') });
  });

  it('gives rss-parser a string it can read', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), bytes(doc('utf-16', 'Überblick &amp; mehr'), 'utf-16le')]);
    const feed = await parseFeed(decodeFeed(body).text, 'https://x.example/');
    expect(feed.title).toBe('Überblick & mehr');
    const big5 = await parseFeed(decodeFeed(bytes(doc('big5', '新聞'), 'big5')).text, 'https://x.example/');
    expect(big5.title).toBe('新聞');
  });
});

describe('parseContentType', () => {
  it('reads the media type and a quoted or spaced charset', () => {
    expect(parseContentType('Application/RSS+XML;charset= "US-ASCII"')).toEqual({ mediaType: 'application/rss+xml', charset: 'us-ascii' });
    expect(parseContentType("text/xml; qs=0.9; charset='utf-8'")).toEqual({ mediaType: 'text/xml', charset: 'utf-8' });
    expect(parseContentType('text/xml;')).toEqual({ mediaType: 'text/xml', charset: null });
    expect(parseContentType(undefined)).toEqual({ mediaType: '', charset: null });
  });
});

describe('sniffDocument', () => {
  it.each([
    ['<?xml version="1.0"?><rss version="2.0"></rss>', 'xml'],
    ['\uFEFF  <!-- generator --><!DOCTYPE rss SYSTEM "x.dtd"><rss/>', 'xml'],
    ['<feed xmlns="http://www.w3.org/2005/Atom"/>', 'xml'],
    ['  {"version": "https://jsonfeed.org/version/1.1"}', 'json'],
    ['<!DOCTYPE html><html><body>Sign in</body></html>', 'html'],
    ['<?xml version="1.0"?>\n<!-- x --><!doctype HTML PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"><html>', 'html'],
    ['<html lang="en">', 'html'],
    ['', 'empty'],
    [' \n\t', 'empty'],
    ['\uFFFDPNG\r\n\u001a\n', 'other'],
    ['title: not a feed', 'other'],
  ])('sniffs %j as %s', (text, kind) => expect(sniffDocument(text)).toBe(kind));

  it('does not take an element whose name starts with "html" for a page', () => {
    expect(sniffDocument('<htmlish/>')).toBe('xml');
  });
});

/** The classic entity-expansion document: ten levels of ten references each, 10^9 copies of "ha" if expanded. */
function laughs(): string {
  const entities = ['<!ENTITY ha0 "ha">'];
  for (let level = 1; level <= 9; level++) entities.push(`<!ENTITY ha${level} "${`&ha${level - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${entities.join('\n')}\n]>\n<rss version="2.0"><channel><title>&ha9;</title></channel></rss>`;
}

describe('entity expansion', () => {
  it('spots entities declared in the internal DTD subset, and nothing else', () => {
    expect(declaresXmlEntities(laughs())).toBe(true);
    expect(declaresXmlEntities('<!DOCTYPE rss [ <!ENTITY % p "<b>x</b>"> ]><rss/>')).toBe(true);
    expect(declaresXmlEntities('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd"><rss/>')).toBe(false);
    // Text about entities inside the document is not a declaration.
    const aboutEntities = '<rss><channel><title>&lt;!ENTITY explained</title><description><![CDATA[<!ENTITY x "y">]]></description></channel></rss>';
    expect(declaresXmlEntities(aboutEntities)).toBe(false);
  });

  it('leaves entities alone when decoding: decodeFeed never expands anything', () => {
    const body = Buffer.from(laughs());
    const out = decodeFeed(body, 'application/rss+xml');
    expect(out.text.length).toBeLessThanOrEqual(body.length);
    expect(out.text).toContain('<title>&ha9;</title>');
  });

  it('is refused by the XML parser rather than expanded', async () => {
    const started = Date.now();
    const outcome = await parseFeed(laughs(), 'https://x.example/').then(
      (feed) => ({ titleLength: feed.title?.length ?? 0 }),
      (e: Error) => ({ error: e.name }),
    );
    expect(outcome).toEqual({ error: 'FeedParseError' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
