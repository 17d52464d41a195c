import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateFeedDto {
  @ApiProperty({ description: 'the feed URL, or a page announcing its feed (discovered when the URL is checked)', maxLength: 2048, example: 'https://example.com/ai/feed.xml' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url: string;

  /** defaults to the feed's own title when the URL is checked */
  @ApiPropertyOptional({ description: "a name for the feed; defaults to the feed's own title when the URL is checked", minLength: 1, maxLength: 200, example: 'Example AI desk' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  /** a fixed number of seconds between polls (bounded below by MIN_POLL_INTERVAL_SEC); omitted: adaptive */
  @ApiPropertyOptional({ description: 'a fixed number of seconds between polls (at least MIN_POLL_INTERVAL_SEC); omitted: the interval adapts to how often the feed publishes', type: 'integer', minimum: 1, maximum: 86400, example: 300 })
  @IsOptional() @Min(1) @Max(86400) @IsInt({ message: 'pollIntervalSec must be an integer number of seconds' })
  pollIntervalSec?: number;

  /** false registers the URL without fetching it first (as does ?validate=false) */
  @ApiPropertyOptional({ description: 'false registers the URL without fetching it first (as does ?validate=false); default true', default: true })
  @IsOptional() @IsBoolean({ message: 'validate must be true or false' })
  validate?: boolean;
}

export class UpdateFeedDto {
  /** 'paused' stops polling; 'active' resumes it (errors forgotten, polled at once) */
  @ApiPropertyOptional({ description: "'paused' stops polling; 'active' resumes it (errors forgotten, polled at once)", enum: ['active', 'paused'] })
  @IsOptional() @IsIn(['active', 'paused'], { message: 'status must be active or paused' })
  status?: 'active' | 'paused';

  @ApiPropertyOptional({ description: 'a new name', minLength: 1, maxLength: 200 })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  /** a fixed interval from now on; null returns the feed to adaptive scheduling */
  @ApiPropertyOptional({ description: 'a fixed interval in seconds from now on; null returns the feed to adaptive scheduling', type: 'integer', minimum: 1, maximum: 86400, nullable: true })
  @IsOptional() @Min(1) @Max(86400) @IsInt({ message: 'pollIntervalSec must be an integer number of seconds' })
  pollIntervalSec?: number | null;
}

/** A feed as the API shows it: its address, health and schedule. */
export class FeedViewDto {
  @ApiProperty({ description: 'the feed id', type: 'integer', example: 7 }) id: number;
  @ApiProperty({ description: 'the feed URL (updated after a permanent redirect)', example: 'https://example.com/ai/feed.xml' }) url: string;
  @ApiProperty({ description: 'its name', nullable: true, type: String }) name: string | null;
  @ApiProperty({ description: 'active (polled), paused (by hand or after FEED_MAX_ERRORS failures) or gone (410)', enum: ['active', 'paused', 'gone'] }) status: string;
  @ApiProperty({ description: 'why the feed is paused or gone', nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ description: 'the fixed interval, or the starting interval of an adaptive feed (seconds)', type: 'integer' }) pollIntervalSec: number;
  @ApiProperty({ description: 'whether pollIntervalSec is fixed (set by you) rather than adaptive' }) pollIntervalFixed: boolean;
  @ApiProperty({ description: 'the interval in force (seconds): adaptive, lengthened by publisher hints, rate limits or back-off', type: 'integer' }) effectiveIntervalSec: number;
  @ApiProperty({ description: 'when the feed is polled next', format: 'date-time', type: String }) nextPollAt: Date;
  @ApiProperty({ description: 'the ETag of the last full fetch (for conditional GET)', nullable: true, type: String }) etag: string | null;
  @ApiProperty({ description: 'the Last-Modified of the last full fetch (for conditional GET)', nullable: true, type: String }) lastModified: string | null;
  @ApiProperty({ description: 'when it was last polled', nullable: true, format: 'date-time', type: String }) lastPolledAt: Date | null;
  @ApiProperty({ description: 'when a poll last succeeded', nullable: true, format: 'date-time', type: String }) lastSuccessAt: Date | null;
  @ApiProperty({ description: 'ok, not-modified, rate-limited, or the error category of the last poll', nullable: true, type: String }) lastPollStatus: string | null;
  @ApiProperty({ description: 'failed polls in a row', type: 'integer' }) errorCount: number;
  @ApiProperty({ description: 'the category of the last failure (dns, connect, tls, timeout, too-large, http-4xx, http-5xx, not-a-feed, parse, blocked-address, …)', nullable: true, type: String }) lastErrorCategory: string | null;
  @ApiProperty({ description: 'the message of the last failure', nullable: true, type: String }) lastErrorMessage: string | null;
  @ApiProperty({ description: 'how its items are told apart: guid, link, or a hash of title and content', nullable: true, enum: ['guid', 'link', 'hash'] }) dedupStrategy: string | null;
  @ApiProperty({ description: 'host:port of the URL (rate limits and the per-host limit apply to it)', nullable: true, type: String }) host: string | null;
  @ApiProperty({ description: 'when it was registered', format: 'date-time', type: String }) createdAt: Date;
  @ApiProperty({ description: 'when its record last changed', format: 'date-time', type: String }) updatedAt: Date;
  @ApiPropertyOptional({ description: 'the page the feed URL was discovered on (POST /feeds with a page URL)' }) discoveredFrom?: string;
}

export class ImportErrorDto {
  @ApiProperty({ description: 'the entry\'s xmlUrl as written' }) url: string;
  @ApiProperty({ description: 'why it was not registered' }) reason: string;
}

export class ImportReportDto {
  @ApiProperty({ description: 'feeds registered', type: 'integer' }) imported: number;
  @ApiProperty({ description: 'entries whose URL is registered already, or repeated in the file', type: 'integer' }) skipped: number;
  @ApiProperty({ description: 'entries refused, with the reason', type: [ImportErrorDto] }) errors: ImportErrorDto[];
}

export class PollScheduledDto {
  @ApiProperty({ description: 'always true: the feed is polled at the next scheduler tick', enum: [true] }) scheduled: true;
}

export class FeedRefusedDto {
  @ApiProperty({ description: 'always 422', enum: [422] }) statusCode: number;
  @ApiProperty({ description: 'the reason the URL is not a feed', example: 'not-a-feed: the document is HTML and names no feed' }) message: string;
  @ApiProperty({ description: 'the error category (dns, connect, timeout, http-4xx, not-a-feed, parse, blocked-address, rate-limited, …)', example: 'not-a-feed' }) category: string;
  @ApiProperty({ description: 'the HTTP reason phrase', example: 'Unprocessable Entity' }) error: string;
}
