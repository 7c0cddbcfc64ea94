import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, type Coroutine, InvalidArgumentError, Task, setEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { Deferred } from '@async/reactor';
import { AsyncResult, GreenletExit, Timeout, getHub, sleep, spawn, withTimeout } from '@async/hub';
import {
  asyncResultToFuture,
  futureToAsyncResult,
  greenletToFuture,
  installAiogevent,
  spawnAsTask,
  yieldFuture,
} from '@async/bridge-greenlet';

let loop: VirtualEventLoop;
beforeEach(() => {
  loop = new VirtualEventLoop();
  setEventLoop(loop);
  loop.setExceptionHandler(() => {}); // failing greenlets report their errors, as gevent prints them
});
afterEach(() => {
  setEventLoop(null);
  loop.close();
});

describe('greenletToFuture', () => {
  it('completes with the greenlet’s value, or fails with its very error', () => {
    const error = new RangeError('no');
    const ok = greenletToFuture(spawn(() => sleep(1, 'slept')), loop);
    const bad = greenletToFuture(
      spawn(function* () {
        yield* sleep(1);
        throw error;
      }),
      loop,
    );
    loop.advance(1);
    loop.runUntilIdle();
    expect(ok.result()).toBe('slept');
    expect(bad.exception()).toBe(error);
  });

  it('a greenlet killed with GreenletExit fails it with CancelledError, the GreenletExit as cause', () => {
    const g = spawn(() => sleep(10));
    const f = greenletToFuture(g, loop);
    loop.runUntilIdle();
    g.kill();
    loop.runUntilIdle();
    const error = f.exception() as CancelledError;
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.cause).toBeInstanceOf(GreenletExit);
    expect(error.cause).toBe(g.value);
  });

  it('cancelling the future kills the greenlet where it blocks, so its finally runs', () => {
    const log: string[] = [];
    const g = spawn(function* () {
      try {
        yield* sleep(10);
      } finally {
        log.push('finally');
      }
    });
    const f = greenletToFuture(g, loop);
    loop.runUntilIdle();
    f.cancel();
    loop.runUntilIdle();
    expect(log).toEqual(['finally']);
    expect(g.dead).toBe(true);
    expect(g.value).toBeInstanceOf(GreenletExit);
  });

  it('several futures of one greenlet all complete; cancelling one kills it and fails the others', () => {
    const done = spawn(() => sleep(1, 'v'));
    const [a, b, c] = [greenletToFuture(done, loop), greenletToFuture(done, loop), greenletToFuture(done, loop)];
    const killed = spawn(() => sleep(10));
    const [x, y] = [greenletToFuture(killed, loop), greenletToFuture(killed, loop)];
    loop.runUntilIdle();
    x.cancel();
    loop.advance(1);
    loop.runUntilIdle();
    expect([a.result(), b.result(), c.result()]).toEqual(['v', 'v', 'v']);
    expect(x.cancelled()).toBe(true);
    expect(y.exception()).toBeInstanceOf(CancelledError);
    expect(killed.value).toBeInstanceOf(GreenletExit);
  });

  it('a greenlet already done gives a done future; the default loop is the running one', async () => {
    const g = spawn(() => 5);
    loop.runUntilIdle();
    expect(greenletToFuture(g, loop).result()).toBe(5);
    const owner = await loop.runUntilComplete(
      loop.createTask(
        (function* () {
          return greenletToFuture(g).getLoop();
        })(),
      ),
    );
    expect(owner).toBe(loop);
  });

  it('refuses what is not a gevent Greenlet, and a bad loop', () => {
    expect(() => greenletToFuture({} as never)).toThrow(InvalidArgumentError);
    expect(() => greenletToFuture(spawn(() => 1), 'loop' as never)).toThrow(InvalidArgumentError);
  });
});

describe('spawnAsTask', () => {
  it('runs a function in a greenlet and gives a future an asyncio task can yield*', async () => {
    const task = new Task(
      (function* (): Coroutine<string> {
        const v = yield* spawnAsTask(function* (name: string) {
          yield* sleep(1);
          return `hello ${name}`;
        }, 'greenlet');
        return v;
      })(),
      loop,
    );
    expect(await loop.runUntilComplete(task)).toBe('hello greenlet');
    expect(loop.time()).toBe(1);
  });

  it('cancelling the task waiting on it kills the greenlet', async () => {
    const log: string[] = [];
    const inner = spawnAsTask(function* () {
      try {
        yield* sleep(10);
      } catch (error) {
        log.push((error as Error).name);
        throw error;
      }
    });
    const task = new Task(
      (function* () {
        yield* inner;
      })(),
      loop,
    );
    loop.callLater(1, () => task.cancel());
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    loop.runUntilIdle();
    expect(log).toEqual(['GreenletExit']);
  });

  it('refuses what is not a function', () => {
    expect(() => spawnAsTask(42 as never)).toThrow(InvalidArgumentError);
  });
});

describe('yieldFuture (aiogevent’s yield_future)', () => {
  it('blocks a greenlet on a Future, a Deferred, a promise, an async function and a coroutine', async () => {
    const f = loop.createFuture<number>();
    const d = new Deferred<number>();
    loop.callLater(1, () => f.setResult(1));
    loop.callLater(2, () => d.callback(2));
    const g = spawn(function* () {
      const a = yield* yieldFuture(f);
      const b = yield* yieldFuture(d);
      const c = yield* yieldFuture(Promise.resolve(3));
      const e = yield* yieldFuture(async () => 4);
      const h = yield* yieldFuture(
        (function* () {
          yield* sleep(1);
          return 5;
        })(),
      );
      return [a, b, c, e, h];
    });
    expect(await g).toEqual([1, 2, 3, 4, 5]);
  });

  it('raises the waitable’s error at the wait', async () => {
    const error = new TypeError('bad');
    const g = spawn(function* () {
      try {
        yield* yieldFuture(Promise.reject(error));
      } catch (e) {
        return e;
      }
    });
    expect(await g).toBe(error);
  });

  it('killing the greenlet cancels what it waits on: a Deferred’s canceller runs, a signal aborts', async () => {
    let cancellerRan = false;
    const aborted: unknown[] = [];
    const d = new Deferred<void>(() => {
      cancellerRan = true;
    });
    const g1 = spawn(() => yieldFuture(d));
    const g2 = spawn(() =>
      yieldFuture(
        (signal) =>
          new Promise<void>((resolve) => {
            signal.addEventListener('abort', () => {
              aborted.push(signal.reason);
              resolve();
            });
          }),
      ),
    );
    await sleep(1);
    await g1.kill();
    await g2.kill();
    expect(cancellerRan).toBe(true);
    expect(aborted).toHaveLength(1);
    expect(aborted[0]).toBeInstanceOf(CancelledError);
  });

  it('a gevent Timeout in the greenlet cancels the awaited future', async () => {
    const f = loop.createFuture<string>();
    const outcome = await withTimeout(0.5, () => yieldFuture(f), { timeoutValue: 'timed out' });
    expect(outcome).toBe('timed out');
    expect(f.cancelled()).toBe(true);
    expect(loop.time()).toBe(0.5);
    const t = spawn(() => withTimeout(0.5, () => yieldFuture(loop.createFuture())));
    await t.join();
    expect(t.exception).toBeInstanceOf(Timeout);
  });

  it('something that cannot be waited on raises InvalidArgumentError in the greenlet', async () => {
    const g = spawn(() => yieldFuture(42 as never));
    await g.join();
    expect(g.exception).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('asyncResultToFuture / futureToAsyncResult', () => {
  it('a future of an AsyncResult’s value or error; cancelling it only stops waiting', () => {
    const ok = new AsyncResult<number>();
    const bad = new AsyncResult<number>();
    const left = new AsyncResult<number>();
    const a = asyncResultToFuture(ok, loop);
    const b = asyncResultToFuture(bad, loop);
    const c = asyncResultToFuture(left, loop);
    const error = new Error('set');
    ok.set(1);
    bad.setException(error);
    c.cancel();
    loop.runUntilIdle();
    left.set(3);
    loop.runUntilIdle();
    expect(a.result()).toBe(1);
    expect(b.exception()).toBe(error);
    expect(c.cancelled()).toBe(true);
    expect(left.value).toBe(3);
  });

  it('an AsyncResult set from a future: result, error, non-Error wrapped, cancellation', async () => {
    const futures = [0, 1, 2, 3].map(() => loop.createFuture<number>());
    const results = futures.map((f) => futureToAsyncResult(f));
    const error = new Error('failed');
    futures[0]!.setResult(1);
    futures[1]!.setException(error);
    futures[2]!.setException('a string');
    futures[3]!.cancel('stop');
    loop.runUntilIdle();
    expect(results[0]!.value).toBe(1);
    expect(results[1]!.exception).toBe(error);
    expect((results[2]!.exception as Error).cause).toBe('a string');
    expect(results[3]!.exception).toBeInstanceOf(CancelledError);
    expect((results[3]!.exception as Error).message).toBe('stop');
  });

  it('a greenlet blocked on the AsyncResult wakes up when the future completes', async () => {
    const f = loop.createFuture<string>();
    const r = futureToAsyncResult(f);
    const g = spawn(() => r.get());
    loop.callLater(1, () => f.setResult('woken'));
    expect(await g).toBe('woken');
  });

  it('refuses bad input', () => {
    expect(() => asyncResultToFuture(loop.createFuture() as never)).toThrow(InvalidArgumentError);
    expect(() => asyncResultToFuture(new AsyncResult(), 7 as never)).toThrow(InvalidArgumentError);
    expect(() => futureToAsyncResult(new AsyncResult() as never)).toThrow(InvalidArgumentError);
  });
});

describe('installAiogevent', () => {
  it('makes the loop’s hub the current loop', () => {
    const hub = installAiogevent(loop);
    expect(hub).toBe(getHub(loop));
    expect(installAiogevent(hub)).toBe(hub);
  });

  it('refuses what is not a loop', () => {
    expect(() => installAiogevent(null as never)).toThrow(InvalidArgumentError);
  });
});
