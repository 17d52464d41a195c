/**
 * Threshold sweep on dev.jsonl. Run from the repository root:
 *   npx swc libs/classification/src libs/classification/dev/events -d /tmp/ww-events && node /tmp/ww-events/libs/classification/dev/events/tune.js
 */
import { clusterStories, loadDevSet, pairwiseScores } from './score';

// compiled copies live outside the repository, so the data file is passed or found from the repository root
const stories = loadDevSet(process.argv[2] ?? 'libs/classification/dev/events/dev.jsonl');
const rows: string[] = [];
for (let joinThreshold = 0.2; joinThreshold <= 0.42; joinThreshold += 0.02) {
  for (const disjointPenalty of [0, 0.3, 0.5]) {
    const s = pairwiseScores(stories, clusterStories(stories, { joinThreshold, disjointPenalty }));
    rows.push(`join=${joinThreshold.toFixed(2)}\tdisjoint=${disjointPenalty}\tP=${s.precision}\tR=${s.recall}\tF1=${s.f1}\tevents=${s.predictedEvents}/${s.goldEvents}`);
  }
}
console.log(rows.join('\n'));
