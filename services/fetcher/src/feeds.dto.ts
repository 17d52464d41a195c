import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateFeedDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url: string;

  /** defaults to the feed's own title when the URL is checked */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  /** a fixed number of seconds between polls (bounded below by MIN_POLL_INTERVAL_SEC); omitted: adaptive */
  @IsOptional() @Min(1) @Max(86400) @IsInt({ message: 'pollIntervalSec must be an integer number of seconds' })
  pollIntervalSec?: number;

  /** false registers the URL without fetching it first (as does ?validate=false) */
  @IsOptional() @IsBoolean({ message: 'validate must be true or false' })
  validate?: boolean;
}

export class UpdateFeedDto {
  /** 'paused' stops polling; 'active' resumes it (errors forgotten, polled at once) */
  @IsOptional() @IsIn(['active', 'paused'], { message: 'status must be active or paused' })
  status?: 'active' | 'paused';

  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  /** a fixed interval from now on; null returns the feed to adaptive scheduling */
  @IsOptional() @Min(1) @Max(86400) @IsInt({ message: 'pollIntervalSec must be an integer number of seconds' })
  pollIntervalSec?: number | null;
}
