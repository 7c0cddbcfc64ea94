/**
 * The single-process micro benchmarks and their sizes: full runs use counts large enough for a
 * sample to last a good fraction of a second; `--quick` uses counts that make each sample last
 * a few milliseconds, enough to check that every case works.
 */
import type { Comparison } from '../harness.js';
import type { PythonRequirement } from '../tcp-echo/echo-servers.js';
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

/**
 * What the micro benchmarks' Python variants need: each comparison with such a variant (only
 * `greenlet-switch` so far) runs it when /usr/bin/python3 imports the module.
 */
export const MICRO_PYTHON_REQUIREMENTS: Readonly<Record<string, PythonRequirement>> = {
  'greenlet-switch': { module: 'greenlet', debianPackage: 'python3-greenlet' },
};

/**
 * Every micro comparison, sized for a quick or a full run; `pythonModules` are the Python modules
 * that can be imported, for the comparisons with a Python variant (none: those run without it).
 */
export function microComparisons(quick: boolean, pythonModules: ReadonlySet<string> = new Set()): Comparison[] {
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
    ...greenletSwitchComparisons(quick ? 20_000 : 2_000_000, pythonModules.has('greenlet')),
  ];
}
