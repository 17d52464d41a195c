import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '@wirewatch/config';
import { InjectConfig } from './config.module';

const PUBLIC = 'wirewatch:public';
/** Marks a route that needs no API key (health checks). Every other route needs one. */
export const Public = () => SetMetadata(PUBLIC, true);

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <key>` with a key from API_KEYS, compared in constant time. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: Buffer[];

  constructor(
    private readonly reflector: Reflector,
    @InjectConfig() cfg: AppConfig,
  ) {
    this.keys = cfg.apiKeys.map(digest);
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const header: unknown = ctx.switchToHttp().getRequest().headers?.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('missing Authorization: Bearer <API key>');
    const given = digest(match[1]);
    // Check every key, so the time taken does not tell which one nearly matched.
    const ok = this.keys.reduce((acc, k) => timingSafeEqual(k, given) || acc, false);
    if (!ok) throw new UnauthorizedException('invalid API key');
    return true;
  }
}
