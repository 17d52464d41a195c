export * from './test-infra';
export * from './http';
