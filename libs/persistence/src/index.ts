export * from './entities';
export * from './data-source';
export { MIGRATIONS } from './migrations';
export * from './stores/feed.store';
export * from './stores/story.store';
export * from './stores/subscription.store';
export * from './stores/delivery.store';
export * from './stores/event.store';
export * from './stores/alert.store';
