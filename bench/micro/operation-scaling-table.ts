/**
 * The table of the scheduler's scaling runs (`operation-scaling.ts`): CPU nanoseconds per
 * operation at each count, ours beside raw Node. Kept apart from the runs so it can be rendered
 * (and tested) without loading the packages.
 */
import type { ComparisonResult } from '../harness.js';
import { formatRatio } from '../markdown-report.js';

/** The prefix of the scaling comparisons' ids. */
export const SCALING_OPS_ID = 'scaling-ops';
const ID = SCALING_OPS_ID;

function ns(rate: number): string {
  return (1e9 / rate).toFixed(0);
}

/** The scaling results as one table of CPU ns per operation. */
export function operationScalingMarkdown(results: readonly ComparisonResult[]): string {
  const lines = [
    `## ${ID}: cost per operation from 1e3 to 1e6 operations (CPU ns/op, median)`,
    '',
    'CPU time (user + system) of the whole sample divided by the operations; the timers have random ' +
      'whole-millisecond delays in [0, 50) ms (`timers.ts`). Flat columns mean the cost per operation does not grow with the queue.',
    '',
    '| operations | callSoon batch | setImmediate batch | ours/raw speed | callLater timers | setTimeout timers | ours/raw speed |',
    '|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const byCount = new Map<number, { callSoon?: ComparisonResult; timers?: ComparisonResult }>();
  for (const r of results) {
    const match = /-(callSoon|timers)-(\d+)$/.exec(r.id);
    if (match === null) continue;
    const entry = byCount.get(Number(match[2])) ?? {};
    entry[match[1] as 'callSoon' | 'timers'] = r;
    byCount.set(Number(match[2]), entry);
  }
  for (const [n, { callSoon, timers }] of [...byCount].sort((a, b) => a[0] - b[0])) {
    const half = (r: ComparisonResult | undefined): string =>
      r === undefined ? ' | | ' : `${ns(r.ours.rate.median)} | ${ns(r.baselines[0]!.rate.median)} | ${formatRatio(r.baselines[0]!.ratio)}`;
    lines.push(`| ${n.toLocaleString('en-US')} | ${half(callSoon)} | ${half(timers)} |`);
  }
  return lines.join('\n');
}
