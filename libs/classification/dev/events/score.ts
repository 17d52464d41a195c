/**
 * Development-set helpers for event clustering: load dev.jsonl, cluster it in time order with the real
 * classifier and features, and score the result by pairwise precision/recall/F1 (a pair of stories is
 * "together" when they share an event). Used by src/events/dev-set.spec.ts and tune.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyStory } from '../../src/classify';
import {
  EventClusterer,
  candidateKeys,
  decideEvent,
  eventFeatures,
  eventKeys,
  joinEvent,
  startEvent,
  type EventOptions,
  type EventState,
} from '../../src/events';

export interface DevStory {
  id: string;
  source: string;
  published: string;
  title: string;
  summary: string;
  event: string;
}

export interface PairScores {
  precision: number;
  recall: number;
  f1: number;
  predictedEvents: number;
  goldEvents: number;
}

export function loadDevSet(file = join(__dirname, 'dev.jsonl')): DevStory[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DevStory);
}

/** Assigns every story an event id, processing stories in order of publication as a live feed would. */
export function clusterStories(stories: readonly DevStory[], opts: Partial<EventOptions> = {}): Map<string, string> {
  const clusterer = new EventClusterer(opts);
  const assigned = new Map<string, string>();
  for (const s of inTimeOrder(stories)) {
    const f = eventFeatures(s, classifyStory(s), Date.parse(s.published));
    assigned.set(s.id, clusterer.assign(s.id, s.title, s.source, f).eventId);
  }
  return assigned;
}

/**
 * The same, done the way a service with an event table would: candidates are only the events whose keys
 * overlap the story's candidate keys, and the pure functions are applied by hand.
 */
export function clusterStoriesWithIndex(stories: readonly DevStory[], opts: Partial<EventOptions> = {}): Map<string, string> {
  const events = new Map<string, EventState>();
  const assigned = new Map<string, string>();
  for (const s of inTimeOrder(stories)) {
    const f = eventFeatures(s, classifyStory(s), Date.parse(s.published));
    const keys = new Set(candidateKeys(f));
    const candidates = [...events.values()].filter((e) => eventKeys(e).some((k) => keys.has(k)));
    const { eventId } = decideEvent(f, candidates, opts);
    const joined = eventId ? events.get(eventId) : undefined;
    const event = joined ? joinEvent(joined, s.id, s.source, f, opts) : startEvent(`e${events.size + 1}`, s.id, s.title, s.source, f, opts);
    events.set(event.id, event);
    assigned.set(s.id, event.id);
  }
  return assigned;
}

function inTimeOrder(stories: readonly DevStory[]): DevStory[] {
  return [...stories].sort((a, b) => Date.parse(a.published) - Date.parse(b.published) || (a.id < b.id ? -1 : 1));
}

export function pairwiseScores(stories: readonly DevStory[], predicted: Map<string, string>): PairScores {
  let truePairs = 0;
  let predictedPairs = 0;
  let goldPairs = 0;
  for (let i = 0; i < stories.length; i++) {
    for (let j = i + 1; j < stories.length; j++) {
      const gold = stories[i].event === stories[j].event;
      const same = predicted.get(stories[i].id) === predicted.get(stories[j].id);
      if (gold) goldPairs++;
      if (same) predictedPairs++;
      if (gold && same) truePairs++;
    }
  }
  const precision = predictedPairs ? truePairs / predictedPairs : 1;
  const recall = goldPairs ? truePairs / goldPairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision: round2(precision),
    recall: round2(recall),
    f1: round2(f1),
    predictedEvents: new Set(predicted.values()).size,
    goldEvents: new Set(stories.map((s) => s.event)).size,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
