import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Max, Min, MaxLength, MinLength } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Ids are bigint in Postgres; past 2^53 a JS number is no longer exact, and past 2^63 Postgres refuses it. */
const MAX_ID = Number.MAX_SAFE_INTEGER;

/** Paging shared by both lists: `before` is the id of the last item of the previous page (its `nextBefore`). */
class PageQueryDto {
  /** an ISO 8601 time; strict, so `since=yesterday` or `since=1` is refused rather than read as some date */
  @ApiPropertyOptional({ description: 'a strict ISO 8601 time: stories published (else fetched) at or after it; events last seen at or after it', type: String, format: 'date-time', example: '2026-11-23T09:00:00Z' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 time such as 2026-11-23T09:00:00Z' })
  since?: string;

  @ApiPropertyOptional({ description: 'page size', type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @Type(() => Number)
  @IsInt({ message: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  @Min(1, { message: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  limit?: number;

  @ApiPropertyOptional({ description: 'the next page: the `nextBefore` of the previous page (it must name a stored item)', type: 'integer', minimum: 1, maximum: MAX_ID })
  @IsOptional() @Type(() => Number)
  @IsInt({ message: 'before must be an id (the nextBefore of the previous page)' })
  @Min(1, { message: 'before must be an id (the nextBefore of the previous page)' })
  @Max(MAX_ID, { message: 'before must be an id (the nextBefore of the previous page)' })
  before?: number;
}

export class StoriesQueryDto extends PageQueryDto {
  /** a topic id, such as export-controls */
  @ApiPropertyOptional({ description: 'only stories with this topic id', minLength: 1, maxLength: 100, example: 'export-controls' })
  @IsOptional() @IsString({ message: 'topic must be a topic id such as export-controls' }) @MinLength(1) @MaxLength(100)
  topic?: string;

  /** an entity's ticker (or its name when it has none), case-insensitive */
  @ApiPropertyOptional({ description: "only stories mentioning this entity: its ticker (or its name when it has none), case-insensitive", minLength: 1, maxLength: 200, example: 'NVDA' })
  @IsOptional() @IsString({ message: 'ticker must be a ticker symbol such as NVDA, or an entity name' }) @MinLength(1) @MaxLength(200)
  ticker?: string;

  /** web-search syntax: words (all must appear), "a phrase", OR, -word */
  @ApiPropertyOptional({
    description: 'full-text search, web-search syntax: words (all must appear), "a phrase", OR, -word; results are then most relevant first',
    minLength: 1,
    maxLength: 500,
    example: '"open weights" OR licence -shares',
  })
  @IsOptional() @IsString({ message: 'q must be a search text such as "open weights" OR licence -shares' })
  @MinLength(1, { message: 'q must not be empty' }) @MaxLength(500)
  q?: string;

  /** an event id: the stories of one event */
  @ApiPropertyOptional({ description: 'only the stories of this event', type: 'integer', minimum: 1, maximum: MAX_ID })
  @IsOptional() @Type(() => Number)
  @IsInt({ message: 'event must be an event id' }) @Min(1, { message: 'event must be an event id' }) @Max(MAX_ID, { message: 'event must be an event id' })
  event?: number;

  @ApiPropertyOptional({ description: 'only stories of at least this severity (unclassified stories have none and are left out)', type: 'integer', minimum: 0, maximum: 100, example: 60 })
  @IsOptional() @Type(() => Number)
  @IsInt({ message: 'minSeverity must be a whole number from 0 to 100' })
  @Min(0, { message: 'minSeverity must be a whole number from 0 to 100' })
  @Max(100, { message: 'minSeverity must be a whole number from 0 to 100' })
  minSeverity?: number;
}

export class EventsQueryDto extends PageQueryDto {}
