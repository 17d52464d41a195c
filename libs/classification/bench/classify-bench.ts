/**
 * Throughput of classifyStory on varied 1-3 KB stories, plus the sentiment and figure stages on their own.
 * Run from the repo root:
 *   npx swc $(ls libs/classification/src/*.ts | grep -v spec) libs/classification/bench -d /tmp/classification-bench --config-file .swcrc
 *   node /tmp/classification-bench/libs/classification/bench/classify-bench.js
 * Prints stories per CPU second of this process (one core), so other processes sharing the machine inflate
 * it less than wall time would; the figure to watch is "classifyStory".
 */
import { classifyStory, type StoryText } from '../src/classify';
import { extractFigures } from '../src/figures';
import { scoreSentiment } from '../src/sentiment';
import { BENCH_STORIES } from './bench-stories';

const ROUNDS = 7;
const ROUND_MS = 400;

function fullText(s: StoryText): string {
  return [s.title, s.summary, s.content].filter(Boolean).join('\n');
}

/** CPU time of this process in µs: other processes sharing the cores do not inflate it the way wall time would. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Runs `fn` over the stories round-robin for one round of ROUND_MS of CPU time; returns stories per CPU second. */
function round(fn: (s: StoryText) => unknown, stories: StoryText[]): number {
  let n = 0;
  const start = cpuMicros();
  let used = 0;
  while (used < ROUND_MS * 1000) {
    for (const s of stories) fn(s);
    n += stories.length;
    used = cpuMicros() - start;
  }
  return n / (used / 1e6);
}

/** Median and best of ROUNDS rounds after a warm-up: the median is the figure to quote, the best shows the noise. */
function measure(fn: (s: StoryText) => unknown, stories: StoryText[]): { median: number; best: number } {
  for (let i = 0; i < 2000; i++) fn(stories[i % stories.length]);
  const rates = Array.from({ length: ROUNDS }, () => round(fn, stories)).sort((a, b) => a - b);
  return { median: rates[Math.floor(ROUNDS / 2)], best: rates[ROUNDS - 1] };
}

function main(): void {
  const sizes = BENCH_STORIES.map((s) => Buffer.byteLength(fullText(s)));
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  console.log(`${BENCH_STORIES.length} stories, ${Math.min(...sizes)}-${Math.max(...sizes)} bytes (mean ${Math.round(mean)})`);
  const stages: [string, (s: StoryText) => unknown][] = [
    ['classifyStory', (s) => classifyStory(s)],
    ['scoreSentiment', (s) => scoreSentiment(fullText(s))],
    ['extractFigures', (s) => extractFigures(fullText(s))],
  ];
  for (const [name, fn] of stages) {
    const { median, best } = measure(fn, BENCH_STORIES);
    const cells = [`${Math.round(median)}`.padStart(7), `${(1e6 / median).toFixed(1)}`.padStart(7), `${Math.round(best)}`.padStart(7)];
    console.log(`${name.padEnd(15)} ${cells[0]} stories/s  ${cells[1]} µs/story  (best round ${cells[2]} stories/s)`);
  }
}

main();
