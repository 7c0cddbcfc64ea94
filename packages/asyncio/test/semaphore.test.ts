import { describe, expect, it } from 'vitest';
import {
  BoundedSemaphore,
  type Coroutine,
  createTask,
  gather,
  getRunningLoop,
  InvalidArgumentError,
  InvalidStateError,
  Semaphore,
  sleep,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

describe('Semaphore', () => {
  it('lets value tasks in at once, first in first out, and a cancelled waiter frees its place', async () => {
    // Python 3.13: ['w0 in at 0.0', 'locked=True', 'w2 in at 1.0', 'value ok True', ...]
    const log: string[] = [];
    const sem = new Semaphore(1);
    function* w(n: number): Coroutine<void> {
      yield* sem.run(function* () {
        log.push(`w${n} in at ${getRunningLoop().time()}`);
        yield* sleep(1);
      });
    }
    function* main(): Coroutine<void> {
      const ts = [0, 1, 2].map((i) => createTask(w(i)));
      yield* sleep(0.5);
      log.push(`locked=${sem.locked()}`);
      ts[1]!.cancel();
      yield* gather(...ts, { returnExceptions: true });
      log.push(`value ok ${!sem.locked()}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['w0 in at 0', 'locked=true', 'w2 in at 1', 'value ok true']);
  });

  it('a waiter woken but cancelled before running gives its unit to the next', async () => {
    // Python 3.13: ['w2 acquired', 't1 cancelled=True value=0']
    const log: string[] = [];
    const sem = new Semaphore(0);
    function* w(n: number): Coroutine<void> {
      yield* sem.acquire();
      log.push(`w${n} acquired`);
    }
    function* main(): Coroutine<void> {
      const t1 = createTask(w(1));
      const t2 = createTask(w(2));
      yield* sleep(0);
      sem.release();
      t1.cancel();
      yield* gather(t1, t2, { returnExceptions: true });
      log.push(`t1 cancelled=${t1.cancelled()} ${String(sem)}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['w2 acquired', 't1 cancelled=true <Semaphore [locked]>']);
  });

  it('newcomers wait behind queued tasks even when units are free', async () => {
    const sem = new Semaphore(1);
    const order: string[] = [];
    function* w(name: string): Coroutine<void> {
      yield* sem.acquire();
      order.push(name);
    }
    function* main(): Coroutine<void> {
      yield* sem.acquire();
      const queued = createTask(w('queued'));
      yield* sleep(0);
      sem.release(); // a unit for "queued", which has not run yet
      const late = createTask(w('late'));
      yield* sleep(0);
      sem.release();
      yield* gather(queued, late);
    }
    await runVirtual(main());
    expect(order).toEqual(['queued', 'late']);
  });

  it('BoundedSemaphore refuses more releases than acquires; bad values are refused', async () => {
    const b = new BoundedSemaphore(1);
    expect(() => b.release()).toThrow(InvalidStateError);
    expect(() => new Semaphore(-1)).toThrow(InvalidArgumentError);
    expect(() => new BoundedSemaphore(1.5)).toThrow(/integer >= 0/);
    function* main(): Coroutine<string> {
      using _unit = yield* b.enter();
      return String(b);
    }
    expect(await runVirtual(main())).toBe('<BoundedSemaphore [locked]>');
    expect(String(b)).toBe('<BoundedSemaphore [unlocked, value:1]>');
  });
});
