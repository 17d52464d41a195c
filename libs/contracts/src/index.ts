export * from './queues';
export * from './job-ids';
export * from './correlation';
