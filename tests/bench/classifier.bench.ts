/**
 * `npm run bench:classifier`: stories per second through the classifier's whole analysis on one core — taxonomy
 * topics, companies, sentiment, figures, event features and clustering, relevance and severity — and the same
 * with a trained topic model added. Stories of 1–3 KB are assembled from the development sets' texts (our own).
 *
 *   BENCH_STORIES (default 5000) stories; BENCH_SECONDS (default 3) of timed work per configuration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AnalyzerConfig,
  analyzeStory,
  assessStory,
  DEFAULT_ANALYZER,
  EventClusterer,
  eventVelocity,
  parseLabelledJsonl,
  trainTopicModel,
} from '@wirewatch/classification';

const STORIES = Number(process.env.BENCH_STORIES ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const DEV = join(__dirname, '../../../libs/classification/dev');

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

function run(label: string, all: BenchStory[], analyzer: AnalyzerConfig): void {
  const clusterer = new EventClusterer();
  let done = 0;
  let bytes = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    const s = all[done % all.length];
    const at = s.at + Math.floor(done / all.length) * 3 * 86_400_000;
    const { classification, features } = analyzeStory(s, analyzer, at);
    const r = clusterer.assign(`${done}`, s.title, s.source, features);
    assessStory(classification, { sourceCount: r.event.sources.length, velocity: eventVelocity(r.event, at), novelty: r.novelty });
    done++;
    bytes += s.title.length + s.content.length;
  }
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSec = (used.user + used.system) / 1e6;
  console.log(
    `${label.padEnd(34)} ${String(Math.round(done / cpuSec)).padStart(7)} stories/s per core (CPU time)  ` +
      `${String(Math.round(done / wall)).padStart(7)} stories/s wall  ${(1e6 * cpuSec / done).toFixed(0).padStart(5)} µs/story  ` +
      `avg ${(bytes / done / 1024).toFixed(1)} KB`,
  );
}

function main(): void {
  const all = stories();
  console.log(`classifier bench: ${all.length} stories of 1–3 KB, ${SECONDS} s per configuration, node ${process.version}`);
  run('rules + events + scoring', all, DEFAULT_ANALYZER);
  const model = trainTopicModel(parseLabelledJsonl(readFileSync(join(DEV, 'topics/dev.jsonl'), 'utf8')));
  run('… plus a trained 10-topic model', all, { ...DEFAULT_ANALYZER, models: [model] });
}

main();
