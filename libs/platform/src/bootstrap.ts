import { type DynamicModule, type INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, type AppConfig } from '@wirewatch/config';
import { ServiceLogger } from './logging';
import { setupOpenApi } from './openapi';

/**
 * Creates, configures and starts one service. Request bodies are validated (400 naming the field; unknown
 * fields refused); the OpenAPI document is served at /docs; SIGTERM/SIGINT close the app, which lets BullMQ
 * workers finish their in-flight jobs.
 */
export async function startService(module: DynamicModule, cfg: AppConfig): Promise<INestApplication> {
  // rawBody: a WebSub push is authenticated by an HMAC of its exact bytes, whatever its content type.
  const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false, rawBody: true });
  app.useLogger(app.get(ServiceLogger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  // OpenAPI: Swagger UI at /docs, JSON at /docs/json (public); before listen, so Express serves them before its 404.
  setupOpenApi(app, cfg);
  await app.listen(cfg.port, cfg.host);
  new Logger(cfg.service).log(`listening on http://${cfg.host}:${cfg.port}`);
  return app;
}

/** The entry point of a service process: a bad configuration is printed plainly and exits with code 2. */
export async function runService(load: () => AppConfig, build: (cfg: AppConfig) => DynamicModule): Promise<void> {
  let cfg: AppConfig;
  try {
    cfg = load();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  try {
    await startService(build(cfg), cfg);
    // Nest closes the app on SIGTERM/SIGINT (workers finish their jobs); past the grace period, exit anyway.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        setTimeout(() => {
          new Logger(cfg.service).error(`still closing after ${cfg.shutdownTimeoutMs} ms: exiting`);
          process.exit(1);
        }, cfg.shutdownTimeoutMs).unref();
      });
    }
  } catch (e) {
    new Logger(cfg.service).error(`failed to start: ${(e as Error).message}`);
    process.exit(1);
  }
}
