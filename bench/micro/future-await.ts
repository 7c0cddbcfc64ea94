/**
 * The cost of waiting on one result: create a `Future`, have a loop callback resolve it, wait.
 * This is asyncio's `create_future` + `call_soon(fut.set_result)` + `await fut`. We wait two ways
 * (`await` in an async function, `yield*` in a `Task`) and compare with a native promise resolved
 * from `setImmediate` (the raw way to be resolved "by the event loop") and with one resolved
 * synchronously (the floor: no scheduler involved at all).
 */
import { type Coroutine, type EventLoop, type Future, NodeEventLoop } from '../async-loop.js';
import { type Comparison, type Variant, secondsSince } from '../harness.js';
import { ASYNCIO_FUTURE_AWAIT_PER_S } from '../anchors.js';

const setResult = (future: Future<number>, value: number): void => future.setResult(value);

function checkSum(label: string, sum: number, n: number): void {
  if (sum !== (n * (n - 1)) / 2) throw new Error(`${label}: wrong sum ${sum}, results were lost`);
}

/** `await fut` in an async function while the loop runs; a `callSoon` callback resolves it. */
function futureAwait(n: number): Variant {
  return {
    label: 'Future + await (async fn, NodeEventLoop)',
    side: 'ours',
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      const running = loop.runForever();
      let sum = 0;
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        const future = loop.createFuture<number>();
        loop.callSoon(setResult, future, i);
        sum += await future;
      }
      const seconds = secondsSince(start);
      loop.stop();
      await running;
      loop.close();
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

function* waitInTask(loop: EventLoop, n: number): Coroutine<[number, number]> {
  let sum = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const future = loop.createFuture<number>();
    loop.callSoon(setResult, future, i);
    sum += yield* future;
  }
  return [secondsSince(start), sum];
}

/** The same inside a `Task`, waiting with `yield*`: resumed by the task's done callback. */
function futureYieldStar(n: number): Variant {
  return {
    label: 'Future + yield* (Task, NodeEventLoop)',
    side: 'ours',
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      const [seconds, sum] = await loop.runUntilComplete(waitInTask(loop, n));
      loop.close();
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

/** `await new Promise(...)`, the promise resolved by `resolveWith`. */
function nativePromise(label: string, n: number, resolveWith: (resolve: (v: number) => void, v: number) => void): Variant {
  return {
    label,
    side: 'raw',
    ops: n,
    async sample() {
      let sum = 0;
      const start = performance.now();
      for (let i = 0; i < n; i++) sum += await new Promise<number>((resolve) => resolveWith(resolve, i));
      const seconds = secondsSince(start);
      checkSum(this.label, sum, n);
      return seconds;
    },
  };
}

const FROM_SET_IMMEDIATE = 'Promise resolved from setImmediate + await';
const SYNCHRONOUS = 'Promise resolved synchronously + await';

/** The future comparisons, `n` futures per sample. */
export function futureComparisons(n: number): Comparison[] {
  const count = n.toLocaleString('en-US');
  const raw = (): Variant[] => [
    nativePromise(FROM_SET_IMMEDIATE, n, (resolve, v) => setImmediate(resolve, v)),
    nativePromise(SYNCHRONOUS, n, (resolve, v) => resolve(v)),
  ];
  const anchors = [{ label: 'Python asyncio create_future + call_soon(set_result) + await (measured elsewhere)', rate: ASYNCIO_FUTURE_AWAIT_PER_S }];
  return [
    {
      id: 'future-await',
      title: `Future create + resolve from callSoon + await in an async function, ${count} times`,
      unit: 'futures/s',
      ours: futureAwait(n),
      baselines: raw(),
      anchors,
    },
    {
      id: 'future-yield-star',
      title: `Future create + resolve from callSoon + yield* in a Task, ${count} times`,
      unit: 'futures/s',
      ours: futureYieldStar(n),
      baselines: [futureAwait(n), ...raw()],
      anchors,
    },
  ];
}
