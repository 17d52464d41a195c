import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@wirewatch/config';
import { ALL_QUEUES } from '@wirewatch/contracts';
import { apiKeyMiddleware } from '@wirewatch/platform';

export const BOARD_ROUTE = '/admin/queues';

/** bull-board at /admin/queues with every WireWatch queue, behind the API key (it has no auth of its own). */
export function queueBoard(cfg: AppConfig): DynamicModule[] {
  return [
    BullBoardModule.forRoot({
      route: BOARD_ROUTE,
      adapter: ExpressAdapter,
      middleware: apiKeyMiddleware(cfg.apiKeys),
      boardOptions: { uiConfig: { boardTitle: 'WireWatch queues' } },
    }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: BullMQAdapter }))),
  ];
}
