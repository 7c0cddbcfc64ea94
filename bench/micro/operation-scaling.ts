/**
 * How the scheduler's cost per operation changes with the number of operations, from 1e3 to
 * 1e6: `callSoon` batches against `setImmediate` batches, and `callLater` timers (random
 * whole-millisecond delays in [0, 50) ms, scheduled and fired) against `setTimeout`. A sample's
 * duration is the process's CPU time (user + system), not wall time: the timers spend most of
 * their wall time waiting for their deadlines, which costs nothing. A flat column of ns/op means
 * the cost per operation does not grow with the queue.
 */
import { NodeEventLoop } from '../async-loop.js';
import { type Comparison, type Variant, cpuClock } from '../harness.js';
import { callSoonBatch, setImmediateBatch } from './call-soon.js';
import { SCALING_OPS_ID as ID } from './operation-scaling-table.js';
import { randomDelaysMs } from './timers.js';

function callLaterTimers(n: number, delaysMs: readonly number[]): Variant {
  return {
    label: 'callLater timers',
    side: 'ours',
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      let fired = 0;
      let seconds = 0;
      const elapsed = cpuClock();
      const onTimer = (): void => {
        if (++fired === n) {
          seconds = elapsed();
          loop.stop();
        }
      };
      loop.callSoon(() => {
        for (let i = 0; i < n; i++) loop.callLater(delaysMs[i]! / 1000, onTimer);
      });
      await loop.runForever();
      loop.close();
      if (fired !== n) throw new Error(`${this.label}: ${fired} of ${n} timers fired`);
      return seconds;
    },
  };
}

function setTimeoutTimers(n: number, delaysMs: readonly number[]): Variant {
  return {
    label: 'setTimeout timers',
    side: 'raw',
    ops: n,
    sample() {
      return new Promise<number>((resolve) => {
        let fired = 0;
        const elapsed = cpuClock();
        const onTimer = (): void => {
          if (++fired === n) resolve(elapsed());
        };
        for (let i = 0; i < n; i++) setTimeout(onTimer, delaysMs[i]!);
      });
    },
  };
}

/** The counts measured: 1e3 to 1e6, or 1e3 and 1e4 with `--quick`. */
function counts(quick: boolean): number[] {
  return quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];
}

/** One comparison per kind of operation and count. */
export function operationScalingComparisons(quick: boolean): Comparison[] {
  return counts(quick).flatMap((n): Comparison[] => {
    const d = randomDelaysMs(n);
    return [
      {
        id: `${ID}-callSoon-${n}`,
        title: `scaling: ${n.toLocaleString('en-US')} callSoon callbacks queued then run, CPU time`,
        unit: 'callbacks/CPU-s',
        ours: callSoonBatch(n, cpuClock),
        baselines: [setImmediateBatch(n, cpuClock)],
      },
      {
        id: `${ID}-timers-${n}`,
        title: `scaling: ${n.toLocaleString('en-US')} timers with random delays scheduled and fired, CPU time`,
        unit: 'timers/CPU-s',
        ours: callLaterTimers(n, d),
        baselines: [setTimeoutTimers(n, d)],
      },
    ];
  });
}
