import { BadRequestException, Body, ConflictException, Controller, Get, HttpCode, Post } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { FeedStore, type FeedEntity } from '@wirewatch/persistence';
import { InjectConfig } from '@wirewatch/platform';
import { CreateFeedDto } from './feeds.dto';

@Controller('feeds')
export class FeedsController {
  constructor(
    private readonly feeds: FeedStore,
    @InjectConfig() private readonly cfg: AppConfig,
  ) {}

  /** Registers a feed; it is polled at once and then every pollIntervalSec. */
  @Post()
  @HttpCode(201)
  async create(@Body() body: CreateFeedDto): Promise<FeedEntity> {
    const interval = body.pollIntervalSec ?? this.cfg.defaultPollIntervalSec;
    if (interval < this.cfg.minPollIntervalSec) {
      throw new BadRequestException([`pollIntervalSec must be at least ${this.cfg.minPollIntervalSec} (MIN_POLL_INTERVAL_SEC)`]);
    }
    const feed = await this.feeds.create({ url: body.url, name: body.name, pollIntervalSec: interval });
    if (!feed) throw new ConflictException(`a feed with url ${body.url} is registered already`);
    return feed;
  }

  @Get()
  list(): Promise<FeedEntity[]> {
    return this.feeds.list();
  }
}
