import { type DynamicModule, type INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, type AppConfig, nestLogLevels } from '@wirewatch/config';

/**
 * Creates, configures and starts one service. Request bodies are validated (400 naming the field; unknown
 * fields refused); SIGTERM/SIGINT close the app, which lets BullMQ workers finish their in-flight jobs.
 */
export async function startService(module: DynamicModule, cfg: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(module, { logger: nestLogLevels(cfg.logLevel), abortOnError: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
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
  } catch (e) {
    new Logger(cfg.service).error(`failed to start: ${(e as Error).message}`);
    process.exit(1);
  }
}
