import { describe, expect, it } from 'vitest';
import { type Coroutine, createTask, gather, InvalidStateError, Lock, sleep } from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

describe('Lock', () => {
  it('serialises tasks first in, first out', async () => {
    const lock = new Lock();
    const log: string[] = [];
    function* worker(n: number): Coroutine<void> {
      yield* lock.run(function* () {
        log.push(`in ${n}`);
        yield* sleep(1);
        log.push(`out ${n}`);
      });
    }
    function* main(): Coroutine<void> {
      yield* gather(worker(1), worker(2), worker(3));
    }
    await runVirtual(main());
    expect(log).toEqual(['in 1', 'out 1', 'in 2', 'out 2', 'in 3', 'out 3']);
  });

  it('a waiter woken but cancelled before it runs passes the lock to the next one', async () => {
    // Python 3.13: ['w2 got lock', 't1 cancelled=True locked=False']
    const log: string[] = [];
    const lock = new Lock();
    function* w(n: number): Coroutine<void> {
      yield* lock.acquire();
      log.push(`w${n} got lock`);
      lock.release();
    }
    function* main(): Coroutine<void> {
      yield* lock.acquire();
      const t1 = createTask(w(1));
      const t2 = createTask(w(2));
      yield* sleep(0);
      lock.release();
      t1.cancel();
      yield* gather(t1, t2, { returnExceptions: true });
      log.push(`t1 cancelled=${t1.cancelled()} locked=${lock.locked()}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['w2 got lock', 't1 cancelled=true locked=false']);
  });

  it('releases when the body fails, and with using at the end of the block', async () => {
    const lock = new Lock();
    function* main(): Coroutine<string[]> {
      const seen: string[] = [];
      try {
        yield* lock.run(function* () {
          throw new RangeError('body failed');
        });
      } catch (e) {
        seen.push(`${(e as Error).message} locked=${lock.locked()}`);
      }
      {
        using held = yield* lock.enter();
        seen.push(String(lock));
        held[Symbol.dispose]();
        seen.push(`disposed early locked=${lock.locked()}`);
      }
      seen.push(`after block ${String(lock)}`);
      return seen;
    }
    expect(await runVirtual(main())).toEqual([
      'body failed locked=false',
      '<Lock [locked]>',
      'disposed early locked=false',
      'after block <Lock [unlocked]>',
    ]);
  });

  it('release() of a free lock is an error; a lock is bound to one loop', async () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(InvalidStateError);
    function* hold(): Coroutine<void> {
      yield* lock.acquire();
      const waiter = createTask(lock.acquire());
      yield* sleep(0);
      waiter.cancel();
      lock.release();
    }
    await runVirtual(hold());
    function* other(): Coroutine<void> {
      yield* lock.acquire(); // free: no loop needed
      yield* lock.acquire(); // must wait: the lock is bound to the first loop
    }
    await expect(runVirtual(other())).rejects.toThrow(/bound to a different event loop/);
  });
});
