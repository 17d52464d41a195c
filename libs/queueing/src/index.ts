export * from './queueing.module';
export * from './enqueue';
export * from './batcher';
export * from './worker-health';
export * from './requeue';
