import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiValidationError } from '@wirewatch/platform';
import { DEFAULT_PAGE_SIZE, StoriesQueryDto } from './queries.dto';
import { QueriesStore } from './queries.store';
import { pageOf, requireCursor, type Page } from './paging';
import { StoriesPageDto } from './responses.dto';
import { type QueryStoryView, storyViews } from './views';

/** GET /stories: classified and unclassified stories, filtered, newest first (or most relevant first with `q`). */
@ApiTags('queries')
@Controller('stories')
export class StoriesController {
  constructor(private readonly store: QueriesStore) {}

  @Get()
  @ApiOperation({
    summary: 'Search stories',
    description: 'Classified and unclassified stories, filtered by topic, ticker, event, severity, time or full text; newest first (most relevant first with `q`). Paged with `before`.',
  })
  @ApiOkResponse({ description: 'one page of stories', type: StoriesPageDto })
  @ApiValidationError('an invalid parameter, or a `before` that names no stored story')
  async list(@Query() query: StoriesQueryDto): Promise<Page<'stories', QueryStoryView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.before !== undefined) await requireCursor(this.store, 'stories', query.before);
    // one row more than the page: whether it comes back says whether there is a next page
    const rows = await this.store.findStories({
      topic: query.topic,
      ticker: query.ticker,
      since: query.since === undefined ? undefined : new Date(query.since),
      q: query.q,
      eventId: query.event,
      minSeverity: query.minSeverity,
      before: query.before,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const tags = await this.store.findTags(page.map((s) => s.id));
    return pageOf('stories', storyViews(page, tags), rows.length > limit);
  }
}
