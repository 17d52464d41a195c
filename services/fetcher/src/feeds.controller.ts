import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Patch,
  Post,
} from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { FeedStore, type FeedEntity } from '@wirewatch/persistence';
import { InjectConfig } from '@wirewatch/platform';
import { CreateFeedDto, UpdateFeedDto } from './feeds.dto';

const feedId = new ParseIntPipe({ exceptionFactory: () => new BadRequestException(['id must be an integer']) });

@Controller('feeds')
export class FeedsController {
  constructor(
    private readonly feeds: FeedStore,
    @InjectConfig() private readonly cfg: AppConfig,
  ) {}

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

  /** Registers a feed; it is polled at once and then every pollIntervalSec. */
  @Post()
  @HttpCode(201)
  async create(@Body() body: CreateFeedDto): Promise<FeedEntity> {
    const interval = body.pollIntervalSec ?? this.cfg.defaultPollIntervalSec;
    this.checkInterval(interval);
    const feed = await this.feeds.create({ url: body.url, name: body.name, pollIntervalSec: interval });
    if (!feed) throw new ConflictException(`a feed with url ${body.url} is registered already`);
    return feed;
  }

  /** Every feed with its health: status (and why), consecutive errors, last error, last poll and success. */
  @Get()
  list(): Promise<FeedEntity[]> {
    return this.feeds.list();
  }

  @Get(':id')
  get(@Param('id', feedId) id: number): Promise<FeedEntity> {
    return this.found(id);
  }

  /** Pause, resume (errors forgotten, polled at once), rename or change the interval. */
  @Patch(':id')
  async update(@Param('id', feedId) id: number, @Body() body: UpdateFeedDto): Promise<FeedEntity> {
    await this.found(id);
    if (body.pollIntervalSec !== undefined) this.checkInterval(body.pollIntervalSec);
    await this.feeds.update(id, { name: body.name, pollIntervalSec: body.pollIntervalSec });
    if (body.status === 'paused') await this.feeds.pause(id, 'paused through the API');
    if (body.status === 'active') await this.feeds.resume(id);
    return this.found(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', feedId) id: number): Promise<void> {
    if (!(await this.feeds.delete(id))) throw new NotFoundException(`no feed ${id}`);
  }

  /** Polls the feed at the next scheduler tick (409 when it is paused or gone: resume it first). */
  @Post(':id/poll')
  @HttpCode(202)
  async pollNow(@Param('id', feedId) id: number): Promise<{ scheduled: true }> {
    const feed = await this.found(id);
    if (!(await this.feeds.pollNow(id))) throw new ConflictException(`feed ${id} is ${feed.status}: resume it first`);
    return { scheduled: true };
  }
}
