import { discoverFeeds, looksLikeHtml, WELL_KNOWN_FEED_PATHS, wellKnownFeedUrls } from './index';

const PAGE = `<!DOCTYPE html>
<html><head>
  <title>Harbour Notes</title>
  <link rel="stylesheet" href="/site.css">
  <LINK REL="Alternate" TYPE="application/rss+xml; charset=utf-8" title="Posts" HREF="/posts/rss.xml">
  <link rel="alternate" type="application/atom+xml" href="https://harbour.example.net/atom?kind=all&amp;lang=en">
  <link rel="alternate feed" type="application/feed+json" href="feed.json">
  <link rel="alternate" type="application/json" href="/wp-json/">
  <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
  <link rel="alternate" type="application/rss+xml" href="/posts/rss.xml">
  <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
  <link rel="alternate" type="application/rss+xml">
  <link rel="canonical" type="application/rss+xml" href="/not-alternate.xml">
</head><body><a rel="alternate" type="application/rss+xml" href="/in-body-anchor.xml">not a link element</a></body></html>`;

describe('discoverFeeds', () => {
  it('lists alternate feed links in document order as absolute URLs, without duplicates or other rels', () => {
    expect(discoverFeeds(PAGE, 'https://harbour.example.net/blog/')).toEqual([
      'https://harbour.example.net/posts/rss.xml',
      'https://harbour.example.net/atom?kind=all&lang=en',
      'https://harbour.example.net/blog/feed.json',
      'https://harbour.example.net/wp-json/',
    ]);
  });

  it('resolves against <base href> when the page sets one', () => {
    const html = '<html><head><base href="https://static.example.org/site/"><link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>';
    expect(discoverFeeds(html, 'https://www.example.org/')).toEqual(['https://static.example.org/site/atom.xml']);
  });

  it('finds nothing on a page without feed links, and survives broken markup', () => {
    expect(discoverFeeds('<html><head><title>x</title></head><body><p>hello</body>', 'https://x.example/')).toEqual([]);
    expect(discoverFeeds('<link rel="alternate" type="application/rss+xml" href="/r.xml"<<><div', 'https://x.example/')).toEqual(['https://x.example/r.xml']);
  });
});

describe('well-known feed paths', () => {
  it('starts with the common locations and resolves them on the page origin', () => {
    expect(WELL_KNOWN_FEED_PATHS.slice(0, 7)).toEqual(['/feed', '/rss', '/rss.xml', '/atom.xml', '/feed.xml', '/index.xml', '/feed.json']);
    const urls = wellKnownFeedUrls('https://harbour.example.net/blog/post-1?x=1');
    expect(urls[0]).toBe('https://harbour.example.net/feed');
    expect(urls).toContain('https://harbour.example.net/index.xml');
    expect(urls).toHaveLength(WELL_KNOWN_FEED_PATHS.length);
  });
});

describe('looksLikeHtml', () => {
  it('recognises pages by their start, whatever the Content-Type says', () => {
    expect(looksLikeHtml('\uFEFF  <!doctype html><html><body>x</body></html>')).toBe(true);
    expect(looksLikeHtml('<HTML lang="en"><head></head></HTML>', 'text/xml')).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html>', 'application/xml')).toBe(true);
    expect(looksLikeHtml('<!-- served by cms --><head><meta charset="utf-8"></head>')).toBe(true);
  });

  it('recognises feeds by their start even when served as text/html', () => {
    expect(looksLikeHtml('<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rss version="2.0"></rss>', 'text/html')).toBe(false);
    expect(looksLikeHtml('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'text/html; charset=utf-8')).toBe(false);
    expect(looksLikeHtml('<rdf:RDF xmlns:rdf="x"></rdf:RDF>', 'text/html')).toBe(false);
    expect(looksLikeHtml('  {"version": "https://jsonfeed.org/version/1.1"}', 'text/html')).toBe(false);
  });

  it('lets the Content-Type decide only when the body says neither', () => {
    expect(looksLikeHtml('<weird>x</weird>', 'text/html')).toBe(true);
    expect(looksLikeHtml('<weird>x</weird>', 'application/xhtml+xml')).toBe(true);
    expect(looksLikeHtml('<weird>x</weird>', 'application/xml')).toBe(false);
    expect(looksLikeHtml('<weird>x</weird>')).toBe(false);
  });
});
