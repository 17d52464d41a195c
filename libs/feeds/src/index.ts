export * from './parse';
export * from './fetch';
export * from './rss-writer';
