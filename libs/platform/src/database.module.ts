import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '@wirewatch/config';
import { AlertStore, dataSourceOptions, DeliveryStore, EventStore, FeedStore, runMigrations, StoryStore, SubscriptionStore } from '@wirewatch/persistence';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from './config.module';

const STORES = [FeedStore, StoryStore, EventStore, SubscriptionStore, AlertStore, DeliveryStore];

/**
 * The Postgres connection of a service and the stores (query functions) over it. Pending migrations run
 * before anything else uses the database (under an advisory lock) unless MIGRATIONS_RUN=false.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: AppConfig) => dataSourceOptions(cfg.databaseUrl),
      dataSourceFactory: async (options) => {
        const ds = await new DataSource(options!).initialize();
        return ds;
      },
    }),
  ],
  providers: [
    ...STORES.map((Store) => ({ provide: Store, inject: [DataSource], useFactory: (ds: DataSource) => new Store(ds) })),
    {
      provide: 'MIGRATIONS_APPLIED',
      inject: [DataSource, APP_CONFIG],
      useFactory: async (ds: DataSource, cfg: AppConfig) => {
        if (!cfg.migrationsRun) return [];
        const applied = await runMigrations(ds);
        if (applied.length) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
        return applied;
      },
    },
  ],
  exports: [...STORES, 'MIGRATIONS_APPLIED'],
})
export class DatabaseModule {}
