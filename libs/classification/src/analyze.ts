import { type Classification, classifyStory, type StoryText, type TopicTag } from './classify';
import { type EventFeatures, eventFeatures } from './events';
import { predictTopics, type TopicModel } from './model';
import { DEFAULT_TAXONOMY, type Taxonomy } from './taxonomy';

/** What the classifier runs with: a taxonomy (the default or a user's file) and any trained topic models. */
export interface AnalyzerConfig {
  taxonomy: Taxonomy;
  models: readonly TopicModel[];
}

export const DEFAULT_ANALYZER: AnalyzerConfig = { taxonomy: DEFAULT_TAXONOMY, models: [] };

/** A story's classification (taxonomy and model topics together) and its event features. */
export interface StoryAnalysis {
  classification: Classification;
  features: EventFeatures;
}

/**
 * The per-story part of the pipeline, pure: taxonomy rules, trained models and event features. Events and the
 * relevance/severity assessment follow once the story's event is known (they depend on the other stories).
 * `at` is the story's time in ms (published, else fetched).
 */
export function analyzeStory(story: StoryText, cfg: AnalyzerConfig, at: number): StoryAnalysis {
  const classification = classifyStory(story, cfg.taxonomy);
  if (cfg.models.length) classification.topics = mergeTopics(classification.topics, cfg.models.flatMap((m) => predictTopics(m, story)));
  return { classification, features: eventFeatures(story, classification, at) };
}

/**
 * Topics from the rules and from models side by side; a topic both name keeps the higher score and the
 * evidence of both (rules first), at most five spans.
 */
export function mergeTopics(rules: readonly TopicTag[], predicted: readonly { id: string; score: number; evidence: string[] }[]): TopicTag[] {
  const byId = new Map(rules.map((t) => [t.topic, { ...t, evidence: [...t.evidence] }]));
  for (const p of predicted) {
    const existing = byId.get(p.id);
    if (!existing) byId.set(p.id, { topic: p.id, score: p.score, evidence: p.evidence.slice(0, 5) });
    else {
      existing.score = Math.max(existing.score, p.score);
      for (const e of p.evidence) if (existing.evidence.length < 5 && !existing.evidence.includes(e)) existing.evidence.push(e);
    }
  }
  return [...byId.values()].sort((a, b) => b.score - a.score || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}
