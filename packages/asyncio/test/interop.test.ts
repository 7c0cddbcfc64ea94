// Native interop: toPromise/fromPromise/fromAsync, the AbortSignal an async function receives
// when the task waiting on it is cancelled, and taskSignal(task) for native work started inside
// a task.
import { describe, expect, it } from 'vitest';
import {
  type Coroutine,
  CancelledError,
  Future,
  InvalidArgumentError,
  InvalidStateError,
  LoopStateError,
  createTask,
  ensureFuture,
  fromAsync,
  fromPromise,
  getRunningLoop,
  newEventLoop,
  sleep,
  taskSignal,
  toPromise,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

describe('toPromise / fromPromise / fromAsync', () => {
  it('toPromise gives a native promise of a coroutine, a future and a promise', async () => {
    function* main(): Coroutine<unknown[]> {
      const loop = getRunningLoop();
      const future = loop.createFuture<string>();
      loop.callSoon(() => future.setResult('future'));
      const fromCoro = toPromise(sleep(1, 'coroutine'));
      const fromFuture = toPromise(future);
      const native = Promise.resolve('native');
      expect(fromCoro).toBeInstanceOf(Promise);
      expect(toPromise(native)).toBe(native);
      return yield* fromPromise(Promise.all([fromCoro, fromFuture, native]));
    }
    expect(await runVirtual(main())).toEqual(['coroutine', 'future', 'native']);
  });

  it('toPromise rejects with CancelledError for a cancelled future', async () => {
    function* main(): Coroutine<unknown> {
      const future = getRunningLoop().createFuture<void>();
      const promise = toPromise(future);
      future.cancel('gone');
      try {
        yield* fromPromise(promise);
      } catch (error) {
        return error;
      }
      return null;
    }
    const error = await runVirtual(main());
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe('gone');
  });

  it('fromPromise makes a future of the running loop; a rejection becomes its exception', async () => {
    function* main(): Coroutine<unknown> {
      const future = fromPromise(Promise.reject(new Error('nope')));
      expect(future).toBeInstanceOf(Future);
      expect(future.getLoop()).toBe(getRunningLoop());
      try {
        yield* future;
      } catch (error) {
        return (error as Error).message;
      }
      return null;
    }
    expect(await runVirtual(main())).toBe('nope');
    expect(() => fromPromise(42 as unknown as Promise<number>)).toThrow(InvalidArgumentError);
    const loop = newEventLoop();
    try {
      expect(fromPromise(Promise.resolve(1), loop).getLoop()).toBe(loop);
    } finally {
      loop.close();
    }
  });

  it('an async function waited on by a task gets a signal aborted when the task is cancelled', async () => {
    function* main(): Coroutine<[unknown, boolean]> {
      let signal: AbortSignal | null = null;
      const task = createTask(
        (function* (): Coroutine<void> {
          yield* ensureFuture(async (s: AbortSignal) => {
            signal = s;
            await new Promise(() => {});
          });
        })(),
      );
      yield* sleep(1);
      task.cancel('enough');
      try {
        yield* task;
      } catch {
        // cancelled, as expected
      }
      const s = signal! as AbortSignal;
      return [s.reason, task.cancelled()];
    }
    const [reason, cancelled] = await runVirtual(main());
    expect(reason).toBeInstanceOf(CancelledError);
    expect((reason as Error).message).toBe('enough');
    expect(cancelled).toBe(true);
  });

  it('fromAsync aborts its signal when its future is cancelled', async () => {
    function* main(): Coroutine<boolean> {
      let signal: AbortSignal | null = null;
      const future = fromAsync(async (s) => {
        signal = s;
        return 1;
      });
      future.cancel();
      yield* sleep(0);
      return (signal! as AbortSignal).aborted;
    }
    expect(await runVirtual(main())).toBe(true);
  });
});

describe('taskSignal', () => {
  it('aborts once the task ends cancelled, with its CancelledError', async () => {
    function* main(): Coroutine<[boolean, boolean, unknown]> {
      const task = createTask(sleep(10));
      const signal = taskSignal(task);
      expect(taskSignal(task)).toBe(signal);
      yield* sleep(1);
      const before = signal.aborted;
      task.cancel('stop');
      try {
        yield* task;
      } catch {
        // cancelled
      }
      yield* sleep(0);
      return [before, signal.aborted, signal.reason];
    }
    const [before, after, reason] = await runVirtual(main());
    expect(before).toBe(false);
    expect(after).toBe(true);
    expect(reason).toBeInstanceOf(CancelledError);
    expect((reason as Error).message).toBe('stop');
  });

  it('stops native work started inside the task with the task signal', async () => {
    function* main(): Coroutine<string[]> {
      const log: string[] = [];
      const task = createTask(
        (function* (): Coroutine<void> {
          const signal = taskSignal();
          signal.addEventListener('abort', () => log.push('native work aborted'));
          yield* sleep(10);
        })(),
      );
      yield* sleep(1);
      task.cancel();
      yield* sleep(0);
      yield* sleep(0);
      log.push(`task cancelled: ${task.cancelled()}`);
      return log;
    }
    expect(await runVirtual(main())).toEqual(['native work aborted', 'task cancelled: true']);
  });

  it('never aborts for a task that swallows the cancellation, returns or fails', async () => {
    function* main(): Coroutine<boolean[]> {
      const swallowing = createTask(
        (function* (): Coroutine<string> {
          try {
            yield* sleep(10);
          } catch {
            return 'kept going';
          }
          return 'slept';
        })(),
      );
      const failing = createTask(
        (function* (): Coroutine<void> {
          yield* sleep(1);
          throw new Error('failed');
        })(),
      );
      const signals = [taskSignal(swallowing), taskSignal(failing)];
      yield* sleep(0.5);
      swallowing.cancel();
      yield* sleep(2);
      expect(swallowing.result()).toBe('kept going');
      expect(failing.exception()).toBeInstanceOf(Error);
      const done = createTask(sleep(0));
      yield* done;
      signals.push(taskSignal(done));
      return signals.map((s) => s.aborted);
    }
    expect(await runVirtual(main())).toEqual([false, false, false]);
  });

  it('is aborted at once for a task already cancelled; refuses non-tasks and calls outside a task', async () => {
    function* main(): Coroutine<boolean> {
      const task = createTask(sleep(1));
      task.cancel();
      try {
        yield* task;
      } catch {
        // cancelled
      }
      expect(() => taskSignal({} as never)).toThrow(InvalidArgumentError);
      let outside: unknown = null;
      getRunningLoop().callSoon(() => {
        try {
          taskSignal();
        } catch (error) {
          outside = error;
        }
      });
      yield* sleep(0);
      expect(outside).toBeInstanceOf(InvalidStateError);
      return taskSignal(task).aborted;
    }
    expect(await runVirtual(main())).toBe(true);
    expect(() => taskSignal()).toThrow(LoopStateError);
  });
});
