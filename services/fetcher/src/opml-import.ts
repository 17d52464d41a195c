import type { IncomingMessage } from 'node:http';
import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { decodeFeed } from '@wirewatch/feeds';
import type { FeedStore } from '@wirewatch/persistence';
import { OpmlError, type OpmlEntry, parseOpml } from './opml';

export interface ImportReport {
  /** feeds registered */
  imported: number;
  /** entries whose URL is registered already, or repeated in the file */
  skipped: number;
  /** entries refused, with the reason */
  errors: { url: string; reason: string }[];
}

const OPML_TYPES = new Set(['text/x-opml', 'application/xml', 'text/xml', 'application/x-opml', 'application/opml+xml']);
const MAX_OPML_BYTES = 5 * 1024 * 1024;

/** The request body as text, when it is an OPML/XML upload of at most 5 MiB (any declared charset honoured). */
export async function readOpmlBody(req: IncomingMessage): Promise<string> {
  const contentType = req.headers['content-type'];
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!OPML_TYPES.has(type)) throw new UnsupportedMediaTypeException(`send the OPML file as text/x-opml or application/xml, not ${type || 'no Content-Type'}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_OPML_BYTES) throw new PayloadTooLargeException(`an OPML file of at most ${MAX_OPML_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return decodeFeed(Buffer.concat(chunks), contentType).text;
}

/** An http(s) URL as the API accepts one, or the reason it is not. */
function urlProblem(url: string): string | null {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? null : `only http(s) feeds, not ${protocol}`;
  } catch {
    return 'not a valid URL';
  }
}

/** Registers the feeds of an OPML list, adaptive (no fixed interval), one entry at a time. */
export class OpmlImporter {
  constructor(
    private readonly feeds: FeedStore,
    private readonly defaultIntervalSec: number,
  ) {}

  async import(xml: string): Promise<ImportReport> {
    let entries: OpmlEntry[];
    try {
      entries = parseOpml(xml);
    } catch (e) {
      if (e instanceof OpmlError) throw new BadRequestException([e.message]);
      throw e;
    }
    const report: ImportReport = { imported: 0, skipped: 0, errors: [] };
    for (const entry of entries) {
      const problem = urlProblem(entry.url) ?? (entry.url.length > 2048 ? 'URL longer than 2048 characters' : null);
      if (problem) {
        report.errors.push({ url: entry.url, reason: problem });
        continue;
      }
      const feed = await this.feeds.create({ url: entry.url, name: entry.name?.slice(0, 200) ?? null, pollIntervalSec: this.defaultIntervalSec });
      if (feed) report.imported++;
      else report.skipped++;
    }
    return report;
  }
}
