import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

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

/**
 * A service task that runs every `intervalMs` from application start until shutdown (schedulers,
 * reconcilers). Subclasses say what one run does and how often.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly log = new Logger(this.constructor.name);
  private periodic?: { stop(): Promise<void> };

  protected abstract readonly intervalMs: number;
  /** One pass; returns how many items it handled. */
  abstract run(): Promise<number>;

  onApplicationBootstrap(): void {
    this.periodic = startPeriodic(() => this.run(), this.intervalMs, this.log, this.constructor.name);
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic?.stop();
  }
}
