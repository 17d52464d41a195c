import type { OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { HttpClient, USER_AGENT } from '@wirewatch/http-client';
import { APP_CONFIG } from './config.module';

/**
 * The service's one outbound HTTP client (feeds, webhooks), with the SSRF guard set by ALLOW_PRIVATE_NETWORKS.
 * It closes at application shutdown, after the workers have finished their in-flight jobs (onModuleDestroy).
 */
export class OutboundHttp extends HttpClient implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

export const outboundHttpProvider = {
  provide: OutboundHttp,
  inject: [APP_CONFIG],
  useFactory: (cfg: AppConfig) => new OutboundHttp({ allowPrivateNetworks: cfg.allowPrivateNetworks, userAgent: USER_AGENT }),
};
