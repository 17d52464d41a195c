export * from './address-guard';
export { ACCEPT_ENCODING } from './body';
export * from './http-error';
export * from './http-headers';
export * from './http-client';
