import { Parser } from 'htmlparser2';

/** One feed of an OPML subscription list. */
export interface OpmlEntry {
  /** `xmlUrl` as written (trimmed); checked by the importer */
  url: string;
  /** `title`, else `text`; null when neither is given */
  name: string | null;
}

export class OpmlError extends Error {}

/**
 * The feeds of an OPML 1.0/2.0 document: every `<outline>` with an `xmlUrl`, at any depth (folders are outlines
 * without one), in document order. Attribute names are matched without regard to case (`xmlurl` is common).
 * Throws OpmlError when the document's root is not `<opml>`.
 */
export function parseOpml(xml: string): OpmlEntry[] {
  const entries: OpmlEntry[] = [];
  let root: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = name.toLowerCase();
        root ??= tag;
        if (tag !== 'outline') return;
        const byName = new Map(Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), v.trim()]));
        const url = byName.get('xmlurl');
        if (url) entries.push({ url, name: byName.get('title') || byName.get('text') || null });
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  if (root !== 'opml') throw new OpmlError(root ? `not an OPML document: the root element is <${root}>` : 'not an OPML document: no XML element');
  return entries;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** An OPML 2.0 subscription list of the given feeds, readable by any feed reader. */
export function renderOpml(title: string, feeds: ReadonlyArray<{ url: string; name: string | null }>, now = new Date()): string {
  const outlines = feeds.map((f) => {
    const name = escapeXml(f.name ?? f.url);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXml(f.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
