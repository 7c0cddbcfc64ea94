/**
 * Many timers at once: `n` timers with random delays in [0, 50) ms, on our loop with
 * `callLater` and on raw Node with `setTimeout`. One comparison times the whole life of the
 * timers (from scheduling the first until the last has fired), the other only the scheduling.
 *
 * The delays are whole milliseconds, drawn from a fixed seed so both sides get the same ones:
 * Node keeps one timer list per distinct duration, and fractional durations would give it
 * thousands of lists, a case no real program produces.
 */
import { NodeEventLoop } from '../async-loop.js';
import { type Comparison, type Variant, secondsSince } from '../harness.js';
import { seededRandom } from '../seeded-random.js';

/** The longest delay, in milliseconds (exclusive). */
const MAX_DELAY_MS = 50;

/** `n` whole-millisecond delays in [0, 50), the same ones on every run (a fixed seed). */
export function randomDelaysMs(n: number): number[] {
  const random = seededRandom(0x5eed);
  return Array.from({ length: n }, () => Math.floor(random() * MAX_DELAY_MS));
}

interface TimerRun {
  /** Seconds spent scheduling every timer. */
  scheduling: number;
  /** Seconds from scheduling the first timer until the last one fired. */
  total: number;
}

/** Schedules the timers from inside a loop callback, as a running program would. */
async function runLoopTimers(delaysMs: readonly number[]): Promise<TimerRun> {
  const loop = new NodeEventLoop();
  const n = delaysMs.length;
  let fired = 0;
  let start = 0;
  let scheduled = 0;
  let end = 0;
  const onTimer = (): void => {
    if (++fired === n) {
      end = performance.now();
      loop.stop();
    }
  };
  loop.callSoon(() => {
    start = performance.now();
    for (let i = 0; i < n; i++) loop.callLater(delaysMs[i]! / 1000, onTimer);
    scheduled = performance.now();
  });
  await loop.runForever();
  loop.close();
  if (fired !== n) throw new Error(`callLater: ${fired} of ${n} timers fired`);
  return { scheduling: (scheduled - start) / 1000, total: (end - start) / 1000 };
}

function runNodeTimers(delaysMs: readonly number[]): Promise<TimerRun> {
  return new Promise((resolve) => {
    const n = delaysMs.length;
    let fired = 0;
    let scheduled = 0;
    const start = performance.now();
    const onTimer = (): void => {
      if (++fired === n) resolve({ scheduling: (scheduled - start) / 1000, total: secondsSince(start) });
    };
    for (let i = 0; i < n; i++) setTimeout(onTimer, delaysMs[i]!);
    scheduled = performance.now();
  });
}

function variant(label: string, side: 'ours' | 'raw', n: number, run: () => Promise<TimerRun>, part: keyof TimerRun): Variant {
  return { label, side, ops: n, sample: async () => (await run())[part] };
}

/** The timer comparisons, `n` timers per sample. */
export function timerComparisons(n: number): Comparison[] {
  const delays = randomDelaysMs(n);
  const count = n.toLocaleString('en-US');
  const ours = (): Promise<TimerRun> => runLoopTimers(delays);
  const raw = (): Promise<TimerRun> => runNodeTimers(delays);
  return [
    {
      id: 'timers-fire',
      title: `timers: ${count} random delays in [0, ${MAX_DELAY_MS}) ms, first scheduled to last fired`,
      unit: 'timers/s',
      ours: variant('callLater (NodeEventLoop)', 'ours', n, ours, 'total'),
      baselines: [variant('setTimeout', 'raw', n, raw, 'total')],
      targets: [{ baseline: 'setTimeout', minRatio: 1, description: 'timers no slower than setTimeout' }],
    },
    {
      id: 'timers-schedule',
      title: `timers: scheduling ${count} random delays alone`,
      unit: 'timers/s',
      ours: variant('callLater (NodeEventLoop)', 'ours', n, ours, 'scheduling'),
      baselines: [variant('setTimeout', 'raw', n, raw, 'scheduling')],
    },
  ];
}
