import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventsController } from './events.controller';
import { QueriesStore } from './queries.store';
import { StoriesController } from './stories.controller';

/** GET /stories, /events, /events/:id on the alerter. */
export const QUERY_CONTROLLERS = [StoriesController, EventsController];

export const QUERY_PROVIDERS: Provider[] = [{ provide: QueriesStore, inject: [DataSource], useFactory: (ds: DataSource) => new QueriesStore(ds) }];
