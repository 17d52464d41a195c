import type { Worker } from 'bullmq';

const PING_TIMEOUT_MS = 2000;

/** What /health reports for one worker: it is running and its Redis connection answers within 2 s. */
export async function workerStatus(worker: Worker): Promise<{ running: boolean; redis: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  let redis = false;
  try {
    const client = await worker.backend.client;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
    });
    redis = (await Promise.race([client.runCommand('ping', []), timeout])) === 'PONG';
  } catch {
    redis = false;
  } finally {
    clearTimeout(timer);
  }
  return { running: worker.isRunning(), redis };
}
