import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { InjectConfig } from '@wirewatch/platform';
import IORedis from 'ioredis';
import { Observable, Subject } from 'rxjs';
import { AlertStream, type StreamRecord, toRecords } from './alert-stream';

/** How long one XREAD waits for new entries; shutdown does not wait for it (the connection is closed). */
const BLOCK_MS = 5_000;
const READ_COUNT = 500;
/** Pause after a failed read (Redis restarting) before trying again. */
const RETRY_AFTER_MS = 1_000;

type Listener = (record: StreamRecord) => void;

/**
 * The process's one reader of the shared alert stream: a loop of blocking XREADs on a connection of its own,
 * handing each new entry to every open /stream connection of this process. Entries published by any replica
 * reach every replica's readers this way, in stream order.
 */
@Injectable()
export class AlertStreamFanout implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AlertStreamFanout.name);
  private readonly redis: IORedis;
  private readonly listeners = new Set<Listener>();
  private readonly stop = new AbortController();
  private loop?: Promise<void>;
  /** Emits when the process shuts down: open streams end so that the HTTP server can close. */
  readonly closing = new Subject<void>();

  constructor(
    private readonly stream: AlertStream,
    @InjectConfig() cfg: AppConfig,
  ) {
    // Blocking reads wait out a Redis restart instead of failing after a few retries.
    this.redis = new IORedis(cfg.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  }

  /**
   * Starts reading after the newest entry, before any reader can attach: whatever is added after a reader
   * attaches is therefore handed to it.
   */
  async onModuleInit(): Promise<void> {
    this.loop = this.run(await this.stream.tip());
  }

  /**
   * The entries added from now on. Those arriving before the Observable is subscribed are held, so a reader
   * can attach, read the backlog, and subscribe without a gap; the reader is detached when `signal` aborts
   * (Nest aborts it when the SSE response ends, however it ends).
   */
  attach(signal: AbortSignal): Observable<StreamRecord> {
    const held: StreamRecord[] = [];
    let forward: Listener | null = null;
    const listener: Listener = (record) => (forward ? forward(record) : held.push(record));
    const detach = () => void this.listeners.delete(listener);
    if (!signal.aborted) {
      this.listeners.add(listener);
      signal.addEventListener('abort', detach, { once: true });
    }
    return new Observable<StreamRecord>((subscriber) => {
      for (const record of held.splice(0)) subscriber.next(record);
      forward = (record) => subscriber.next(record);
      return detach;
    });
  }

  private async run(from: string): Promise<void> {
    let cursor = from;
    while (!this.stop.signal.aborted) {
      try {
        const read = await this.redis.xread('COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', this.stream.key, cursor);
        for (const [, items] of read ?? []) {
          if (!items.length) continue;
          cursor = items[items.length - 1][0];
          for (const record of toRecords(items)) this.deliver(record);
        }
      } catch (e) {
        if (this.stop.signal.aborted) return;
        this.logger.warn(`reading ${this.stream.key}: ${(e as Error).message}; retrying in ${RETRY_AFTER_MS} ms`);
        await sleep(RETRY_AFTER_MS, undefined, { signal: this.stop.signal }).catch(() => undefined);
      }
    }
  }

  private deliver(record: StreamRecord): void {
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch (e) {
        this.logger.error(`stream reader failed on ${record.id}: ${(e as Error).message}`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stop.abort();
    this.closing.next();
    this.closing.complete();
    this.redis.disconnect();
    await this.loop;
  }
}
