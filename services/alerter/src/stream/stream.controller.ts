import { BadRequestException, ConflictException, Controller, Headers, Inject, type MessageEvent, NotFoundException, Query, Sse, SseSignal, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { SubscriptionStore } from '@wirewatch/persistence';
import { ApiConflict, ApiNotFound, ApiValidationError, BEARER_SCHEME, Public, STREAM_KEY_SCHEME } from '@wirewatch/platform';
import { concat, concatMap, filter, from, interval, map, merge, type Observable, of, takeUntil } from 'rxjs';
import { TOPIC_IDS } from '../topic-ids';
import { AlertStream, type StreamRecord } from './alert-stream';
import { AlertStreamFanout } from './stream-fanout';
import { StreamKeyGuard } from './stream-key.guard';
import { filterMessages, type MessageSelector, subscriptionMessages } from './stream-messages';
import { compareStreamIds, earlier } from './stream-position';
import { parseStreamRequest, type StreamRequest } from './stream-request';
import { StreamSettings } from './stream-settings';
import { AlertPayloadDto } from './stream.dto';

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
  @ApiTags('stream')
  @ApiOperation({
    summary: 'Live alerts (Server-Sent Events)',
    description:
      "One subscription's alerts (`subscription=<id>`, which must have `stream: true`) or an ad-hoc filter's matches (the filter " +
      'parameters, lists comma-separated; none: every story). The stream starts with `retry:` and the start position as its id, ' +
      'then the retained entries after `Last-Event-ID` / `lastEventId` / `since` (if given), then live ones; each message has ' +
      'its position as `id`, its type as `event` and an alert as `data`. A `: ping` comment keeps quiet connections open. ' +
      'The key may be a Bearer header or `?key=` (EventSource cannot set headers).',
  })
  @ApiSecurity(BEARER_SCHEME)
  @ApiSecurity(STREAM_KEY_SCHEME)
  @ApiQuery({ name: 'key', required: false, type: String, description: 'the API key, for clients that cannot send Authorization (EventSource)' })
  @ApiQuery({ name: 'lastEventId', required: false, type: String, description: 'resume after this stream position (an id the stream sent), like the Last-Event-ID header', example: '1700000000000-0' })
  @ApiQuery({ name: 'since', required: false, type: String, description: 'replay retained alerts from this ISO 8601 time on', example: '2026-11-23T09:00:00Z' })
  @ApiQuery({ name: 'query', required: false, type: String, description: 'the same as `q` (give one of them)' })
  @ApiQuery({ name: 'q', required: false, type: String, description: 'filter: boolean keyword query, as a subscription filter\'s `query` (alias: `query`)' })
  @ApiQuery({ name: 'minRelevance', required: false, type: Number, description: 'filter: minimum relevance, 0–100' })
  @ApiQuery({ name: 'minSeverity', required: false, type: Number, description: 'filter: minimum severity, 0–100' })
  @ApiQuery({ name: 'sources', required: false, type: String, description: 'filter: source names or hosts, comma-separated', example: 'reuters.com' })
  @ApiQuery({ name: 'tickers', required: false, type: String, description: 'filter: tickers, comma-separated, case-insensitive', example: 'NVDA,TSM' })
  @ApiQuery({ name: 'topics', required: false, type: String, description: 'filter: topic ids, comma-separated', example: 'export-controls,market-move' })
  @ApiQuery({ name: 'subscription', required: false, type: 'integer', description: "a subscription id: its alerts (not combinable with the filter parameters)" })
  @ApiHeader({ name: 'last-event-id', required: false, description: 'resume after this stream position; sent by EventSource when it reconnects, and wins over `since`' })
  @ApiProduces('text/event-stream')
  @ApiExtraModels(AlertPayloadDto)
  @ApiOkResponse({
    description: 'an SSE stream: `id: <position>`, `event: alert.created|alert.updated`, `data: <alert JSON, schema below>`',
    schema: { $ref: getSchemaPath(AlertPayloadDto) },
  })
  @ApiValidationError('an unknown or repeated parameter, a bad filter, subscription combined with filter parameters, or a bad position')
  @ApiNotFound('no subscription with this id')
  @ApiConflict('the subscription does not stream its alerts (set "stream": true on it)')
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
