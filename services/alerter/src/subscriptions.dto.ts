import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

export class WebhookDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url: string;
}

/**
 * The filter is checked by the delivery lib's `validateFilter` (topics, tickers, minSeverity, minRelevance,
 * sources and the boolean `query`), which names every bad field; here it only has to be an object.
 */
export class CreateSubscriptionDto {
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @IsDefined({ message: 'filter is required (it may be {} to receive every story)' })
  @IsObject({ message: 'filter must be an object such as {"topics": ["market-move"]}' })
  filter: Record<string, unknown>;

  @IsOptional()
  @IsObject({ message: 'webhook must be an object: {"url": "https://..."}' })
  @ValidateNested() @Type(() => WebhookDto)
  webhook?: WebhookDto;

  /** whether alerts also go to the live stream (GET /stream?subscription=<id>) */
  @IsOptional() @IsBoolean({ message: 'stream must be true or false' })
  stream?: boolean;
}

export class UpdateSubscriptionDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @IsOptional() @IsObject({ message: 'filter must be an object such as {"topics": ["market-move"]}' })
  filter?: Record<string, unknown>;

  /** true re-enables a subscription disabled after 410 Gone or days of failures */
  @IsOptional() @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class RotateSecretDto {
  /** how long the previous secret keeps signing deliveries beside the new one (default 24 h, at most 7 days) */
  @IsOptional() @IsInt({ message: 'overlapSec must be a whole number of seconds' }) @Min(0) @Max(7 * 86_400)
  overlapSec?: number;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export class DeliveriesQueryDto {
  @IsOptional() @IsIn(DELIVERY_STATUSES as unknown as string[], { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: (typeof DELIVERY_STATUSES)[number];

  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be an integer' }) @Min(1) @Max(500)
  limit?: number;

  @IsOptional() @Type(() => Number) @IsInt({ message: 'before must be a delivery id' }) @Min(1)
  before?: number;
}

export class ReplayQueryDto {
  @IsDefined({ message: 'since is required: an ISO 8601 time' })
  @Type(() => Date) @IsDate({ message: 'since must be an ISO 8601 time' })
  since: Date;

  @IsOptional() @Type(() => Date) @IsDate({ message: 'until must be an ISO 8601 time' })
  until?: Date;

  /** which deliveries to send again: failed ones (default) or all of them */
  @IsOptional() @IsIn(['failed', 'all'], { message: 'status must be failed or all' })
  status?: 'failed' | 'all';
}
