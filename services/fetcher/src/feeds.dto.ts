import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateFeedDto {
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  url: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  /** seconds between polls; bounded below by MIN_POLL_INTERVAL_SEC */
  @IsOptional() @Min(1) @Max(86400) @IsInt({ message: 'pollIntervalSec must be an integer number of seconds' })
  pollIntervalSec?: number;
}

export class UpdateFeedDto {
  /** 'paused' stops polling; 'active' resumes it (errors forgotten, polled at once) */
  @IsOptional() @IsIn(['active', 'paused'], { message: 'status must be active or paused' })
  status?: 'active' | 'paused';

  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @IsOptional() @Min(1) @Max(86400) @IsInt({ message: 'pollIntervalSec must be an integer number of seconds' })
  pollIntervalSec?: number;
}
