/**
 * `npm run bench:classifier`: stories per second through the classifier's whole analysis on one core — taxonomy
 * topics, companies, sentiment, figures, event features and clustering, relevance and severity — and the same
 * with a trained topic model added. Stories of 1–3 KB are assembled from the development sets' texts (our own).
 *
 * Each configuration is timed twice over the same stories, each time with a fresh clusterer:
 *   1. the totals: `analyzeStory` + `EventClusterer.assign` + `assessStory` per story, as the classifier service
 *      runs them, timed as a whole (process CPU time, so other load on the machine does not count);
 *   2. the breakdown: the same stages called one by one (`classifyStory`, the trained models' `predictTopics`
 *      merged in, `eventFeatures` — exactly what `analyzeStory` does, checked on the first stories — then
 *      `assign` and `assessStory`), in µs per story. Stages are timed by the clock (`performance.now()`): the
 *      process CPU time (`process.cpuUsage()`) costs microseconds per read and includes V8's background
 *      threads in uneven steps, which would blur short stages; the pass's CPU time is printed beside them.
 *
 *   BENCH_STORIES (default 5000) stories; BENCH_SECONDS (default 3) of timed work per configuration and pass, after
 *   BENCH_WARMUP_SECONDS (default 3: V8 needs about that long to optimise the hot code) untimed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  type AnalyzerConfig,
  analyzeStory,
  assessStory,
  classifyStory,
  DEFAULT_ANALYZER,
  EventClusterer,
  eventFeatures,
  eventVelocity,
  mergeTopics,
  parseLabelledJsonl,
  predictTopics,
  trainTopicModel,
} from '@wirewatch/classification';

const STORIES = Number(process.env.BENCH_STORIES ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const DEV = join(__dirname, '../../../libs/classification/dev');
/**
 * Each configuration first runs untimed this long on a throwaway clusterer: the figures are for a running
 * service, not for V8 compiling the hot code (its compiler threads count in the process's CPU time).
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

interface BenchStory {
  id: string;
  title: string;
  content: string;
  source: string;
  at: number;
}

/** Deterministic pseudo-random numbers, so every run times the same stories. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function stories(): BenchStory[] {
  const texts = parseLabelledJsonl(readFileSync(join(DEV, 'topics/dev.jsonl'), 'utf8'));
  const random = prng(42);
  const start = Date.parse('2025-01-27T08:00:00Z');
  return Array.from({ length: STORIES }, (_, i) => {
    const lead = texts[i % texts.length];
    const parts = [lead.content ?? ''];
    const target = 1024 + Math.floor(random() * 2048);
    while (parts.join(' ').length < target) parts.push(texts[Math.floor(random() * texts.length)].content ?? '');
    return { id: String(i), title: lead.title, content: parts.join(' ').slice(0, target), source: `outlet-${i % 40}`, at: start + i * 20_000 };
  });
}

/** The n-th story of the endless stream: the stories again and again, three days later each lap. */
function nth(all: BenchStory[], n: number): { s: BenchStory; at: number } {
  const s = all[n % all.length];
  return { s, at: s.at + Math.floor(n / all.length) * 3 * 86_400_000 };
}

/** User + system CPU time of the process so far (all threads), in µs. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** The whole pipeline for one story, as the classifier service runs it. */
function pipeline(clusterer: EventClusterer, s: BenchStory, at: number, n: number, analyzer: AnalyzerConfig): void {
  const { classification, features } = analyzeStory(s, analyzer, at);
  const r = clusterer.assign(`${n}`, s.title, s.source, features);
  assessStory(classification, { sourceCount: r.event.sources.length, velocity: eventVelocity(r.event, at), novelty: r.novelty });
}

function warmUp(all: BenchStory[], analyzer: AnalyzerConfig): void {
  const clusterer = new EventClusterer();
  const started = performance.now();
  for (let n = 0; performance.now() - started < WARMUP_SECONDS * 1000; n++) pipeline(clusterer, nth(all, n).s, nth(all, n).at, n, analyzer);
}

/** Pass 1: stories per second of CPU time (and of wall time) through the whole pipeline. */
function totals(label: string, all: BenchStory[], analyzer: AnalyzerConfig): number {
  const clusterer = new EventClusterer();
  let done = 0;
  let timed = 0;
  let bytes = 0;
  const cpu = cpuMicros();
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    const { s, at } = nth(all, done);
    pipeline(clusterer, s, at, done, analyzer);
    done++;
    timed++;
    bytes += s.title.length + s.content.length;
  }
  const wall = (performance.now() - started) / 1000;
  const cpuSec = (cpuMicros() - cpu) / 1e6;
  console.log(
    `${label.padEnd(34)} ${String(Math.round(timed / cpuSec)).padStart(7)} stories/s per core (CPU time)  ` +
      `${String(Math.round(timed / wall)).padStart(7)} stories/s wall  ${(1e6 * cpuSec / timed).toFixed(0).padStart(5)} µs/story  ` +
      `avg ${(bytes / timed / 1024).toFixed(1)} KB`,
  );
  return timed;
}

const STAGES = ['classify', 'model topics', 'event features', 'clustering', 'assessment'] as const;

/**
 * The stages of `analyzeStory` one by one, so each can be timed: the rules' classification, the trained models'
 * topics merged in, and the event features. Kept identical to analyze.ts (see `checkStages`).
 */
function stagedAnalysis(s: BenchStory, analyzer: AnalyzerConfig, at: number, time: Float64Array) {
  let t = performance.now();
  const classification = classifyStory(s, analyzer.taxonomy);
  let now = performance.now();
  time[0] += now - t;
  t = now;
  if (analyzer.models.length) classification.topics = mergeTopics(classification.topics, analyzer.models.flatMap((m) => predictTopics(m, s)));
  now = performance.now();
  time[1] += now - t;
  t = now;
  const features = eventFeatures(s, classification, at);
  time[2] += performance.now() - t;
  return { classification, features };
}

/** The staged pass must time what `analyzeStory` does, not something cheaper: compare on the first stories. */
function checkStages(all: BenchStory[], analyzer: AnalyzerConfig): void {
  const scratch = new Float64Array(STAGES.length);
  for (let n = 0; n < Math.min(50, all.length); n++) {
    const { s, at } = nth(all, n);
    if (!isDeepStrictEqual(stagedAnalysis(s, analyzer, at, scratch), analyzeStory(s, analyzer, at))) {
      throw new Error(`the staged pass differs from analyzeStory on story ${s.id}: update stagedAnalysis`);
    }
  }
}

/** Pass 2: µs per story in each stage, by the clock, and the pass's CPU time per story. */
function breakdown(all: BenchStory[], analyzer: AnalyzerConfig, stories: number): void {
  checkStages(all, analyzer);
  const clusterer = new EventClusterer();
  const time = new Float64Array(STAGES.length);
  const story = (n: number, into: Float64Array) => {
    const { s, at } = nth(all, n);
    const { classification, features } = stagedAnalysis(s, analyzer, at, into);
    let t = performance.now();
    const r = clusterer.assign(`${n}`, s.title, s.source, features);
    let now = performance.now();
    into[3] += now - t;
    t = now;
    assessStory(classification, { sourceCount: r.event.sources.length, velocity: eventVelocity(r.event, at), novelty: r.novelty });
    into[4] += performance.now() - t;
  };
  const cpu = cpuMicros();
  for (let n = 0; n < stories; n++) story(n, time);
  const cpuPerStory = (cpuMicros() - cpu) / stories;
  // performance.now() is in ms
  const parts = STAGES.map((name, k) => `${name} ${((1000 * time[k]) / stories).toFixed(0)}`);
  const sum = (1000 * time.reduce((a, b) => a + b, 0)) / stories;
  console.log(`${''.padEnd(34)} µs/story by stage (clock): ${parts.join(', ')}; sum ${sum.toFixed(0)}, CPU ${cpuPerStory.toFixed(0)}`);
}

function run(label: string, all: BenchStory[], analyzer: AnalyzerConfig): void {
  warmUp(all, analyzer);
  const timed = totals(label, all, analyzer);
  // the same stories as pass 1, so both passes see event clusters of the same sizes
  breakdown(all, analyzer, timed);
}

function main(): void {
  const all = stories();
  console.log(
    `classifier bench: ${all.length} stories of 1–3 KB, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s timed per configuration and pass, node ${process.version}`,
  );
  run('rules + events + scoring', all, DEFAULT_ANALYZER);
  const model = trainTopicModel(parseLabelledJsonl(readFileSync(join(DEV, 'topics/dev.jsonl'), 'utf8')));
  run('… plus a trained 10-topic model', all, { ...DEFAULT_ANALYZER, models: [model] });
}

main();
