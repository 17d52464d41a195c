import 'reflect-metadata';
import { loadConfig } from '@wirewatch/config';
import { runService } from '@wirewatch/platform';
import { AlerterModule } from './app.module';

void runService(() => loadConfig('alerter'), (cfg) => AlerterModule.register(cfg));
