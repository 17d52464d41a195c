import type { Logger } from '@nestjs/common';

/**
 * Runs `task` every `everyMs`, never two runs at once; `stop()` clears the timer and waits for a run in
 * progress, so a shutdown does not cut a database write in half.
 */
export function startPeriodic(task: () => Promise<unknown>, everyMs: number, log: Logger, what: string): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= task()
      .then(() => undefined)
      .catch((e) => log.error(`${what} failed: ${(e as Error).message}`))
      .finally(() => (running = undefined));
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
