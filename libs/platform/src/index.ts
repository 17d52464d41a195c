export * from './config.module';
export * from './database.module';
export * from './auth';
export * from './health.controller';
export * from './bootstrap';
export * from './service.module';
export * from './worker';
export * from './periodic';
