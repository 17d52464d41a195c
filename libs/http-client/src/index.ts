export * from './address-guard';
export * from './http-client';
