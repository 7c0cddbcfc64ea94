/**
 * The single-process micro benchmarks and their sizes: full runs use counts large enough for a
 * sample to last a good fraction of a second; `--quick` uses counts that make each sample last
 * a few milliseconds, enough to check that every case works.
 */
import type { Comparison } from '../harness.js';
import { callSoonComparisons } from './call-soon.js';
import { timerComparisons } from './timers.js';
import { futureComparisons } from './future-await.js';
import { coroutineComparisons } from './coroutine-step.js';
import { asyncioTaskComparisons } from './asyncio-tasks.js';
import { asyncioQueueComparisons } from './asyncio-queue.js';
import { deferredComparisons } from './deferred.js';
import { bridgeCrossingComparisons } from './bridge-crossing.js';
import { greenletSwitchComparisons } from './greenlet-switch.js';
import { joinManyComparisons } from './join-many.js';

/** Every micro comparison, sized for a quick or a full run. */
export function microComparisons(quick: boolean): Comparison[] {
  return [
    ...callSoonComparisons(quick ? 20_000 : 1_000_000),
    ...timerComparisons(quick ? 5_000 : 100_000),
    ...futureComparisons(quick ? 5_000 : 200_000),
    ...coroutineComparisons(quick ? 20_000 : 2_000_000, quick ? 5_000 : 300_000),
    ...asyncioTaskComparisons(quick ? 10_000 : 100_000),
    ...asyncioQueueComparisons(quick ? 5_000 : 200_000),
    ...deferredComparisons(quick ? 5_000 : 300_000, quick ? 5_000 : 200_000),
    ...bridgeCrossingComparisons(quick ? 5_000 : 100_000),
    ...joinManyComparisons(quick ? 10_000 : 100_000),
    ...greenletSwitchComparisons(quick ? 20_000 : 2_000_000),
  ];
}
