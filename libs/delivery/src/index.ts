export * from './alert-rules';
export * from './match';
export * from './payload';
export * from './query';
export * from './retry';
export * from './signing';
export * from './subscription-index';
