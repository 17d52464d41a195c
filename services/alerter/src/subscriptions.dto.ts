import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { DEFAULT_TAXONOMY } from '@wirewatch/classification';

const TOPIC_IDS = DEFAULT_TAXONOMY.topics.map((t) => t.id);

export class FilterDto {
  @IsOptional() @IsArray() @ArrayMaxSize(50)
  @IsIn(TOPIC_IDS, { each: true, message: `topics must contain only known topics: ${TOPIC_IDS.join(', ')}` })
  topics?: string[];

  @IsOptional() @IsArray() @ArrayMaxSize(200)
  @Matches(/^[A-Za-z0-9.\-]{1,12}$/, { each: true, message: 'tickers must contain ticker symbols such as NVDA' })
  tickers?: string[];
}

export class WebhookDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url: string;
}

export class CreateSubscriptionDto {
  @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @IsDefined({ message: 'filter is required (it may be {} to receive every story)' })
  @IsObject({ message: 'filter must be an object such as {"topics": ["market-move"]}' })
  @ValidateNested() @Type(() => FilterDto)
  filter: FilterDto;

  @IsDefined({ message: 'webhook is required: {"url": "https://..."}' })
  @IsObject({ message: 'webhook must be an object: {"url": "https://..."}' })
  @ValidateNested() @Type(() => WebhookDto)
  webhook: WebhookDto;
}
