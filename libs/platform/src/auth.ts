import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '@wirewatch/config';
import { InjectConfig } from './config.module';

const PUBLIC = 'wirewatch:public';
/** Marks a route that needs no API key (health checks, metrics). Every other route needs one. */
export const Public = () => SetMetadata(PUBLIC, true);

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares a presented key with every configured key in constant time, so timing tells nothing. */
export function apiKeyMatcher(keys: string[]): (presented: string) => boolean {
  const digests = keys.map(digest);
  return (presented) => {
    const given = digest(presented);
    return digests.reduce((acc, k) => timingSafeEqual(k, given) || acc, false);
  };
}

/** The key in `Authorization: Bearer <key>`, or in Basic auth's password (so a browser can prompt for it). */
export function presentedKey(header: unknown, allowBasic = false): string | null {
  if (typeof header !== 'string') return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = allowBasic ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}

/** `Authorization: Bearer <key>` with a key from API_KEYS on every route not marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly matches: (presented: string) => boolean;

  constructor(
    private readonly reflector: Reflector,
    @InjectConfig() cfg: AppConfig,
  ) {
    this.matches = apiKeyMatcher(cfg.apiKeys);
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const key = presentedKey(ctx.switchToHttp().getRequest().headers?.authorization);
    if (!key) throw new UnauthorizedException('missing Authorization: Bearer <API key>');
    if (!this.matches(key)) throw new UnauthorizedException('invalid API key');
    return true;
  }
}

/**
 * The same check as Express middleware, for what Nest guards do not cover (the bull-board UI). Accepts Basic
 * auth too, with the API key as password, so a browser asks for it.
 */
export function apiKeyMiddleware(keys: string[]) {
  const matches = apiKeyMatcher(keys);
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const key = presentedKey(req.headers.authorization, true);
    if (key && matches(key)) return next();
    res.writeHead(401, { 'www-authenticate': 'Basic realm="WireWatch", charset="UTF-8"', 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode: 401, message: 'API key required (Bearer, or Basic with the key as password)' }));
  };
}
