import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

/**
 * The filter of a subscription, for the documentation only: requests keep it a plain object, checked by the
 * delivery lib's `validateFilter` (which names every bad field). Every field is optional; `{}` matches every story.
 */
export class SubscriptionFilterDto {
  @ApiPropertyOptional({ description: 'topic ids (the classifier taxonomy); the story must carry one of them', type: [String], maxItems: 50, example: ['export-controls'] })
  topics?: string[];

  @ApiPropertyOptional({
    description: 'ticker symbols, case-insensitive (stored upper-cased); the story must mention one of them',
    type: [String],
    maxItems: 200,
    example: ['NVDA', 'TSM'],
  })
  tickers?: string[];

  @ApiPropertyOptional({ description: "the story's severity must be at least this", minimum: 0, maximum: 100, example: 60 })
  minSeverity?: number;

  @ApiPropertyOptional({ description: "the story's relevance must be at least this", minimum: 0, maximum: 100, example: 50 })
  minRelevance?: number;

  @ApiPropertyOptional({
    description: 'source names (case-insensitive) or hosts (`reuters.com` also matches `www.reuters.com`; a URL is reduced to its host)',
    type: [String],
    maxItems: 50,
    example: ['reuters.com'],
  })
  sources?: string[];

  @ApiPropertyOptional({
    description: 'boolean keyword query over the story text: words, "phrases", prefix*, AND (or adjacency), OR, NOT / -word, parentheses',
    maxLength: 500,
    example: 'nvidia AND (export OR "chip ban") NOT rumour*',
  })
  query?: string;
}

export class WebhookDto {
  @ApiProperty({ description: 'where alerts are POSTed (Standard Webhooks, signed with the subscription secret)', format: 'uri', maxLength: 2048, example: 'https://hooks.example.com/wirewatch' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url: string;
}

/**
 * The filter is checked by the delivery lib's `validateFilter` (topics, tickers, minSeverity, minRelevance,
 * sources and the boolean `query`), which names every bad field; here it only has to be an object.
 */
export class CreateSubscriptionDto {
  @ApiProperty({ description: 'a name for people', minLength: 1, maxLength: 200, example: 'Chip export controls' })
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'which stories alert; {} receives every story', type: () => SubscriptionFilterDto })
  @IsDefined({ message: 'filter is required (it may be {} to receive every story)' })
  @IsObject({ message: 'filter must be an object such as {"topics": ["market-move"]}' })
  filter: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'the webhook channel; a subscription needs a webhook, the stream, or both', type: () => WebhookDto })
  @IsOptional()
  @IsObject({ message: 'webhook must be an object: {"url": "https://..."}' })
  @ValidateNested() @Type(() => WebhookDto)
  webhook?: WebhookDto;

  /** whether alerts also go to the live stream (GET /stream?subscription=<id>) */
  @ApiPropertyOptional({ description: 'whether alerts also go to the live stream (GET /stream?subscription=<id>)', default: false })
  @IsOptional() @IsBoolean({ message: 'stream must be true or false' })
  stream?: boolean;
}

export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ description: 'a new name', minLength: 1, maxLength: 200, example: 'Chip export controls (EU)' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'a new filter, replacing the old one whole', type: () => SubscriptionFilterDto })
  @IsOptional() @IsObject({ message: 'filter must be an object such as {"topics": ["market-move"]}' })
  filter?: Record<string, unknown>;

  /** true re-enables a subscription disabled after 410 Gone or days of failures */
  @ApiPropertyOptional({ description: 'true re-enables a subscription disabled after 410 Gone or days of failures; false disables it' })
  @IsOptional() @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class RotateSecretDto {
  /** how long the previous secret keeps signing deliveries beside the new one (default 24 h, at most 7 days) */
  @ApiPropertyOptional({
    description: 'how long, in seconds, the previous secret keeps signing deliveries beside the new one',
    type: 'integer',
    minimum: 0,
    maximum: 7 * 86_400,
    default: 86_400,
  })
  @IsOptional() @IsInt({ message: 'overlapSec must be a whole number of seconds' }) @Min(0) @Max(7 * 86_400)
  overlapSec?: number;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ description: 'only deliveries in this state', enum: DELIVERY_STATUSES })
  @IsOptional() @IsIn(DELIVERY_STATUSES as unknown as string[], { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: (typeof DELIVERY_STATUSES)[number];

  @ApiPropertyOptional({ description: 'page size', type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be an integer' }) @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'only deliveries with a smaller id: the id of the last entry of the previous page', type: 'integer', minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'before must be a delivery id' }) @Min(1)
  before?: number;
}

export class ReplayQueryDto {
  @ApiProperty({ description: 'start of the period (deliveries created at or after it)', type: String, format: 'date-time', example: '2026-11-23T09:00:00Z' })
  @IsDefined({ message: 'since is required: an ISO 8601 time' })
  @Type(() => Date) @IsDate({ message: 'since must be an ISO 8601 time' })
  since: Date;

  @ApiPropertyOptional({ description: 'end of the period (deliveries created before it); default now; must be after since', type: String, format: 'date-time' })
  @IsOptional() @Type(() => Date) @IsDate({ message: 'until must be an ISO 8601 time' })
  until?: Date;

  /** which deliveries to send again: failed ones (default) or all of them */
  @ApiPropertyOptional({ description: 'which deliveries to send again: the failed ones, or all of them', enum: ['failed', 'all'], default: 'failed' })
  @IsOptional() @IsIn(['failed', 'all'], { message: 'status must be failed or all' })
  status?: 'failed' | 'all';
}

// ---------------------------------------------------------------------------------------------------------------
// Responses (documentation of what the controller returns)

export class WebhookViewDto {
  @ApiProperty({ description: 'the webhook URL', format: 'uri', example: 'https://hooks.example.com/wirewatch' })
  url: string;

  @ApiPropertyOptional({
    description: 'the signing secret (Standard Webhooks, `whsec_…`): only in the answers of creation and rotation, shown once',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret?: string;

  @ApiProperty({ description: 'until when the secret before the last rotation still signs beside the current one; null when none does', type: String, format: 'date-time', nullable: true })
  previousSecretExpiresAt: string | null;
}

export class SubscriptionViewDto {
  @ApiProperty({ description: 'the subscription id', example: 12 })
  id: number;

  @ApiProperty({ description: 'its name', example: 'Chip export controls' })
  name: string;

  @ApiProperty({ description: 'the filter as stored (normalised: tickers upper-cased, sources as hosts, repeats dropped)', type: () => SubscriptionFilterDto })
  filter: SubscriptionFilterDto;

  @ApiProperty({ description: 'the webhook channel; null for a subscription that only streams', type: () => WebhookViewDto, nullable: true })
  webhook: WebhookViewDto | null;

  @ApiProperty({ description: 'whether its alerts go to the live stream' })
  stream: boolean;

  @ApiProperty({ description: 'whether it receives alerts (false once disabled)' })
  active: boolean;

  @ApiProperty({ description: 'why it was disabled (410 Gone, failing for days); null while active', type: String, nullable: true })
  disabledReason: string | null;

  @ApiProperty({ description: "when the endpoint's current run of failed deliveries began; null while healthy", type: String, format: 'date-time', nullable: true })
  failingSince: string | null;

  @ApiProperty({ description: 'when it was created', type: String, format: 'date-time' })
  createdAt: string;
}

export class DeliveryAttemptDto {
  @ApiProperty({ description: 'the attempt number, from 1', example: 1 })
  attempt: number;

  @ApiProperty({ description: 'when it was made', type: String, format: 'date-time' })
  at: string;

  @ApiProperty({ description: "the endpoint's HTTP status; null when no answer came (timeout, refused, refused address)", type: 'integer', nullable: true, example: 503 })
  statusCode: number | null;

  @ApiProperty({ description: 'how long the attempt took, in milliseconds', example: 120 })
  latencyMs: number;

  @ApiProperty({ description: "the start of the endpoint's answer body", type: String, nullable: true })
  response: string | null;

  @ApiProperty({ description: 'why it failed without an HTTP answer', type: String, nullable: true })
  error: string | null;
}

export class DeliveryLogEntryDto {
  @ApiProperty({ description: 'the delivery id (for POST /deliveries/{id}/redeliver)', example: 345 })
  id: number;

  @ApiProperty({ description: 'the story that was alerted', example: 9876 })
  storyId: number;

  @ApiProperty({ description: 'the alert (subscription × event) it belongs to', type: 'integer', nullable: true })
  alertId: number | null;

  @ApiProperty({ description: 'the alert type', enum: ['alert.created', 'alert.updated'] })
  type: string;

  @ApiProperty({ description: 'its state', enum: DELIVERY_STATUSES })
  status: string;

  @ApiProperty({ description: 'how many attempts were made', example: 1 })
  attempts: number;

  @ApiProperty({ description: 'the HTTP status of the last attempt', type: 'integer', nullable: true, example: 200 })
  lastStatusCode: number | null;

  @ApiProperty({ description: 'the error of the last attempt', type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ description: 'when the alert was decided', type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'when the endpoint accepted it (2xx); null until then', type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ description: 'every attempt, oldest first', type: () => [DeliveryAttemptDto] })
  attemptLog: DeliveryAttemptDto[];
}

export class RedeliveryDto {
  @ApiProperty({ description: 'the delivery sent again', example: 345 })
  deliveryId: number;

  @ApiProperty({ description: 'always true: it is queued', example: true })
  queued: boolean;
}

export class ReplayResultDto {
  @ApiProperty({ description: 'how many deliveries were queued again', example: 3 })
  queued: number;
}
