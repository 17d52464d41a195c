/**
 * Cost of the event/scoring step per story: eventFeatures + decideEvent against 20 candidate events +
 * assessStory, for a ~2 KB story (classification done beforehand, measured separately for comparison).
 * Run from the repository root:
 *   npx swc libs/classification/src libs/classification/dev/events -d /tmp/ww-events && node /tmp/ww-events/libs/classification/dev/events/bench.js
 */
import { classifyStory } from '../../src/classify';
import { decideEvent, eventFeatures, joinEvent, startEvent, type EventState } from '../../src/events';
import { assessStory } from '../../src/scoring';
import { loadDevSet } from './score';

const stories = loadDevSet(process.argv[2] ?? 'libs/classification/dev/events/dev.jsonl');
const filler = stories.map((s) => s.summary).join(' ');
const inputs = stories.map((s, i) => ({ ...s, content: filler.slice(i * 7, i * 7 + 2000) }));
const classified = inputs.map((s) => classifyStory(s));
const at = (s: { published: string }) => Date.parse(s.published);

// 20 candidate events of 3 members each, all inside the window of the measured stories
const candidates: EventState[] = [];
for (let i = 0; i < 20; i++) {
  const members = [0, 1, 2].map((k) => inputs[(i * 3 + k) % inputs.length]);
  const fs = members.map((s, k) => ({ ...eventFeatures(s, classified[(i * 3 + k) % inputs.length], at(s)), at: at(inputs[0]) }));
  let e = startEvent(`c${i}`, `m${i}-0`, members[0].title, members[0].source, fs[0]);
  for (let k = 1; k < 3; k++) e = joinEvent(e, `m${i}-${k}`, members[k].source, fs[k]);
  candidates.push(e);
}

function step(i: number): number {
  const s = inputs[i % inputs.length];
  const c = classified[i % inputs.length];
  const f = eventFeatures(s, c, at(inputs[0]));
  const d = decideEvent(f, candidates);
  return assessStory(c, { sourceCount: 3, velocity: 1.5, novelty: 75 }).severity + d.similarity;
}

/** CPU time (not wall time: the machine is shared), best of five rounds after a warm-up. */
function timeIt(label: string, n: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < 2000; i++) fn(i);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) fn(i);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / n);
  }
  console.log(`${label}: ${best.toFixed(1)} us/story (${Math.round(1e6 / best)} stories/s per core)`);
}

console.log(`story size ~${Math.round(inputs.reduce((n, s) => n + s.title.length + s.summary.length + s.content.length, 0) / inputs.length)} chars`);
timeIt('eventFeatures + decideEvent(20) + assessStory', 5000, step);
timeIt('  eventFeatures only', 5000, (i) => eventFeatures(inputs[i % inputs.length], classified[i % inputs.length], 0));
const prepared = inputs.map((s, i) => eventFeatures(s, classified[i], at(inputs[0])));
timeIt('  decideEvent(20) only', 5000, (i) => decideEvent(prepared[i % prepared.length], candidates));
timeIt('  assessStory only', 5000, (i) => assessStory(classified[i % inputs.length], { sourceCount: 3, velocity: 1.5, novelty: 75 }));
timeIt('classifyStory (for comparison)', 1000, (i) => classifyStory(inputs[i % inputs.length]));
