export { assessStory, type Assessment, type Contribution, type EventSignals } from './assess';
export * from './weights';
