/** Writes a small RSS 2.0 document: for the local demo feed, tests and benchmarks. */
export interface RssEntry {
  guid: string;
  title: string;
  link: string;
  description: string;
  published: Date;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderRss(channel: { title: string; link: string; description?: string }, entries: RssEntry[]): string {
  const items = entries
    .map(
      (e) => `    <item>
      <guid isPermaLink="false">${esc(e.guid)}</guid>
      <title>${esc(e.title)}</title>
      <link>${esc(e.link)}</link>
      <description>${esc(e.description)}</description>
      <pubDate>${e.published.toUTCString()}</pubDate>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${esc(channel.title)}</title>
    <link>${esc(channel.link)}</link>
    <description>${esc(channel.description ?? channel.title)}</description>
${items}
  </channel>
</rss>
`;
}
