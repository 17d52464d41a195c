import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { classifyStory, DEFAULT_TAXONOMY } from '@wirewatch/classification';
import type { AppConfig } from '@wirewatch/config';
import { QueueName, type StoriesClassifyJob } from '@wirewatch/contracts';
import { type NewTag, type StoryAnalysis, StoryStore } from '@wirewatch/persistence';
import { Metrics } from '@wirewatch/observability';
import { InjectConfig, WireWorker } from '@wirewatch/platform';
import { createBatcher, enqueueBulk } from '@wirewatch/queueing';

export interface ClassifyOutcome {
  topics: string[];
  entities: string[];
}

/**
 * stories.classify: tags stories. The jobs running concurrently are gathered into one batch: one read of the
 * stories, one bulk insert of their tags, one update, one addBulk of their stories.alert jobs.
 */
@Processor(QueueName.StoriesClassify)
export class StoriesClassifyProcessor extends WireWorker {
  private readonly labels = new Map(DEFAULT_TAXONOMY.topics.map((t) => [t.id, t.label]));
  private readonly batcher = createBatcher<StoriesClassifyJob, ClassifyOutcome | null>((jobs) => this.classifyBatch(jobs), {
    maxBatchSize: 200,
    waitMs: 5,
  });

  constructor(
    private readonly stories: StoryStore,
    @InjectQueue(QueueName.StoriesAlert) private readonly alertQueue: Queue,
    protected readonly metrics: Metrics,
    @InjectConfig() protected readonly cfg: AppConfig,
  ) {
    super();
  }

  /** null when the story no longer exists (its feed was deleted): nothing to do. */
  process(job: Job<StoriesClassifyJob>): Promise<ClassifyOutcome | null> {
    return this.batcher.load(job.data);
  }

  async classifyBatch(jobs: readonly StoriesClassifyJob[]): Promise<(ClassifyOutcome | null)[]> {
    const stories = new Map((await this.stories.findByIds(jobs.map((j) => j.storyId))).map((s) => [s.id, s]));
    const tags: NewTag[] = [];
    const analyses: StoryAnalysis[] = [];
    const outcomes = jobs.map((job) => {
      const story = stories.get(job.storyId);
      if (!story) return null;
      const c = classifyStory(story);
      for (const t of c.topics) {
        tags.push({ storyId: story.id, kind: 'topic', key: t.topic, label: this.labels.get(t.topic) ?? t.topic, score: t.score, evidence: t.evidence });
      }
      for (const e of c.entities) {
        tags.push({ storyId: story.id, kind: 'entity', key: e.ticker ?? e.name, label: e.name, score: 1, evidence: e.evidence, sentiment: e.sentiment.score });
      }
      analyses.push({ storyId: story.id, sentiment: c.sentiment.score, sentimentLabel: c.sentiment.label, figures: c.figures });
      return { topics: c.topics.map((t) => t.topic), entities: c.entities.map((e) => e.ticker ?? e.name) };
    });
    const done = jobs.filter((j) => stories.has(j.storyId));
    await this.stories.insertTags(tags);
    await this.stories.markClassified(analyses);
    this.metrics.classified.inc(done.length);
    await enqueueBulk(this.alertQueue, QueueName.StoriesAlert, done.map((j) => ({ storyId: j.storyId, correlationId: j.correlationId })));
    return outcomes;
  }
}
