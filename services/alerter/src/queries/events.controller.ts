import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiNotFound, ApiValidationError } from '@wirewatch/platform';
import { DEFAULT_PAGE_SIZE, EventsQueryDto } from './queries.dto';
import { QueriesStore } from './queries.store';
import { pageOf, requireCursor, type Page } from './paging';
import { ParseIdPipe } from './parse-id.pipe';
import { EventsPageDto, EventWithStoriesDto } from './responses.dto';
import { eventView, type EventView, type QueryStoryView, storyViews } from './views';

/** GET /events (the same story across outlets), most recently active first, and one event with its stories. */
@ApiTags('queries')
@Controller('events')
export class EventsController {
  constructor(private readonly store: QueriesStore) {}

  @Get()
  @ApiOperation({ summary: 'List events', description: 'Events (the same story across outlets), most recently active first. Paged with `before`.' })
  @ApiOkResponse({ description: 'one page of events', type: EventsPageDto })
  @ApiValidationError('an invalid parameter, or a `before` that names no stored event')
  async list(@Query() query: EventsQueryDto): Promise<Page<'events', EventView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    if (query.before !== undefined) await requireCursor(this.store, 'events', query.before);
    const rows = await this.store.findEvents({
      since: query.since === undefined ? undefined : new Date(query.since),
      before: query.before,
      limit: limit + 1,
    });
    return pageOf('events', rows.slice(0, limit).map(eventView), rows.length > limit);
  }

  /** The event and all its stories, oldest first: how the story spread. */
  @Get(':id')
  @ApiOperation({ summary: 'Get an event with its stories', description: 'The event and all its stories, oldest first: how the story spread.' })
  @ApiParam({ name: 'id', description: 'the event id', type: 'integer', example: 321 })
  @ApiOkResponse({ description: 'the event and its stories', type: EventWithStoriesDto })
  @ApiValidationError('the id is not a positive whole number')
  @ApiNotFound('no event with this id')
  async get(@Param('id', new ParseIdPipe('event id')) id: number): Promise<EventView & { stories: QueryStoryView[] }> {
    const event = await this.store.findEvent(id);
    if (!event) throw new NotFoundException(`event ${id} not found`);
    const rows = await this.store.findEventStories(id);
    const tags = await this.store.findTags(rows.map((s) => s.id));
    return { ...eventView(event), stories: storyViews(rows, tags) };
  }
}
