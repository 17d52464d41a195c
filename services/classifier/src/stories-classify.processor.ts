import { Inject } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import {
  type AnalyzerConfig,
  analyzeStory,
  assessStory,
  candidateKeys,
  DEFAULT_EVENT_OPTIONS,
  EventClusterer,
  type EventOptions,
  eventKeys,
  type EventState,
  eventVelocity,
  type StoryAnalysis as TextAnalysis,
} from '@wirewatch/classification';
import type { AppConfig } from '@wirewatch/config';
import { QueueName, type StoriesClassifyJob } from '@wirewatch/contracts';
import { type EventRecord, EventStore, type NewTag, type StoryAnalysis, StoryStore, type StoryWithSource } from '@wirewatch/persistence';
import { Metrics } from '@wirewatch/observability';
import { InjectConfig, WireWorker } from '@wirewatch/platform';
import { createBatcher, enqueueBulk } from '@wirewatch/queueing';
import { ANALYZER } from './analyzer.provider';

export interface ClassifyOutcome {
  topics: string[];
  entities: string[];
  eventId: number;
  duplicateOf: number | null;
  novelty: number;
  relevance: number;
  severity: number;
}

/** What the event step needs to know of a story between the lock-free analysis and the locked assignment. */
interface Analysed extends TextAnalysis {
  story: StoryWithSource;
  at: number;
}

const NEW_EVENT = 'new-';

/**
 * stories.classify: tags stories, assigns them to events and scores them. The jobs running concurrently are
 * gathered into one batch. Text analysis runs outside any lock; event assignment and every write of the batch
 * then commit in one transaction holding the event-assignment lock, so replicas never split one event and a
 * crash leaves a story either wholly classified or not at all (a retried story already classified is only
 * handed on to the alerter again).
 */
@Processor(QueueName.StoriesClassify)
export class StoriesClassifyProcessor extends WireWorker {
  private readonly labels: Map<string, string>;
  private readonly eventOptions: Partial<EventOptions>;
  private readonly batcher = createBatcher<StoriesClassifyJob, ClassifyOutcome | null>((jobs) => this.classifyBatch(jobs), {
    maxBatchSize: 200,
    waitMs: 5,
  });

  constructor(
    private readonly stories: StoryStore,
    private readonly events: EventStore,
    @Inject(ANALYZER) private readonly analyzer: AnalyzerConfig,
    @InjectQueue(QueueName.StoriesAlert) private readonly alertQueue: Queue,
    protected readonly metrics: Metrics,
    @InjectConfig() protected readonly cfg: AppConfig,
  ) {
    super();
    this.labels = new Map(analyzer.taxonomy.topics.map((t) => [t.id, t.label]));
    this.eventOptions = { windowMs: cfg.eventWindowHours * 3_600_000 };
  }

  /** null when the story no longer exists (its feed was deleted): nothing to do. */
  process(job: Job<StoriesClassifyJob>): Promise<ClassifyOutcome | null> {
    return this.batcher.load(job.data);
  }

  async classifyBatch(jobs: readonly StoriesClassifyJob[]): Promise<(ClassifyOutcome | null)[]> {
    const started = performance.now();
    const found = await this.stories.findWithSource(jobs.map((j) => j.storyId));
    const analysed: Analysed[] = found.map((story) => {
      const at = (story.publishedAt ?? story.fetchedAt).getTime();
      return { story, at, ...analyzeStory(story, this.analyzer, at) };
    });
    const outcomes = await this.events.assigning((events, manager) => this.assignAndStore(analysed, events, new StoryStore(manager)));
    const done = jobs.filter((j) => outcomes.has(j.storyId));
    this.metrics.classified.inc(outcomes.size);
    this.metrics.classifyDuration.observe((performance.now() - started) / 1000);
    await enqueueBulk(this.alertQueue, QueueName.StoriesAlert, done.map((j) => ({ storyId: j.storyId, correlationId: j.correlationId })));
    return jobs.map((j) => outcomes.get(j.storyId) ?? null);
  }

  /** Under the assignment lock: events for the batch's stories in time order, then every write of the batch. */
  private async assignAndStore(analysed: Analysed[], events: EventStore, stories: StoryStore): Promise<Map<number, ClassifyOutcome>> {
    const outcomes = new Map<number, ClassifyOutcome>();
    const already = await events.assigned(analysed.map((a) => a.story.id));
    for (const a of analysed) {
      const eventId = already.get(a.story.id);
      if (eventId !== undefined) outcomes.set(a.story.id, this.outcome(a, eventId, a.story.duplicateOf, a.story.novelty ?? 100, a.story.relevance ?? 0, a.story.severity ?? 0));
    }
    const todo = analysed.filter((a) => !already.has(a.story.id)).sort((x, y) => x.at - y.at || x.story.id - y.story.id);
    if (!todo.length) return outcomes;

    const windowMs = this.eventOptions.windowMs ?? DEFAULT_EVENT_OPTIONS.windowMs;
    const keys = [...new Set(todo.flatMap((a) => candidateKeys(a.features)))];
    const since = new Date(Math.min(...todo.map((a) => a.at)) - windowMs);
    const seed = (await events.findCandidates(keys, since)).map(toState);
    const clusterer = new EventClusterer(this.eventOptions, seed, (n) => `${NEW_EVENT}${n}`);
    const assigned = todo.map((a) => {
      const r = clusterer.assign(String(a.story.id), a.story.title, a.story.source, a.features);
      const assessment = assessStory(a.classification, {
        sourceCount: r.event.sources.length,
        velocity: eventVelocity(r.event, a.at, this.eventOptions),
        novelty: r.novelty,
      });
      return { a, r, assessment };
    });

    const touched = clusterer.touched();
    const created = touched.filter((e) => e.id.startsWith(NEW_EVENT));
    const createdIds = await events.insert(created.map(toRecord));
    const realId = new Map(created.map((e, i) => [e.id, createdIds[i]]));
    await events.update(touched.filter((e) => !e.id.startsWith(NEW_EVENT)).map((e) => ({ ...toRecord(e), id: Number(e.id) })));

    const tags: NewTag[] = [];
    const rows: StoryAnalysis[] = [];
    for (const { a, r, assessment } of assigned) {
      const c = a.classification;
      const eventId = realId.get(r.eventId) ?? Number(r.eventId);
      const duplicateOf = r.duplicateOf === null ? null : Number(r.duplicateOf);
      for (const t of c.topics) {
        tags.push({ storyId: a.story.id, kind: 'topic', key: t.topic, label: this.labels.get(t.topic) ?? t.topic, score: t.score, evidence: t.evidence });
      }
      for (const e of c.entities) {
        tags.push({
          storyId: a.story.id,
          kind: 'entity',
          key: e.ticker ?? e.name,
          label: e.name,
          score: e.relevance / 100,
          evidence: e.evidence,
          sentiment: e.sentiment.score,
          relevance: e.relevance,
          isPrimary: e.primary,
        });
      }
      rows.push({
        storyId: a.story.id,
        sentiment: c.sentiment.score,
        sentimentLabel: c.sentiment.label,
        figures: c.figures,
        eventId,
        duplicateOf,
        simhash: a.features.simhash,
        novelty: r.novelty,
        relevance: assessment.relevance,
        severity: assessment.severity,
        explanation: assessment.explanation,
      });
      outcomes.set(a.story.id, this.outcome(a, eventId, duplicateOf, r.novelty, assessment.relevance, assessment.severity));
    }
    await stories.insertTags(tags);
    await stories.markClassified(rows);
    return outcomes;
  }

  private outcome(a: Analysed, eventId: number, duplicateOf: number | null, novelty: number, relevance: number, severity: number): ClassifyOutcome {
    const c = a.classification;
    return { topics: c.topics.map((t) => t.topic), entities: c.entities.map((e) => e.ticker ?? e.name), eventId, duplicateOf, novelty, relevance, severity };
  }
}

/** The clusterer's view of a stored event: the row's columns plus the opaque state (terms, recent members). */
function toState(row: EventRecord & { id: number }): EventState {
  const state = row.state as Pick<EventState, 'terms' | 'members'>;
  return {
    id: String(row.id),
    title: row.title,
    firstSeenAt: new Date(row.firstSeenAt).getTime(),
    lastSeenAt: new Date(row.lastSeenAt).getTime(),
    storyCount: row.storyCount,
    sources: row.sources,
    entities: row.entities,
    terms: state.terms ?? {},
    members: state.members ?? [],
  };
}

function toRecord(e: EventState): EventRecord {
  return {
    title: e.title,
    firstSeenAt: new Date(e.firstSeenAt),
    lastSeenAt: new Date(e.lastSeenAt),
    storyCount: e.storyCount,
    sources: e.sources,
    entities: e.entities,
    keys: eventKeys(e),
    state: { terms: e.terms, members: e.members },
  };
}
