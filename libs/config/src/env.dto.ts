import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Strings from the environment become typed values; anything unparseable stays as it is and fails validation. */
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : value;
};
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value);
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * The environment as WireWatch reads it. Every variable is optional in the environment: the defaults live in
 * `loadConfig`, so this class only says what a given value must look like. The README documents each one.
 */
export class EnvDto {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[^\s:]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 characters without spaces or ":"' })
  QUEUE_PREFIX?: string;

  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty({ message: 'API_KEYS must list at least one key (comma-separated)' })
  @IsString({ each: true })
  @MinLength(16, { each: true, message: 'each key in API_KEYS must be at least 16 characters' })
  @MaxLength(256, { each: true, message: 'each key in API_KEYS must be at most 256 characters' })
  API_KEYS?: string[];

  @IsOptional() @Transform(toInt) @Min(0) @Max(65535) @IsInt({ message: 'PORT must be an integer' })
  PORT?: number;

  @IsOptional() @IsString()
  HOST?: string;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'ALLOW_PRIVATE_NETWORKS must be true or false' })
  ALLOW_PRIVATE_NETWORKS?: boolean;

  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsIn(LOG_LEVELS as unknown as string[], { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevelName;

  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'MIGRATIONS_RUN must be true or false' })
  MIGRATIONS_RUN?: boolean;

  @IsOptional() @Transform(toInt) @Min(1) @Max(86400) @IsInt({ message: 'POLL_INTERVAL_SEC must be an integer' })
  POLL_INTERVAL_SEC?: number;

  @IsOptional() @Transform(toInt) @Min(1) @Max(86400) @IsInt({ message: 'MIN_POLL_INTERVAL_SEC must be an integer' })
  MIN_POLL_INTERVAL_SEC?: number;

  @IsOptional() @Transform(toInt) @Min(50) @Max(600000) @IsInt({ message: 'SCHEDULER_TICK_MS must be an integer' })
  SCHEDULER_TICK_MS?: number;

  @IsOptional() @Transform(toInt) @Min(1) @Max(1000) @IsInt({ message: 'FEED_MAX_ERRORS must be an integer' })
  FEED_MAX_ERRORS?: number;

  @IsOptional() @Transform(toInt) @Min(1) @Max(1000) @IsInt({ message: 'WORKER_CONCURRENCY must be an integer' })
  WORKER_CONCURRENCY?: number;

  @IsOptional() @Transform(toInt) @Min(100) @Max(600000) @IsInt({ message: 'FETCH_TIMEOUT_MS must be an integer' })
  FETCH_TIMEOUT_MS?: number;

  @IsOptional() @Transform(toInt) @Min(1024) @IsInt({ message: 'FEED_MAX_BYTES must be an integer' })
  FEED_MAX_BYTES?: number;

  @IsOptional() @Transform(toInt) @Min(100) @Max(600000) @IsInt({ message: 'WEBHOOK_TIMEOUT_MS must be an integer' })
  WEBHOOK_TIMEOUT_MS?: number;

  @IsOptional() @IsString()
  DELIVERY_RETRY_SCHEDULE?: string;

  @IsOptional() @Transform(toInt) @Min(1) @IsInt({ message: 'WEBHOOK_DISABLE_AFTER_SEC must be an integer' })
  WEBHOOK_DISABLE_AFTER_SEC?: number;

  @IsOptional() @Transform(toInt) @Min(100) @IsInt({ message: 'RECONCILE_INTERVAL_MS must be an integer' })
  RECONCILE_INTERVAL_MS?: number;

  @IsOptional() @Transform(toInt) @Min(0) @IsInt({ message: 'RECONCILE_AFTER_MS must be an integer' })
  RECONCILE_AFTER_MS?: number;

  @IsOptional() @Transform(toInt) @Min(0) @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be an integer' })
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional() @Transform(toInt) @Min(1) @Max(720) @IsInt({ message: 'EVENT_WINDOW_HOURS must be an integer' })
  EVENT_WINDOW_HOURS?: number;

  @IsOptional() @IsString()
  TAXONOMY_FILE?: string;

  @IsOptional() @Transform(toList) @IsString({ each: true })
  TOPIC_MODELS?: string[];

  @IsOptional() @Transform(toInt) @Min(0) @Max(86400) @IsInt({ message: 'UPDATE_INTERVAL must be a whole number of seconds' })
  UPDATE_INTERVAL?: number;

  @IsOptional() @Transform(toInt) @Min(1) @Max(1000) @IsInt({ message: 'HOST_CONCURRENCY must be an integer' })
  HOST_CONCURRENCY?: number;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) base URL without query or fragment' })
  PUBLIC_BASE_URL?: string;

  @IsOptional() @Transform(toInt) @Min(60) @IsInt({ message: 'WEBSUB_LEASE_SEC must be a whole number of seconds' })
  WEBSUB_LEASE_SEC?: number;

  @IsOptional() @Transform(toInt) @Min(1) @Max(86400) @IsInt({ message: 'WEBSUB_POLL_INTERVAL_SEC must be an integer' })
  WEBSUB_POLL_INTERVAL_SEC?: number;

  @IsOptional() @Transform(toInt) @Min(50) @Max(3600000) @IsInt({ message: 'WEBSUB_RENEW_INTERVAL_MS must be an integer' })
  WEBSUB_RENEW_INTERVAL_MS?: number;
}
