import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Req,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '@wirewatch/config';
import { FeedError } from '@wirewatch/feeds';
import { FeedStore, type FeedEntity } from '@wirewatch/persistence';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiAcceptedResponse,
  ApiPayloadTooLargeResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ApiConflict, ApiErrorDto, ApiNotFound, ApiValidationError, InjectConfig, OutboundHttp } from '@wirewatch/platform';
import { resolveFeed, type ResolvedFeed } from './feed-discovery';
import { CreateFeedDto, FeedRefusedDto, FeedViewDto, ImportReportDto, PollScheduledDto, UpdateFeedDto } from './feeds.dto';
import { type ImportReport, OpmlImporter, readOpmlBody } from './opml-import';
import { renderOpml } from './opml';

const feedId = new ParseIntPipe({ exceptionFactory: () => new BadRequestException(['id must be an integer']) });

/** `?validate=`: read as text, because the global ValidationPipe would turn any word but "true" into false. */
function validateQuery(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BadRequestException(['validate must be true or false']);
}

/** A feed as the API shows it; `discoveredFrom` names the page its URL was found on, when it was. */
export type FeedView = FeedEntity & { discoveredFrom?: string };

const FeedId = () => ApiParam({ name: 'id', description: 'the feed id', type: 'integer', example: 7 });
const BadFeedId = (also = '') => ApiValidationError(`the id is not an integer${also}`);
const FeedNotFound = () => ApiNotFound('no feed with this id');

@ApiTags('feeds')
@Controller('feeds')
export class FeedsController {
  private readonly importer: OpmlImporter;

  constructor(
    private readonly feeds: FeedStore,
    private readonly http: OutboundHttp,
    @InjectConfig() private readonly cfg: AppConfig,
  ) {
    this.importer = new OpmlImporter(feeds, cfg.defaultPollIntervalSec);
  }

  private checkInterval(interval: number): void {
    if (interval < this.cfg.minPollIntervalSec) {
      throw new BadRequestException([`pollIntervalSec must be at least ${this.cfg.minPollIntervalSec} (MIN_POLL_INTERVAL_SEC)`]);
    }
  }

  private async found(id: number): Promise<FeedEntity> {
    const feed = await this.feeds.get(id);
    if (!feed) throw new NotFoundException(`no feed ${id}`);
    return feed;
  }

  /** Fetches the URL once (through the SSRF guard) to find its feed; 422 with the categorised reason when there is none. */
  private async resolve(url: string): Promise<ResolvedFeed> {
    try {
      return await resolveFeed(this.http, url, { timeoutMs: this.cfg.fetchTimeoutMs, maxBytes: this.cfg.feedMaxBytes });
    } catch (e) {
      if (!(e instanceof FeedError)) throw e;
      throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', category: e.category, message: `${e.category}: ${e.message}` });
    }
  }

  /**
   * Registers a feed, polled at once and then on its schedule. Unless `validate` is false (body or query), the URL
   * is fetched first: a feed is registered under its title when no name is given; an HTML page is searched for its
   * feed, which is registered instead (`discoveredFrom` says so); anything else is refused with 422.
   */
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a feed',
    description: 'Fetches the URL once (SSRF-guarded) unless validate is false: a feed is registered (named after its title when no name is given); an HTML page is searched for its feed; anything else is refused with 422.',
  })
  @ApiQuery({ name: 'validate', required: false, enum: ['true', 'false'], description: 'false registers without fetching first (as does the body field)' })
  @ApiCreatedResponse({ description: 'the feed registered, with discoveredFrom when its URL was found on a page', type: FeedViewDto })
  @ApiValidationError('invalid body (each bad field named), ?validate other than true or false, or an interval below MIN_POLL_INTERVAL_SEC')
  @ApiConflict('a feed with this URL is registered already')
  @ApiUnprocessableEntityResponse({ description: 'the URL is not a feed and names none (categorised reason)', type: FeedRefusedDto })
  async create(@Body() body: CreateFeedDto, @Query('validate') validate?: string): Promise<FeedView> {
    const interval = body.pollIntervalSec ?? this.cfg.defaultPollIntervalSec;
    this.checkInterval(interval);
    if (await this.feeds.findByUrl(body.url)) throw new ConflictException(`a feed with url ${body.url} is registered already`);
    const resolved = (body.validate ?? validateQuery(validate) ?? true) ? await this.resolve(body.url) : null;
    const url = resolved?.url ?? body.url;
    const name = body.name ?? resolved?.feed.title?.slice(0, 200) ?? null;
    const feed = await this.feeds.create({ url, name, pollIntervalSec: interval, fixedInterval: body.pollIntervalSec !== undefined });
    if (!feed) throw new ConflictException(`a feed with url ${url} is registered already`);
    return resolved?.discoveredFrom ? { ...feed, discoveredFrom: resolved.discoveredFrom } : feed;
  }

  /**
   * Registers every feed of an OPML subscription list (`text/x-opml` or XML body) without fetching them: their
   * first polls check them. Feeds registered already are skipped; a bad entry is reported, never fatal.
   */
  @Post('import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import an OPML subscription list', description: 'Registers every outline with an xmlUrl, without fetching; duplicates are skipped and bad entries reported.' })
  @ApiConsumes('text/x-opml', 'application/xml', 'text/xml')
  @ApiBody({ description: 'an OPML 1.0 or 2.0 document (at most 5 MiB)', schema: { type: 'string', example: '<opml version="2.0"><body><outline text="AI" xmlUrl="https://example.com/ai.xml"/></body></opml>' } })
  @ApiOkResponse({ description: 'how many feeds were registered or skipped, and the entries refused', type: ImportReportDto })
  @ApiValidationError('the body is not an OPML document')
  @ApiUnsupportedMediaTypeResponse({ description: 'the Content-Type is not an OPML/XML type', type: ApiErrorDto })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than 5 MiB', type: ApiErrorDto })
  async importOpml(@Req() req: IncomingMessage): Promise<ImportReport> {
    return this.importer.import(await readOpmlBody(req));
  }

  /** Every feed as an OPML 2.0 subscription list. */
  @Get('export')
  @ApiOperation({ summary: 'Export every feed as OPML 2.0' })
  @ApiProduces('text/x-opml')
  @ApiOkResponse({ description: 'an OPML 2.0 document listing every feed', schema: { type: 'string' } })
  @Header('content-type', 'text/x-opml; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="wirewatch-feeds.opml"')
  async exportOpml(): Promise<string> {
    return renderOpml('WireWatch feeds', await this.feeds.list());
  }

  /** Every feed with its health and schedule: status (and why), errors, last poll status, interval in force. */
  @Get()
  @ApiOperation({ summary: 'List feeds with their health and schedule' })
  @ApiOkResponse({ description: 'every feed', type: [FeedViewDto] })
  list(): Promise<FeedEntity[]> {
    return this.feeds.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a feed with its health and schedule' })
  @FeedId()
  @ApiOkResponse({ description: 'the feed', type: FeedViewDto })
  @BadFeedId()
  @FeedNotFound()
  get(@Param('id', feedId) id: number): Promise<FeedEntity> {
    return this.found(id);
  }

  /** Pause, resume (errors forgotten, polled at once), rename, fix the interval or (null) make it adaptive again. */
  @Patch(':id')
  @ApiOperation({ summary: 'Pause, resume, rename or reschedule a feed', description: 'pollIntervalSec fixes the interval; null makes it adaptive again. Resuming forgets the errors and polls at once.' })
  @FeedId()
  @ApiOkResponse({ description: 'the feed as it is now', type: FeedViewDto })
  @BadFeedId(', or the body is invalid (every bad field named), or the interval is below MIN_POLL_INTERVAL_SEC')
  @FeedNotFound()
  async update(@Param('id', feedId) id: number, @Body() body: UpdateFeedDto): Promise<FeedEntity> {
    await this.found(id);
    if (typeof body.pollIntervalSec === 'number') this.checkInterval(body.pollIntervalSec);
    const interval =
      body.pollIntervalSec === undefined
        ? {}
        : body.pollIntervalSec === null
          ? { pollIntervalSec: this.cfg.defaultPollIntervalSec, fixedInterval: false }
          : { pollIntervalSec: body.pollIntervalSec, fixedInterval: true };
    await this.feeds.update(id, { name: body.name, ...interval });
    if (body.status === 'paused') await this.feeds.pause(id, 'paused through the API');
    if (body.status === 'active') await this.feeds.resume(id);
    return this.found(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a feed and its stories' })
  @FeedId()
  @ApiNoContentResponse({ description: 'deleted' })
  @BadFeedId()
  @FeedNotFound()
  async remove(@Param('id', feedId) id: number): Promise<void> {
    if (!(await this.feeds.delete(id))) throw new NotFoundException(`no feed ${id}`);
  }

  /** Polls the feed at the next scheduler tick (409 when it is paused or gone: resume it first). */
  @Post(':id/poll')
  @HttpCode(202)
  @ApiOperation({ summary: 'Poll a feed at the next scheduler tick' })
  @FeedId()
  @ApiAcceptedResponse({ description: 'scheduled', type: PollScheduledDto })
  @BadFeedId()
  @FeedNotFound()
  @ApiConflict('the feed is paused or gone: resume it first')
  async pollNow(@Param('id', feedId) id: number): Promise<{ scheduled: true }> {
    const feed = await this.found(id);
    if (!(await this.feeds.pollNow(id))) throw new ConflictException(`feed ${id} is ${feed.status}: resume it first`);
    return { scheduled: true };
  }
}
