import 'reflect-metadata';
import { loadConfig } from '@wirewatch/config';
import { runService } from '@wirewatch/platform';
import { FetcherModule } from './app.module';

void runService(() => loadConfig('fetcher'), (cfg) => FetcherModule.register(cfg));
