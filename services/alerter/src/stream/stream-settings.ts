import { Injectable } from '@nestjs/common';

/**
 * Timing of the live stream. Read on each new connection, so a test can shorten them on a running app
 * (`app.get(StreamSettings).heartbeatMs = 200`).
 */
@Injectable()
export class StreamSettings {
  /** A comment (`: ping`) this often keeps proxies from closing a quiet stream and lets clients notice a dead one. */
  heartbeatMs = 15_000;
  /** The reconnection delay suggested to EventSource clients (`retry:`). */
  retryMs = 3_000;
}
