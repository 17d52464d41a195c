import { BadRequestException, ConflictException, Controller, Headers, Inject, type MessageEvent, NotFoundException, Query, Sse, SseSignal, UseGuards } from '@nestjs/common';
import { SubscriptionStore } from '@wirewatch/persistence';
import { Public } from '@wirewatch/platform';
import { concat, concatMap, filter, from, interval, map, merge, type Observable, of, takeUntil } from 'rxjs';
import { TOPIC_IDS } from '../topic-ids';
import { AlertStream, type StreamRecord } from './alert-stream';
import { AlertStreamFanout } from './stream-fanout';
import { StreamKeyGuard } from './stream-key.guard';
import { filterMessages, type MessageSelector, subscriptionMessages } from './stream-messages';
import { compareStreamIds, earlier } from './stream-position';
import { parseStreamRequest, type StreamRequest } from './stream-request';
import { StreamSettings } from './stream-settings';

/**
 * GET /stream: alerts as Server-Sent Events, from the Redis stream every replica shares. A connection first
 * gets `retry:` with the position it starts at as its id, then the retained entries after that position
 * (Last-Event-ID, ?lastEventId= or ?since=), then live ones; each message's id is its entry's position.
 */
@Controller()
export class StreamController {
  constructor(
    private readonly stream: AlertStream,
    private readonly fanout: AlertStreamFanout,
    private readonly subscriptions: SubscriptionStore,
    private readonly settings: StreamSettings,
    @Inject(TOPIC_IDS) private readonly topicIds: readonly string[],
  ) {}

  @Public()
  @UseGuards(StreamKeyGuard)
  @Sse('stream')
  async open(
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @SseSignal() signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    const parsed = parseStreamRequest(query, lastEventId, this.topicIds);
    if ('errors' in parsed) throw new BadRequestException(parsed.errors);
    const select = await this.selector(parsed.request.selection);
    // The tip is read before attaching and the backlog after it: an entry added in between is in the backlog
    // and may come live too; afterPosition drops the repeat. Nothing is lost between catch-up and live.
    const tip = await this.stream.tip();
    const live = this.fanout.attach(signal);
    const start = parsed.request.after === null ? tip : earlier(parsed.request.after, tip);
    const backlog = await this.stream.after(start);
    const hint: MessageEvent = { id: start, retry: this.settings.retryMs };
    return merge(concat(of(hint), afterPosition(start, concat(from(backlog), live)).pipe(concatMap(select))), this.heartbeat()).pipe(
      takeUntil(this.fanout.closing),
    );
  }

  private async selector(selection: StreamRequest['selection']): Promise<MessageSelector> {
    if ('filter' in selection) return filterMessages(selection.filter);
    const sub = await this.subscriptions.get(selection.subscriptionId);
    if (!sub) throw new NotFoundException(`subscription ${selection.subscriptionId} not found`);
    if (!sub.stream) throw new ConflictException(`subscription ${sub.id} does not stream its alerts: set "stream": true on it first`);
    return subscriptionMessages(sub.id);
  }

  private heartbeat(): Observable<MessageEvent> {
    return interval(this.settings.heartbeatMs).pipe(map(() => ({ comment: 'ping' })));
  }
}

/** Records strictly after `start`, each once: the backlog and the live feed overlap. */
function afterPosition(start: string, records: Observable<StreamRecord>): Observable<StreamRecord> {
  let last = start;
  return records.pipe(
    filter((r) => {
      if (compareStreamIds(r.id, last) <= 0) return false;
      last = r.id;
      return true;
    }),
  );
}
