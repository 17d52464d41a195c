import { canonicalUrl, clampToNow, parseFeedDate, resolveHttpUrl, sanitizeContent, toPlainText } from './index';

describe('toPlainText', () => {
  it('decodes every HTML5 named entity, not only the XML five', () => {
    expect(toPlainText('Caf&eacute; &ndash; &ldquo;R&amp;D&rdquo; &hellip; &euro;5 &frac12;')).toBe('Café – “R&D” … €5 ½');
    expect(toPlainText('&NotEqualTilde; &fjlig; &#x1F600; &#8217;')).toBe('≂̸ fj 😀 ’'); // multi-code-point names too
    expect(toPlainText('AT&T &unknownthing; 5 &lt 6')).toBe('AT&T &unknownthing; 5 < 6'); // unknown names stay as written
  });

  it('drops tags, comments and the bodies of script and style, keeping words apart across blocks only', () => {
    expect(toPlainText('<p>First</p><p>second <b>bo</b>ld</p><br>third')).toBe('First second bold third');
    expect(toPlainText('safe<script>location.href="x"</script><style>p{}</style> text<!-- hidden -->')).toBe('safe text');
    expect(toPlainText('sa<!-- -- not closed here >fe')).toBe('sa');
  });

  it('keeps a lone < that is not a tag, folds whitespace and gives null for nothing', () => {
    expect(toPlainText('Nasdaq < -3%\n\t and\u00a0falling')).toBe('Nasdaq < -3% and falling');
    expect(toPlainText('P<E ratio at x<y, <b>record</b>')).toBe('P<E ratio at x<y, record');
    expect(toPlainText('<!DOCTYPE ~')).toBe('<!DOCTYPE ~');
    expect(toPlainText('<img alt="a<b" src="x.png">cat<!-- unclosed')).toBe('cat'); // a quoted < is not stray
    expect(toPlainText('<a href=x.html">unbalanced</a> quote')).toBe('unbalanced quote');
    const hostile = `<${'"a" '.repeat(5000)}`; // no '>' anywhere: must stay fast and stay text
    expect(toPlainText(hostile)).toBe(hostile.trim());
    expect(toPlainText(' <p> </p> ')).toBeNull();
    expect(toPlainText(undefined)).toBeNull();
  });
});

describe('sanitizeContent', () => {
  const base = 'https://blog.example.org/posts/2025/entry.html';

  it('keeps structure and text, resolves relative links and images against the base', () => {
    const html = '<h2>Head</h2><p>See <a href="../other.html" title="t">the other</a> and <img src="/img/a.png" alt="A"></p><ul><li>x</li></ul>';
    expect(sanitizeContent(html, base)).toBe(
      '<h2>Head</h2><p>See <a href="https://blog.example.org/posts/other.html" title="t">the other</a> and <img src="https://blog.example.org/img/a.png" alt="A" /></p><ul><li>x</li></ul>',
    );
    expect(sanitizeContent('<a href="mailto:desk@example.org">mail</a>', base)).toBe('<a href="mailto:desk@example.org">mail</a>');
  });

  it('removes scripts, styles, frames, plugins, event handlers and javascript: URLs', () => {
    const hostile = [
      '<p onclick="steal()">hi<script>alert(1)</script></p>',
      '<img src="x.png" onerror="alert(2)">',
      '<a href="javascript:alert(3)">click</a>',
      '<a href=" JaVaScRiPt:alert(4)">again</a>',
      '<iframe src="https://evil.example/"></iframe><object data="x.swf">fallback</object>',
      '<style>body{display:none}</style><p style="position:fixed">styled</p>',
      '<img src="data:image/png;base64,AAAA"><img src="javascript:alert(5)">',
      '<form action="/x"><input name="q"></form>',
    ].join('');
    expect(sanitizeContent(hostile, base)).toBe(
      // `fallback` is the text a reader without the plugin sees: it stays, the <object> goes.
      '<p>hi</p><img src="https://blog.example.org/posts/2025/x.png" /><a>click</a><a>again</a>fallback<p>styled</p>',
    );
  });

  it('treats HTML that nests a CDATA section as markup to clean, not as a way around the cleaning', () => {
    const out = sanitizeContent('<![CDATA[<script>alert(1)</script>]]><p>after</p>', base) ?? '';
    expect(out).not.toMatch(/script|alert/);
  });

  it('gives null for empty or fully-removed content', () => {
    expect(sanitizeContent('   ', base)).toBeNull();
    expect(sanitizeContent('<script>x()</script>', base)).toBeNull();
  });
});

describe('canonicalUrl and resolveHttpUrl', () => {
  it('removes tracking parameters and the fragment, keeps the rest in order, lower-cases the host', () => {
    expect(
      canonicalUrl('HTTPS://News.Example.COM/a/b?id=7&utm_source=rss&utm_Medium=feed&fbclid=x&page=2&gclid=y&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc#top', null),
    ).toBe('https://news.example.com/a/b?id=7&page=2');
    expect(canonicalUrl('https://x.example/p?utm_campaign=a', null)).toBe('https://x.example/p');
    // The pairs that stay keep their exact encoding; an encoded tracking name is still recognised.
    expect(canonicalUrl('https://x.example/s?path=/a/b&q=a+b%2Cc&utm%5Fterm=z&&flag', null)).toBe('https://x.example/s?path=/a/b&q=a+b%2Cc&flag');
    expect(canonicalUrl('https://x.example/s?a=%E0%A4%A&gclid=1', null)).toBe('https://x.example/s?a=%E0%A4%A');
  });

  it('resolves relative links against the base and refuses what is not http(s)', () => {
    expect(canonicalUrl('../b?x=1', 'https://x.example/dir/sub/feed.xml')).toBe('https://x.example/dir/b?x=1');
    expect(canonicalUrl('javascript:alert(1)', 'https://x.example/')).toBeNull();
    expect(canonicalUrl('mailto:a@x.example', 'https://x.example/')).toBeNull();
    expect(canonicalUrl('', 'https://x.example/')).toBeNull();
    expect(resolveHttpUrl('//cdn.example/i.png', 'https://x.example/')).toBe('https://cdn.example/i.png');
    expect(resolveHttpUrl('not a url', null)).toBeNull();
  });
});

describe('parseFeedDate', () => {
  const iso = (s: string) => parseFeedDate(s)?.toISOString() ?? null;

  it.each([
    ['Mon, 27 Jan 2025 14:03:00 +0000', '2025-01-27T14:03:00.000Z'],
    ['Mon, 27 Jan 2025 14:03:00 GMT', '2025-01-27T14:03:00.000Z'],
    ['Mon, 27 Jan 2025 14:03:00 +0000 GMT', '2025-01-27T14:03:00.000Z'],
    ['27 Jan 2025 09:03 EST', '2025-01-27T14:03:00.000Z'],
    ['Mon, 27 Jan 2025 07:03:00 PDT', '2025-01-27T14:03:00.000Z'],
    ['Mon, 27 Jan 2025 15:03:00 CET', '2025-01-27T14:03:00.000Z'],
    ['Mon, 27 Jan 2025 19:33:00 +05:30', '2025-01-27T14:03:00.000Z'],
    ['Mon, 27 Jan 2025 14:03:00', '2025-01-27T14:03:00.000Z'], // no zone: UTC
    ['Mon, 27 Jan 25 14:03:00 GMT', '2025-01-27T14:03:00.000Z'], // two-digit year
    ['Fri, 31 Dec 99 23:59:59 GMT', '1999-12-31T23:59:59.000Z'],
    ['Monday, 27 January 2025 14:03:00 UT', '2025-01-27T14:03:00.000Z'],
    ['27 Sept 2025', '2025-09-27T00:00:00.000Z'],
    ['2025-01-27T14:03:00Z', '2025-01-27T14:03:00.000Z'],
    ['2025-01-27T16:03:00.250+02:00', '2025-01-27T14:03:00.250Z'],
    ['2025-01-27 14:03:00', '2025-01-27T14:03:00.000Z'], // ISO without the T, without a zone
    ['2025-01-27', '2025-01-27T00:00:00.000Z'],
    ['20250127T140300Z', '2025-01-27T14:03:00.000Z'],
    ['Jan 27, 2025 9:03 EST', '2025-01-27T14:03:00.000Z'],
    ['January 27th, 2025 2:03 PM', '2025-01-27T14:03:00.000Z'],
    ['Mon, 27 Jan 2025 12:03:00 a.m. GMT', '2025-01-27T00:03:00.000Z'],
    ['Mon Jan 27 2025 15:03:00 GMT+0100 (Central European Standard Time)', '2025-01-27T14:03:00.000Z'],
    ['1737986580', '2025-01-27T14:03:00.000Z'], // unix epoch seconds
  ])('reads %s', (input, want) => {
    expect(iso(input)).toBe(want);
  });

  it.each(['', '   ', 'yesterday', '31 Feb 2025', '2025-13-01', 'Mon, 27 Jan 2025 14:03:00 XYZ', '2025-01-27T25:00:00Z'])(
    'gives null for %j',
    (input) => {
      expect(parseFeedDate(input)).toBeNull();
    },
  );

  it('does not depend on the process time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(iso('2025-01-27 14:03')).toBe('2025-01-27T14:03:00.000Z');
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('clampToNow', () => {
  const now = new Date('2025-01-27T12:00:00Z');

  it('clamps dates beyond ten minutes of skew to the fetch time and keeps the rest', () => {
    expect(clampToNow(new Date('2099-01-01T00:00:00Z'), now)).toEqual(now);
    expect(clampToNow(new Date('2025-01-27T12:11:00Z'), now)).toEqual(now);
    expect(clampToNow(new Date('2025-01-27T12:09:00Z'), now)).toEqual(new Date('2025-01-27T12:09:00Z')); // clock skew
    expect(clampToNow(new Date('2020-01-01T00:00:00Z'), now)).toEqual(new Date('2020-01-01T00:00:00Z'));
    expect(clampToNow(null, now)).toBeNull();
  });
});

describe('demoronize', () => {
  it('reads C1 controls as the windows-1252 characters publishers meant, in text and content', () => {
    expect(toPlainText('don\u0092t \u0093quote\u0094 \u0096 \u0080 5')).toBe('don’t “quote” – € 5');
    expect(sanitizeContent('<p>it\u0092s</p>', 'https://example.com/')).toBe('<p>it’s</p>');
    expect(toPlainText('plain ascii')).toBe('plain ascii');
  });
});
