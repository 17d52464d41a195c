import type { IncomingMessage } from 'node:http';
import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { apiKeyMatcher, InjectConfig, presentedKey } from '@wirewatch/platform';

/**
 * The API key for /stream: `Authorization: Bearer <key>`, or `?key=<key>` because a browser's EventSource
 * cannot set headers. Compared in constant time, like the global guard (which the route opts out of).
 */
@Injectable()
export class StreamKeyGuard implements CanActivate {
  private readonly matches: (presented: string) => boolean;

  constructor(@InjectConfig() cfg: AppConfig) {
    this.matches = apiKeyMatcher(cfg.apiKeys);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<IncomingMessage & { query: Record<string, unknown> }>();
    const key = presentedKey(req.headers.authorization) ?? (typeof req.query.key === 'string' ? req.query.key : null);
    if (!key) throw new UnauthorizedException('missing API key: Authorization: Bearer <key>, or ?key=<key> for EventSource');
    if (!this.matches(key)) throw new UnauthorizedException('invalid API key');
    return true;
  }
}
