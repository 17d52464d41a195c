export * from './match';
export * from './payload';
