export * from './match';
export * from './payload';
export * from './signing';
