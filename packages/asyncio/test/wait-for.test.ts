import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  type Coroutine,
  createTask,
  currentTask,
  getRunningLoop,
  InvalidArgumentError,
  sleep,
  TimeoutError,
  waitFor,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

const now = (): number => getRunningLoop().time();

describe('waitFor', () => {
  it('with a timeout of 0 never starts a coroutine, and returns a done future at once', async () => {
    // Python 3.13: ['timeout started=False', 'done future -> 7']
    const log: string[] = [];
    let started = false;
    function* f(): Coroutine<number> {
      started = true;
      return 1;
    }
    function* main(): Coroutine<void> {
      try {
        yield* waitFor(f(), 0);
      } catch (e) {
        if (e instanceof TimeoutError) log.push(`timeout started=${started} cause=${(e.cause as Error).name}`);
      }
      const fut = getRunningLoop().createFuture<number>();
      fut.setResult(7);
      log.push(`done future -> ${yield* waitFor(fut, 0)}`);
      try {
        // A promise's future is not done yet when waitFor() starts: a negative timeout cancels it.
        yield* waitFor(Promise.resolve(8), -1);
      } catch (e) {
        log.push(`negative timeout: ${(e as Error).name}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual([
      'timeout started=false cause=CancelledError',
      'done future -> 7',
      'negative timeout: TimeoutError',
    ]);
  });

  it('waits for the cancelled work to clean up before raising TimeoutError', async () => {
    // Python 3.13: ['cleanup', 'cleanup done', 'timeout after 3']
    const log: string[] = [];
    function* slow(): Coroutine<void> {
      try {
        yield* sleep(10);
      } finally {
        log.push('cleanup');
        yield* sleep(1);
        log.push('cleanup done');
      }
    }
    function* main(): Coroutine<void> {
      try {
        yield* waitFor(slow(), 2);
      } catch (e) {
        if (e instanceof TimeoutError) log.push(`timeout after ${now()}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['cleanup', 'cleanup done', 'timeout after 3']);
  });

  it('returns the result in time, cancels a task on timeout, and follows the caller cancellation', async () => {
    function* main(): Coroutine<unknown[]> {
      const results: unknown[] = [yield* waitFor(sleep(1, 'quick'), 2), yield* waitFor(sleep(1, 'unlimited'), null)];
      const t = createTask(sleep(10));
      try {
        yield* waitFor(t, 1);
      } catch (e) {
        results.push(e instanceof TimeoutError, t.cancelled());
      }
      const inner = createTask(sleep(10));
      const waiter = createTask(waitFor(inner, 5));
      yield* sleep(1);
      waiter.cancel();
      try {
        yield* waiter;
      } catch (e) {
        results.push(e instanceof CancelledError, inner.cancelled(), currentTask()!.cancelling());
      }
      return results;
    }
    expect(await runVirtual(main())).toEqual(['quick', 'unlimited', true, true, true, true, 0]);
  });

  it('a timeout of 0 on work that ignores the cancellation returns its result', async () => {
    function* stubborn(): Coroutine<string> {
      try {
        yield* sleep(1);
      } catch {
        return 'finished anyway';
      }
      return 'not cancelled';
    }
    function* main(): Coroutine<string> {
      const t = createTask(stubborn());
      yield* sleep(0);
      return yield* waitFor(t, 0);
    }
    expect(await runVirtual(main())).toBe('finished anyway');
  });

  it('refuses what cannot be waited on and a bad timeout', () => {
    expect(() => waitFor(42 as never, 1)).toThrow(InvalidArgumentError);
    expect(() => waitFor(Promise.resolve(1), 'x' as never)).toThrow(/timeout must be a number/);
    expect(() => waitFor(Promise.resolve(1), Number.NaN)).toThrow(InvalidArgumentError);
  });
});
