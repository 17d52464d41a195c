export * from './parse';
export * from './decode';
export * from './json-feed';
export * from './fetch';
export * from './rss-writer';
