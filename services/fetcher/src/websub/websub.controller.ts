import { Controller, Get, GoneException, Header, HttpCode, NotFoundException, Param, ParseIntPipe, PayloadTooLargeException, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiGoneResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPayloadTooLargeResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '@wirewatch/config';
import { ApiErrorDto, ApiNotFound, InjectConfig, Public } from '@wirewatch/platform';
import { WebSubService } from './websub.service';

/** A callback path whose feed id is not a number is no callback of ours: 404, not 400. */
const callbackFeedId = new ParseIntPipe({ exceptionFactory: () => new NotFoundException('no such WebSub subscription') });

type RawRequest = IncomingMessage & { rawBody?: Buffer };

/**
 * The body as received, for its HMAC: Nest's `rawBody` when the app keeps it, else read from the stream (feed
 * types pass Nest's JSON and form parsers untouched). Null when one of those parsers consumed it.
 */
async function rawBody(req: RawRequest, maxBytes: number): Promise<Buffer | null> {
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
  if (req.readableEnded) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new PayloadTooLargeException(`a feed document of at most ${maxBytes} bytes (FEED_MAX_BYTES)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const FEED_ID = ApiParam({ name: 'feedId', description: 'the feed the subscription is for', example: 12 });
const TOKEN = ApiParam({ name: 'token', description: 'the random token of the subscription, part of the callback URL given to the hub' });

/**
 * The WebSub callback URLs (`<PUBLIC_BASE_URL>/websub/<feedId>/<token>`) hubs call: public, since hubs carry
 * no API key; the unguessable token and, for content, the HMAC signature are the authentication.
 */
@ApiTags('websub')
@Public()
@Controller('websub')
export class WebSubController {
  constructor(
    private readonly websub: WebSubService,
    @InjectConfig() private readonly cfg: AppConfig,
  ) {}

  @Get(':feedId/:token')
  @ApiOperation({
    summary: 'WebSub verification of intent (called by hubs)',
    description:
      'A hub confirms a subscription or unsubscription WireWatch asked for by sending a challenge, which is echoed ' +
      'when callback, mode and topic match; the lease granted starts then. `hub.mode=denied` records the refusal and its reason.',
  })
  @FEED_ID
  @TOKEN
  @ApiQuery({ name: 'hub.mode', description: 'subscribe, unsubscribe or denied', enum: ['subscribe', 'unsubscribe', 'denied'] })
  @ApiQuery({ name: 'hub.topic', description: 'the topic URL (the feed\'s self URL) the request is about' })
  @ApiQuery({ name: 'hub.challenge', required: false, description: 'the random string to echo back (subscribe, unsubscribe)' })
  @ApiQuery({ name: 'hub.lease_seconds', required: false, description: 'the lease the hub grants, in seconds (subscribe)' })
  @ApiQuery({ name: 'hub.reason', required: false, description: 'why the hub denied the subscription (denied)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'the challenge echoed (empty for a denial)', schema: { type: 'string', example: 'a1b2c3' } })
  @ApiNotFound('no subscription of ours matches the callback, mode and topic, or WebSub is off (PUBLIC_BASE_URL unset)')
  @Header('content-type', 'text/plain; charset=utf-8')
  async verify(
    @Param('feedId', callbackFeedId) feedId: number,
    @Param('token') token: string,
    @Query('hub.mode') mode?: string,
    @Query('hub.topic') topic?: string,
    @Query('hub.challenge') challenge?: string,
    @Query('hub.lease_seconds') leaseSeconds?: string,
    @Query('hub.reason') reason?: string,
  ): Promise<string> {
    const answer = await this.websub.verify(feedId, token, { mode, topic, challenge, leaseSeconds, reason });
    if (answer === null) throw new NotFoundException('no such WebSub subscription');
    return answer;
  }

  @Post(':feedId/:token')
  @HttpCode(202)
  @ApiOperation({
    summary: 'WebSub content distribution (called by hubs)',
    description:
      'The feed document the hub pushes, signed with `X-Hub-Signature: sha256=<HMAC of the body>` (sha1, sha384, sha512 ' +
      'too) with the subscription\'s secret. Its new items are stored and queued for classification as a poll\'s are. ' +
      'A delivery with a missing or wrong signature is acknowledged and dropped, as the WebSub spec requires.',
  })
  @FEED_ID
  @TOKEN
  @ApiConsumes('application/atom+xml', 'application/rss+xml', 'application/feed+json', 'application/xml', 'text/xml')
  @ApiBody({ description: 'the feed document (RSS, Atom or JSON Feed), exactly as the hub signed it', schema: { type: 'string' } })
  @ApiAcceptedResponse({ description: 'received: stored, or dropped (bad signature, unverified subscription, paused feed)', schema: { type: 'string', example: '' } })
  @ApiGoneResponse({ description: 'no such subscription (any more): the hub may drop it', type: ApiErrorDto })
  @ApiPayloadTooLargeResponse({ description: 'the document is larger than FEED_MAX_BYTES', type: ApiErrorDto })
  async deliver(@Param('feedId', callbackFeedId) feedId: number, @Param('token') token: string, @Req() req: RawRequest): Promise<void> {
    const body = await rawBody(req, this.cfg.feedMaxBytes);
    const signature = req.headers['x-hub-signature'];
    const outcome = await this.websub.deliver(feedId, token, {
      body,
      contentType: req.headers['content-type'],
      signature: Array.isArray(signature) ? signature[0] : signature,
    });
    if (outcome.outcome === 'gone') throw new GoneException('no such WebSub subscription');
  }
}
