import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DynamicModule, Inject, Injectable } from '@nestjs/common';
import type { AppConfig, LogLevelName } from '@wirewatch/config';
import { Logger, LoggerModule, PARAMS_PROVIDER_TOKEN, PinoLogger, type Params } from 'nestjs-pino';

/** LOG_LEVEL names to pino's. */
const PINO_LEVELS: Record<LogLevelName, string> = { error: 'error', warn: 'warn', info: 'info', debug: 'debug', verbose: 'trace' };

/** Secrets that must never reach a log line: the API key in headers or in a `?key=` (stream, desk). */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'];

/** A URL's `key=` query value is replaced, so `/stream?key=…` logs without the key. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&]key=)[^&#]*/gi, '$1[redacted]');
}

/**
 * JSON logs (pino through nestjs-pino): one object per line with `service`, `level`, `time`, `msg` and, for
 * requests, `req.id` (the incoming `x-request-id`, else a new uuid). Health and metrics scrapes are not
 * logged. `stream` defaults to stdout (containers collect it).
 */
export function loggingModule(cfg: AppConfig): DynamicModule {
  const params: Params = {
    pinoHttp: [
      {
        level: PINO_LEVELS[cfg.logLevel],
        base: { service: cfg.service },
        messageKey: 'msg',
        redact: { paths: REDACTED, censor: '[redacted]' },
        genReqId: (req: IncomingMessage) => (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id']) || randomUUID(),
        autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)\b/.test(req.url ?? '') },
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      process.stdout,
    ],
  };
  return LoggerModule.forRoot(params);
}

/** Nest's own start-up chatter (modules, routes) only at debug level; everything else as JSON. */
@Injectable()
export class ServiceLogger extends Logger {
  private static readonly STARTUP = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

  constructor(logger: PinoLogger, @Inject(PARAMS_PROVIDER_TOKEN) params: Params) {
    super(logger, params);
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && ServiceLogger.STARTUP.has(context)) return super.debug(message, ...rest);
    super.log(message, ...rest);
  }
}
