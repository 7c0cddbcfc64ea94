/**
 * What crossing a bridge costs: one driver waits `n` times, in sequence, on a waitable of another
 * front, against the same driver waiting on its own front's waitable and against plain async code
 * awaiting a native promise. In every variant the waited-on thing completes in a loop callback
 * (or after one loop turn), so the variants differ only in how the wait is made. Target: a
 * crossing costs at most 1.5x the same wait on the front's own waitable (rate ratio >= 0.67).
 *
 * Unlike the other cases, this one imports every package by its name, not through the
 * `async-*.ts` shims: under `tsx --tsconfig tsconfig.tests.json` a package's `dist/` imports its
 * dependencies by name too, which the tsconfig maps to their sources, so a shim's `dist/` Future
 * is another class than the one `dist/` fronts and bridges test with `instanceof`, and waits
 * across packages never complete. By name, there is one instance of each package (its sources).
 */
import { type Coroutine, type EventLoop, NodeEventLoop } from '@async/loop';
import { Deferred, inlineCallbacks } from '@async/reactor';
import { AsyncResult, sleep as geventSleep, spawn } from '@async/hub';
import { yieldFuture } from '@async/bridge-greenlet';
import { type Comparison, type Variant, secondsSince } from '../harness.js';

function checkSum(label: string, sum: number, n: number): void {
  if (sum !== (n * (n - 1)) / 2) throw new Error(`${label}: wrong sum ${sum}, results were lost`);
}

/**
 * A variant whose work is `body(loop)`, run to completion on a fresh NodeEventLoop: it resolves
 * with the sum of what its `n` waits returned, checked so that no wait is skipped.
 */
function variant(label: string, side: 'ours' | 'raw', n: number, body: (loop: EventLoop, n: number) => PromiseLike<number>): Variant {
  return {
    label,
    side,
    ops: n,
    async sample() {
      const loop = new NodeEventLoop();
      const start = performance.now();
      const sum = await body(loop, n);
      const seconds = secondsSince(start);
      loop.close();
      checkSum(label, sum, n);
      return seconds;
    },
  };
}

/** Runs `coro` as a task on `loop` until it is done. */
function inTask(loop: EventLoop, coro: Coroutine<number>): PromiseLike<number> {
  return loop.runUntilComplete(loop.createTask(coro));
}

/** Runs a plain async function while `loop` runs (its promises are resolved by loop callbacks). */
function inAsync(loop: EventLoop, fn: () => Promise<number>): PromiseLike<number> {
  return loop.runUntilComplete(async () => fn());
}

function nativePromises(n: number): Variant {
  return variant('async function awaits a promise resolved by a loop callback', 'raw', n, (loop, count) =>
    inAsync(loop, async () => {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += await new Promise<number>((resolve) => loop.callSoon(resolve, i));
      return sum;
    }),
  );
}

function nativeUnits(n: number): Variant {
  return variant('async function awaits an async function that waits one loop turn', 'raw', n, (loop, count) =>
    inAsync(loop, async () => {
      let sum = 0;
      const unit = async (i: number): Promise<number> => {
        await new Promise<void>((resolve) => loop.callSoon(resolve));
        return i;
      };
      for (let i = 0; i < count; i++) sum += await unit(i);
      return sum;
    }),
  );
}

/*
 * Every driver below is a module-level generator function, made once. Each generator function
 * gives its coroutines a hidden class of their own; one made afresh for each sample would give
 * each sample's driver a new one, and after the full GC before every sample the code compiled
 * against the last one (a task's `_resume`, the trampoline's `resume`) was deoptimized ("weak
 * objects") and warmed up again inside the sample, which a long-lived program never pays.
 */

/** A task's `count` waits on a Future completed by a loop callback. */
function* waitOnFutures(loop: EventLoop, count: number): Coroutine<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const f = loop.createFuture<number>();
    loop.callSoon(() => f.setResult(i));
    sum += yield* f;
  }
  return sum;
}

/** A task's `count` waits on a Deferred fired by a loop callback. */
function* waitOnDeferreds(loop: EventLoop, count: number): Coroutine<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const d = new Deferred<number>();
    loop.callSoon(() => d.callback(i));
    sum += yield* d;
  }
  return sum;
}

/** An asyncio task waits on a Deferred (through its `AS_FUTURE`) vs on a Future. */
function taskOnDeferred(n: number): Comparison {
  const own = variant('Task yield* Future (own)', 'ours', n, (loop, count) => inTask(loop, waitOnFutures(loop, count)));
  return {
    id: 'bridge-task-deferred',
    title: 'asyncio Task waits on a Deferred vs on its own Future vs native await',
    unit: 'waits/s',
    ours: variant('Task yield* Deferred (crossing)', 'ours', n, (loop, count) => inTask(loop, waitOnDeferreds(loop, count))),
    baselines: [own, nativePromises(n)],
    targets: [{ baseline: own.label, minRatio: 2 / 3, description: 'Task ← Deferred costs <= 1.5x Task ← Future' }],
  };
}

/** A greenlet's `count` waits on an AsyncResult set by a loop callback. */
function* waitOnAsyncResults(loop: EventLoop, count: number): Generator<unknown, number, unknown> {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const r = new AsyncResult<number>();
    loop.callSoon(() => r.set(i));
    sum += yield* r.get();
  }
  return sum;
}

/** A greenlet's `count` waits on a core Future completed by a loop callback. */
function* greenletWaitsOnFutures(loop: EventLoop, count: number): Generator<unknown, number, unknown> {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const f = loop.createFuture<number>();
    loop.callSoon(() => f.setResult(i));
    sum += yield* yieldFuture(f);
  }
  return sum;
}

/** A task that runs `body(loop, count)` in a greenlet and waits for it. */
function* inGreenlet(
  body: (loop: EventLoop, count: number) => Generator<unknown, number, unknown>,
  loop: EventLoop,
  count: number,
): Coroutine<number> {
  return yield* spawn(body, loop, count);
}

/** A greenlet blocks on a core Future (yieldFuture) vs on an AsyncResult. */
function greenletOnFuture(n: number): Comparison {
  const own = variant('greenlet yield* AsyncResult.get() (own)', 'ours', n, (loop, count) =>
    inTask(loop, inGreenlet(waitOnAsyncResults, loop, count)),
  );
  return {
    id: 'bridge-greenlet-future',
    title: 'gevent greenlet waits on a core Future vs on its own AsyncResult vs native await',
    unit: 'waits/s',
    ours: variant('greenlet yield* yieldFuture(Future) (crossing)', 'ours', n, (loop, count) =>
      inTask(loop, inGreenlet(greenletWaitsOnFutures, loop, count)),
    ),
    baselines: [own, nativePromises(n)],
    targets: [{ baseline: own.label, minRatio: 2 / 3, description: 'greenlet ← Future costs <= 1.5x greenlet ← AsyncResult' }],
  };
}

/**
 * The work of each task and each greenlet waited on below: one loop turn, then its index. One
 * generator function serves both fronts, so a task and a greenlet run the very same body: a bare
 * `yield` is `asyncio.sleep(0)` in a task and `gevent.sleep(0)` in a greenlet, the cheapest way
 * each front has to give the loop a turn.
 */
function* oneTurn(i: number): Generator<undefined, number, unknown> {
  yield;
  return i;
}

/** A task's `count` waits on a task that waits one loop turn and returns. */
function* waitOnTasks(loop: EventLoop, count: number): Coroutine<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += yield* loop.createTask(oneTurn(i));
  return sum;
}

/** An asyncio task waits `n` times on a task that waits one loop turn and returns. */
function taskOnTask(n: number, label = 'Task yield* Task'): Variant {
  return variant(label, 'ours', n, (loop, count) => inTask(loop, waitOnTasks(loop, count)));
}

/** `count` waits on a greenlet that waits one loop turn and returns, by a task or a greenlet. */
function* waitOnGreenlets(_loop: EventLoop, count: number): Generator<unknown, number, unknown> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += yield* spawn(oneTurn, i);
  return sum;
}

/** `oneTurn` written with gevent's API: `yield* sleep(0)` for the turn. */
function* sleepZero(i: number): Generator<unknown, number, unknown> {
  yield* geventSleep(0);
  return i;
}

/** A task's `count` waits on a greenlet that calls `sleep(0)` and returns. */
function* waitOnSleepingGreenlets(_loop: EventLoop, count: number): Coroutine<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += yield* spawn(sleepZero, i);
  return sum;
}

/** A greenlet waits `n` times on a greenlet that waits one loop turn and returns. */
function greenletOnGreenlet(n: number): Variant {
  return variant('greenlet yield* Greenlet', 'ours', n, (loop, count) => inTask(loop, inGreenlet(waitOnGreenlets, loop, count)));
}

/** An asyncio task waits on a greenlet vs on a task, both running `oneTurn`: the same body. */
function taskOnGreenlet(n: number): Comparison {
  const own = taskOnTask(n, 'Task yield* Task (own)');
  return {
    id: 'bridge-task-greenlet',
    title: 'asyncio Task waits on a gevent greenlet vs on its own Task vs native await',
    unit: 'waits/s',
    ours: variant('Task yield* Greenlet (crossing)', 'ours', n, (loop, count) =>
      inTask(loop, waitOnGreenlets(loop, count) as Coroutine<number>),
    ),
    // The same greenlet waited on by a greenlet (gevent's own `yield* g`, which is `g.get()`):
    // what the greenlet itself costs, apart from the crossing. And the greenlet written with
    // `yield* sleep(0)`: what gevent's operation costs over the bare `yield`.
    baselines: [
      own,
      greenletOnGreenlet(n),
      variant('Task yield* Greenlet doing yield* sleep(0)', 'ours', n, (loop, count) =>
        inTask(loop, waitOnSleepingGreenlets(loop, count)),
      ),
      nativeUnits(n),
    ],
    targets: [{ baseline: own.label, minRatio: 2 / 3, description: 'Task ← greenlet costs <= 1.5x Task ← Task' }],
  };
}

/** The inlineCallbacks Deferred each wait of `waitOnInlineCallbacks` waits on: fired after a loop turn. */
const inlineCallbacksUnit = inlineCallbacks(function* (loop: EventLoop, i: number) {
  const d = new Deferred<void>();
  loop.callSoon(() => d.callback(undefined));
  yield* d;
  return i;
});

/** inlineCallbacks' `count` waits on an inlineCallbacks Deferred that fires after one loop turn. */
const waitOnInlineCallbacks = inlineCallbacks(function* (loop: EventLoop, count: number) {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += yield* inlineCallbacksUnit(loop, i);
  return sum;
});

/** inlineCallbacks' `count` waits on a task that waits one loop turn and returns. */
const inlineCallbacksOnTasks = inlineCallbacks(function* (loop: EventLoop, count: number) {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += yield* loop.createTask(oneTurn(i));
  return sum;
});

/** inlineCallbacks waits on an asyncio task vs on a Deferred; each completes after one loop turn. */
function inlineCallbacksOnTask(n: number): Comparison {
  const own = variant('inlineCallbacks yield* inlineCallbacks Deferred (own)', 'ours', n, (loop, count) =>
    loop.runUntilComplete(waitOnInlineCallbacks(loop, count).asFuture(loop)),
  );
  return {
    id: 'bridge-inlinecallbacks-task',
    title: 'inlineCallbacks waits on an asyncio Task vs on its own Deferred vs native await',
    unit: 'waits/s',
    ours: variant('inlineCallbacks yield* Task (crossing)', 'ours', n, (loop, count) =>
      loop.runUntilComplete(inlineCallbacksOnTasks(loop, count).asFuture(loop)),
    ),
    // The same task waited on by an asyncio task: what the task itself costs (its first step and
    // its done callbacks are loop turns a Deferred does not take), apart from the crossing.
    baselines: [own, taskOnTask(n), nativeUnits(n)],
    targets: [{ baseline: own.label, minRatio: 2 / 3, description: 'inlineCallbacks ← Task costs <= 1.5x inlineCallbacks ← Deferred' }],
  };
}

/** The bridge-crossing comparisons, `n` waits per sample. */
export function bridgeCrossingComparisons(n: number): Comparison[] {
  return [taskOnDeferred(n), greenletOnFuture(n), taskOnGreenlet(n), inlineCallbacksOnTask(n)];
}
