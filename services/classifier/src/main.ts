import 'reflect-metadata';
import { loadConfig } from '@wirewatch/config';
import { runService } from '@wirewatch/platform';
import { ClassifierModule } from './app.module';

void runService(() => loadConfig('classifier'), (cfg) => ClassifierModule.register(cfg));
