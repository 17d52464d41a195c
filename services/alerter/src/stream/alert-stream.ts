import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import type { StreamEntry } from '@wirewatch/delivery';
import { InjectConfig } from '@wirewatch/platform';
import IORedis from 'ioredis';
import { STREAM_START } from './stream-position';

/** One entry of the stream with its id, which is also its position. */
export interface StreamRecord {
  id: string;
  entry: StreamEntry;
}

/** Stream items as Redis returns them (`[id, [field, value, …]]`) to records; items without an entry are skipped. */
export function toRecords(items: readonly [id: string, fields: string[]][]): StreamRecord[] {
  return items.flatMap(([id, fields]) => {
    const at = fields.indexOf('entry');
    return at >= 0 && at % 2 === 0 ? [{ id, entry: JSON.parse(fields[at + 1]) as StreamEntry }] : [];
  });
}

/** How many recent entries the stream keeps for readers that resume (Last-Event-ID or ?since=). */
export const STREAM_RETAINED = 1000;

/**
 * The live stream's shared log: a Redis stream (`<QUEUE_PREFIX>:alert-stream`, capped near 1,000 entries) that every
 * alerter replica appends to and reads from, so a reader connected to any replica sees every alert, in order,
 * and can resume from an entry id.
 */
@Injectable()
export class AlertStream implements OnModuleDestroy {
  readonly key: string;
  private readonly redis: IORedis;

  constructor(@InjectConfig() cfg: AppConfig) {
    this.key = `${cfg.queuePrefix}:alert-stream`;
    this.redis = new IORedis(cfg.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  }

  /** Appends entries in one round trip; returns their stream ids. */
  async publish(entries: readonly StreamEntry[]): Promise<string[]> {
    if (!entries.length) return [];
    const pipeline = this.redis.pipeline();
    for (const e of entries) pipeline.xadd(this.key, 'MAXLEN', '~', String(STREAM_RETAINED), '*', 'entry', JSON.stringify(e));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([err, id]) => {
      if (err) throw err;
      return String(id);
    });
  }

  /** The newest entry's id, or {@link STREAM_START} while the stream is empty. */
  async tip(): Promise<string> {
    const [newest] = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
    return newest?.[0] ?? STREAM_START;
  }

  /** The retained entries after a position, oldest first. */
  async after(position: string): Promise<StreamRecord[]> {
    return toRecords(await this.redis.xrange(this.key, `(${position}`, '+'));
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
