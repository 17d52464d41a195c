import type { Provider, Type } from '@nestjs/common';
import { AlertStream } from './alert-stream';
import { DeskController } from './desk.controller';
import { AlertStreamFanout } from './stream-fanout';
import { StreamKeyGuard } from './stream-key.guard';
import { StreamSettings } from './stream-settings';
import { StreamController } from './stream.controller';

export { AlertStream, STREAM_RETAINED, type StreamRecord } from './alert-stream';
export { AlertStreamFanout } from './stream-fanout';
export { StreamSettings } from './stream-settings';

/** The live stream (GET /stream) and the desk page (GET /desk), for the alerter module. */
export const STREAM_CONTROLLERS: Type[] = [StreamController, DeskController];
export const STREAM_PROVIDERS: Provider[] = [AlertStream, AlertStreamFanout, StreamSettings, StreamKeyGuard];
