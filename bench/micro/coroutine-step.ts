/**
 * What a generator-driven coroutine costs per step, against an async function's `await`.
 * Two cases: `yield*` of a future that is already done (the future's iterator returns at once,
 * so this is the cost of generator delegation: no loop involved), and a real driver step, where
 * the coroutine yields a done future to its `Task` and is resumed by a loop callback on the next
 * iteration (asyncio's `await asyncio.sleep(0)`). The baseline for both is an async function
 * awaiting an already-resolved value: one microtask per step.
 */
import { type Coroutine, type EventLoop, type Future, NodeEventLoop } from '../async-loop.js';
import { type Comparison, type Variant, secondsSince } from '../harness.js';

function doneFuture(loop: EventLoop): Future<number> {
  const future = loop.createFuture<number>();
  future.setResult(1);
  return future;
}

function* delegateToDone(future: Future<number>, n: number): Coroutine<[number, number]> {
  let sum = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) sum += yield* future;
  return [secondsSince(start), sum];
}

function* yieldToDriver(future: Future<number>, n: number): Coroutine<[number, number]> {
  let sum = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    // A plain `yield`, not `yield*`: hands the future to the Task, which resumes us on a callback.
    yield future;
    sum += future.result();
  }
  return [secondsSince(start), sum];
}

function taskVariant(label: string, n: number, body: (future: Future<number>, n: number) => Coroutine<[number, number]>): Variant {
  return {
    label,
    side: 'ours',
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      const [seconds, sum] = await loop.runUntilComplete(body(doneFuture(loop), n));
      loop.close();
      if (sum !== n) throw new Error(`${this.label}: ${sum} steps of ${n} completed`);
      return seconds;
    },
  };
}

/** `await` of a plain, already-known value: the async function's cheapest suspension. */
function awaitResolved(n: number): Variant {
  return {
    label: 'async fn: await a resolved value',
    side: 'raw',
    ops: n,
    async sample() {
      const one: number = 1;
      let sum = 0;
      const start = performance.now();
      for (let i = 0; i < n; i++) sum += await one;
      const seconds = secondsSince(start);
      if (sum !== n) throw new Error(`${this.label}: ${sum} steps of ${n} completed`);
      return seconds;
    },
  };
}

/** The coroutine-step comparisons: `delegations` yield*s and `steps` driver steps per sample. */
export function coroutineComparisons(delegations: number, steps: number): Comparison[] {
  return [
    {
      id: 'coroutine-yield-star-done',
      title: `coroutine: Task yield*s an already-done Future, ${delegations.toLocaleString('en-US')} times`,
      unit: 'steps/s',
      ours: taskVariant('Task: yield* done Future', delegations, delegateToDone),
      baselines: [awaitResolved(delegations)],
    },
    {
      id: 'coroutine-driver-step',
      title: `coroutine: Task yields a done Future to its driver (one loop iteration), ${steps.toLocaleString('en-US')} times`,
      unit: 'steps/s',
      ours: taskVariant('Task: yield done Future (resumed by the loop)', steps, yieldToDriver),
      baselines: [awaitResolved(steps)],
    },
  ];
}
