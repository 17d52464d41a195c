/** Feed texts written for the fetcher's integration specs (not used by the service). */

export interface SpecItem {
  guid?: string;
  title: string;
  link?: string;
  published?: Date;
  categories?: string[];
  enclosure?: { url: string; type: string; length: number };
  language?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function itemXml(i: SpecItem): string {
  return [
    i.language ? `    <item xml:lang="${esc(i.language)}">` : '    <item>',
    i.guid ? `      <guid isPermaLink="false">${esc(i.guid)}</guid>` : '',
    `      <title>${esc(i.title)}</title>`,
    i.link ? `      <link>${esc(i.link)}</link>` : '',
    `      <description>${esc(`${i.title}: what happened, in a sentence.`)}</description>`,
    i.published ? `      <pubDate>${i.published.toUTCString()}</pubDate>` : '',
    ...(i.categories ?? []).map((c) => `      <category>${esc(c)}</category>`),
    i.enclosure ? `      <enclosure url="${esc(i.enclosure.url)}" type="${esc(i.enclosure.type)}" length="${i.enclosure.length}"/>` : '',
    '    </item>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** An RSS 2.0 document; `ttlMinutes` adds a `<ttl>`, `language` a channel language. */
export function specRss(title: string, items: SpecItem[], opts: { ttlMinutes?: number; language?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${esc(title)}</title>
    <link>https://desk.example.org/</link>
    <description>${esc(title)}</description>
${opts.language ? `    <language>${esc(opts.language)}</language>\n` : ''}${opts.ttlMinutes ? `    <ttl>${opts.ttlMinutes}</ttl>\n` : ''}${items.map(itemXml).join('\n')}
  </channel>
</rss>
`;
}

/** `count` items published every `everySec` seconds, the newest `everySec` ago. */
export function itemsEvery(prefix: string, everySec: number, count = 20, now = Date.now()): SpecItem[] {
  return Array.from({ length: count }, (_, i) => ({
    guid: `${prefix}-${i}`,
    title: `${prefix} dispatch number ${i}`,
    link: `https://desk.example.org/${prefix}/${i}`,
    published: new Date(now - (i + 1) * everySec * 1000),
  }));
}
