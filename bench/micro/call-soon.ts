/**
 * `callSoon` throughput. The batch case queues every callback before the loop runs, as the
 * asyncio anchor does, so the loop drains them in one iteration; the chain case has each
 * callback schedule the next, so every callback is an iteration of its own. Raw Node's nearest
 * equivalents are a `setImmediate` chain (one libuv turn per callback), a `queueMicrotask`
 * chain (no turn at all: the floor of what a JavaScript scheduler can cost) and a batch of
 * `setImmediate`s queued at once.
 */
import { NodeEventLoop } from '../async-loop.js';
import { type Comparison, type Stopwatch, type Variant, secondsSince, wallClock } from '../harness.js';
import { ASYNCIO_CALL_SOON_PER_S } from '../anchors.js';

function check(label: string, ran: number, expected: number): void {
  if (ran !== expected) throw new Error(`${label}: ran ${ran} callbacks, expected ${expected}`);
}

/**
 * `n` callbacks queued with `callSoon` on a fresh loop, then the loop runs until they are done;
 * timed by `clock` (wall time unless said otherwise).
 */
export function callSoonBatch(n: number, clock: Stopwatch = wallClock): Variant {
  return {
    label: 'callSoon batch (NodeEventLoop)',
    side: 'ours',
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      let ran = 0;
      const callback = (): void => {
        ran++;
      };
      const elapsed = clock();
      for (let i = 1; i < n; i++) loop.callSoon(callback);
      loop.callSoon(() => {
        ran++;
        loop.stop();
      });
      await loop.runForever();
      const seconds = elapsed();
      loop.close();
      check(this.label, ran, n);
      return seconds;
    },
  };
}

/** Each callback schedules the next with `callSoon`: one loop iteration per callback. */
function callSoonChain(n: number): Variant {
  return {
    label: 'callSoon chain (NodeEventLoop)',
    side: 'ours',
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      let ran = 0;
      const step = (): void => {
        if (++ran < n) loop.callSoon(step);
        else loop.stop();
      };
      const start = performance.now();
      loop.callSoon(step);
      await loop.runForever();
      const seconds = secondsSince(start);
      loop.close();
      check(this.label, ran, n);
      return seconds;
    },
  };
}

/** A chain through `schedule` (setImmediate or queueMicrotask): each callback queues the next. */
function rawChain(label: string, n: number, schedule: (callback: () => void) => void): Variant {
  return {
    label,
    side: 'raw',
    ops: n,
    sample() {
      return new Promise<number>((resolve) => {
        let ran = 0;
        const start = performance.now();
        const step = (): void => {
          if (++ran < n) schedule(step);
          else resolve(secondsSince(start));
        };
        schedule(step);
      });
    },
  };
}

/** `n` setImmediates queued at once, then run: Node's own batch, timed by `clock`. */
export function setImmediateBatch(n: number, clock: Stopwatch = wallClock): Variant {
  return {
    label: 'setImmediate batch',
    side: 'raw',
    ops: n,
    sample() {
      return new Promise<number>((resolve) => {
        let ran = 0;
        const elapsed = clock();
        const callback = (): void => {
          if (++ran === n) resolve(elapsed());
        };
        for (let i = 0; i < n; i++) setImmediate(callback);
      });
    },
  };
}

const SET_IMMEDIATE_CHAIN = 'setImmediate chain';
const QUEUE_MICROTASK_CHAIN = 'queueMicrotask chain';

/** The `callSoon` comparisons, `n` callbacks per sample. */
export function callSoonComparisons(n: number): Comparison[] {
  return [
    {
      id: 'callSoon-batch',
      title: `callSoon: ${n.toLocaleString('en-US')} callbacks queued, then run`,
      unit: 'callbacks/s',
      ours: callSoonBatch(n),
      baselines: [
        rawChain(SET_IMMEDIATE_CHAIN, n, setImmediate),
        rawChain(QUEUE_MICROTASK_CHAIN, n, queueMicrotask),
        setImmediateBatch(n),
      ],
      targets: [{ baseline: SET_IMMEDIATE_CHAIN, minRatio: 2, description: 'callSoon batch >= 2x a setImmediate chain' }],
      anchors: [{ label: 'Python asyncio call_soon, 1e6 queued (measured elsewhere)', rate: ASYNCIO_CALL_SOON_PER_S }],
    },
    {
      id: 'callSoon-chain',
      title: `callSoon chain: each of ${n.toLocaleString('en-US')} callbacks schedules the next`,
      unit: 'callbacks/s',
      ours: callSoonChain(n),
      baselines: [rawChain(SET_IMMEDIATE_CHAIN, n, setImmediate), rawChain(QUEUE_MICROTASK_CHAIN, n, queueMicrotask)],
    },
  ];
}
