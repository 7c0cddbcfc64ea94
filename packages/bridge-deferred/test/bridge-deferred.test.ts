import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, type Coroutine, InvalidArgumentError, Task, setEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { Deferred, Failure, reactor } from '@async/reactor';
import { spawn, sleep as geventSleep, GreenletExit } from '@async/hub';
import {
  deferredAsFuture,
  deferredFromFuture,
  deferredFromPromise,
  deferredToPromise,
  ensureDeferred,
  installAsyncioReactor,
} from '@async/bridge-deferred';

let loop: VirtualEventLoop;
beforeEach(() => {
  loop = new VirtualEventLoop();
  setEventLoop(loop);
});
afterEach(() => {
  setEventLoop(null);
  loop.close();
});

/** What a Deferred fired with: the value, or the Failure. */
function outcomeOf(d: Deferred<unknown>): { value?: unknown; failure?: Failure } {
  const seen: { value?: unknown; failure?: Failure } = {};
  d.addCallbacks(
    (value) => {
      seen.value = value;
    },
    (failure) => {
      seen.failure = failure;
    },
  );
  return seen;
}

describe('deferredFromFuture (Deferred.fromFuture)', () => {
  it('fires with the future’s result, or a Failure of its very error', () => {
    const ok = loop.createFuture<number>();
    const bad = loop.createFuture<number>();
    const a = outcomeOf(deferredFromFuture(ok));
    const b = outcomeOf(deferredFromFuture(bad));
    const error = new RangeError('no');
    ok.setResult(7);
    bad.setException(error);
    loop.runUntilIdle();
    expect(a).toEqual({ value: 7 });
    expect(b.failure!.value).toBe(error);
  });

  it('cancelling the Deferred cancels the future, and the Deferred fails with CancelledError', () => {
    const f = loop.createFuture<number>();
    const seen = outcomeOf(deferredFromFuture(f).addCallback((v) => v));
    const d = deferredFromFuture(f);
    const own = outcomeOf(d);
    d.cancel();
    expect(f.cancelled()).toBe(true);
    loop.runUntilIdle();
    expect(own.failure!.value).toBeInstanceOf(CancelledError);
    expect(seen.failure!.value).toBeInstanceOf(CancelledError);
  });

  it('a task that refuses the cancellation fires the Deferred with its value, as in Twisted', () => {
    const task = loop.createTask(
      (function* (): Coroutine<string> {
        try {
          yield* loop.createFuture<void>();
        } catch (error) {
          if (!(error instanceof CancelledError)) throw error;
        }
        return 'refused';
      })(),
    );
    loop.runUntilIdle();
    const d = deferredFromFuture(task);
    const seen = outcomeOf(d);
    d.cancel();
    expect(d.called).toBe(true); // fired by the canceller, then paused on the task's outcome
    expect(seen).toEqual({});
    loop.runUntilIdle();
    expect(seen).toEqual({ value: 'refused' });
  });

  it('refuses what is not a Future', () => {
    expect(() => deferredFromFuture(Promise.resolve(1) as never)).toThrow(InvalidArgumentError);
    expect(() => deferredFromFuture(new Deferred() as never)).toThrow(/deferredFromPromise|ensureDeferred/);
  });
});

describe('deferredAsFuture (Deferred.asFuture)', () => {
  it('completes with the result, which the Deferred’s chain no longer sees', () => {
    const d = new Deferred<number>();
    const f = deferredAsFuture(d, loop);
    const after = outcomeOf(d);
    d.callback(3);
    expect(f.result()).toBe(3);
    expect(after).toEqual({ value: undefined });
  });

  it('fails with the failure’s very error; a cancelled Deferred’s CancelledError cancels a waiting task', async () => {
    const failing = new Deferred<number>();
    const f = deferredAsFuture(failing, loop);
    const error = new TypeError('bad');
    failing.errback(error);
    expect(f.exception()).toBe(error);

    const d = new Deferred<number>();
    const task = new Task(
      (function* () {
        return yield* deferredAsFuture(d, loop);
      })(),
      loop,
    );
    loop.runUntilIdle();
    d.cancel();
    loop.runUntilIdle();
    expect(task.cancelled()).toBe(true);
  });

  it('cancelling the future cancels the Deferred: its canceller runs', () => {
    let cancellerRan = false;
    const d = new Deferred<number>(() => {
      cancellerRan = true;
    });
    const f = deferredAsFuture(d, loop);
    const seen = outcomeOf(d);
    f.cancel();
    loop.runUntilIdle();
    expect(cancellerRan).toBe(true);
    expect(seen).toEqual({ value: undefined }); // consumed by the future, which was cancelled first
    expect(f.cancelled()).toBe(true);
  });

  it('defaults to the running loop', async () => {
    const d = new Deferred<string>();
    const owner = await loop.runUntilComplete(
      loop.createTask(
        (function* () {
          return deferredAsFuture(d).getLoop();
        })(),
      ),
    );
    expect(owner).toBe(loop);
  });

  it('refuses what is not a Deferred, and a loop that is not one', () => {
    expect(() => deferredAsFuture(loop.createFuture() as never, loop)).toThrow(InvalidArgumentError);
    expect(() => deferredAsFuture(new Deferred(), {} as never)).toThrow(InvalidArgumentError);
  });
});

describe('deferredFromPromise / deferredToPromise', () => {
  it('fires with a promise’s value or its rejection, as a Failure', async () => {
    const ok = deferredFromPromise(Promise.resolve('yes'));
    const error = new Error('no');
    const bad = deferredFromPromise(Promise.reject(error));
    expect(await deferredToPromise(ok)).toBe('yes');
    await expect(deferredToPromise(bad)).rejects.toBe(error);
  });

  it('an async function gets an AbortSignal that cancelling the Deferred aborts', async () => {
    const reasons: unknown[] = [];
    const d = deferredFromPromise(
      (signal) =>
        new Promise<string>((resolve) => {
          signal.addEventListener('abort', () => {
            reasons.push(signal.reason);
            resolve('too late');
          });
        }),
    );
    d.cancel();
    await expect(deferredToPromise(d)).rejects.toBeInstanceOf(CancelledError);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(CancelledError);
  });

  it('an async function that throws, or returns no promise, fails the Deferred', async () => {
    const error = new Error('sync');
    await expect(
      deferredToPromise(
        deferredFromPromise(() => {
          throw error;
        }),
      ),
    ).rejects.toBe(error);
    await expect(deferredToPromise(deferredFromPromise((() => 5) as never))).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('deferredToPromise gives a native promise and consumes the result', async () => {
    const d = new Deferred<number>();
    const p = deferredToPromise(d);
    expect(p).toBeInstanceOf(Promise);
    const after = outcomeOf(d);
    d.callback(1);
    expect(await p).toBe(1);
    expect(after).toEqual({ value: undefined });
  });

  it('refuses bad input', () => {
    expect(() => deferredFromPromise(42 as never)).toThrow(InvalidArgumentError);
    expect(() => deferredToPromise(Promise.resolve(1) as never)).toThrow(InvalidArgumentError);
  });
});

describe('ensureDeferred', () => {
  it('drives a coroutine; cancelling throws CancelledError where it waits and runs its finally', () => {
    const log: string[] = [];
    const d = ensureDeferred(
      (function* () {
        try {
          yield* new Deferred<void>();
        } catch (error) {
          log.push((error as Error).name);
          throw error;
        } finally {
          log.push('finally');
        }
      })(),
    );
    const seen = outcomeOf(d);
    d.cancel();
    expect(log).toEqual(['CancelledError', 'finally']);
    expect(seen.failure!.value).toBeInstanceOf(CancelledError);
  });

  it('returns a Deferred as it is; converts a Future, a promise and an async function', async () => {
    const d = new Deferred<number>();
    expect(ensureDeferred(d)).toBe(d);
    const f = loop.createFuture<number>();
    const fromFuture = ensureDeferred(f);
    f.setResult(2);
    loop.runUntilIdle();
    expect(outcomeOf(fromFuture)).toEqual({ value: 2 });
    expect(await deferredToPromise(ensureDeferred(Promise.resolve(3)))).toBe(3);
    expect(await deferredToPromise(ensureDeferred(async () => 4))).toBe(4);
  });

  it('converts a gevent greenlet through its converter: cancelling the Deferred kills it', () => {
    const log: string[] = [];
    const g = spawn(function* () {
      try {
        yield* geventSleep(10);
      } catch (error) {
        log.push((error as Error).name);
        throw error;
      }
    });
    loop.runUntilIdle();
    const d = ensureDeferred(g as never);
    const seen = outcomeOf(d);
    d.cancel();
    loop.runUntilIdle();
    expect(log).toEqual(['GreenletExit']);
    expect(seen.failure!.value).toBeInstanceOf(CancelledError);
    expect(g.value).toBeInstanceOf(GreenletExit);
  });

  it('refuses a generator function (call it) and what cannot be waited on', () => {
    expect(() => ensureDeferred(function* () {} as never)).toThrow(/call it/);
    expect(() => ensureDeferred(42 as never)).toThrow(InvalidArgumentError);
  });
});

describe('installAsyncioReactor', () => {
  it('makes the loop current and returns the default reactor, now on it', () => {
    const r = installAsyncioReactor(loop);
    expect(r).toBe(reactor);
    expect(r.loop).toBe(loop);
  });

  it('refuses what is not a loop, and the default reactor itself', () => {
    expect(() => installAsyncioReactor('loop' as never)).toThrow(InvalidArgumentError);
    expect(() => installAsyncioReactor(reactor)).toThrow(InvalidArgumentError);
  });
});
