import { describe, expect, it } from 'vitest';
import {
  Condition,
  type Coroutine,
  createTask,
  gather,
  InvalidArgumentError,
  InvalidStateError,
  Lock,
  sleep,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

describe('Condition', () => {
  it('notify(n) wakes waiters first in, first out; notifyAll wakes the rest', async () => {
    // Python 3.13: ['w0 woke', 'after notify 1', 'w1 woke', 'w2 woke']
    const log: string[] = [];
    const cond = new Condition();
    function* waiter(n: number): Coroutine<void> {
      yield* cond.run(function* () {
        yield* cond.wait();
        log.push(`w${n} woke`);
      });
    }
    function* main(): Coroutine<void> {
      const ts = [0, 1, 2].map((i) => createTask(waiter(i)));
      yield* sleep(0);
      yield* cond.run(function* () {
        cond.notify(1);
      });
      yield* sleep(0);
      yield* sleep(0);
      log.push('after notify 1');
      yield* cond.run(function* () {
        cond.notifyAll();
      });
      yield* gather(...ts);
    }
    await runVirtual(main());
    expect(log).toEqual(['w0 woke', 'after notify 1', 'w1 woke', 'w2 woke']);
  });

  it('a waiter cancelled after being notified re-acquires the lock, then hands the wake-up on', async () => {
    // Python 3.13: ['w0 cancelled, locked=True', 'w1 woke']
    const log: string[] = [];
    const cond = new Condition();
    function* waiter(n: number): Coroutine<void> {
      yield* cond.run(function* () {
        try {
          yield* cond.wait();
          log.push(`w${n} woke`);
        } catch (e) {
          log.push(`w${n} cancelled, locked=${cond.locked()}`);
          throw e;
        }
      });
    }
    function* main(): Coroutine<void> {
      const t0 = createTask(waiter(0));
      const t1 = createTask(waiter(1));
      yield* sleep(0);
      yield* cond.run(function* () {
        cond.notify(1);
        t0.cancel();
      });
      yield* gather(t0, t1, { returnExceptions: true });
    }
    await runVirtual(main());
    expect(log).toEqual(['w0 cancelled, locked=true', 'w1 woke']);
  });

  it('waitFor(predicate) re-checks after each wake-up and evaluates to the predicate value', async () => {
    const cond = new Condition(new Lock());
    let value = 0;
    function* main(): Coroutine<[number, string]> {
      const waiter = createTask(
        cond.run(function* () {
          return yield* cond.waitFor(() => (value >= 2 ? `value ${value}` : ''));
        }),
      );
      for (let i = 0; i < 3; i++) {
        yield* sleep(1);
        yield* cond.run(function* () {
          value++;
          cond.notifyAll();
        });
      }
      return [value, yield* waiter];
    }
    expect(await runVirtual(main())).toEqual([3, 'value 2']);
  });

  it('also works with using: the lock is released at the end of the block', async () => {
    const cond = new Condition();
    function* main(): Coroutine<boolean[]> {
      const seen: boolean[] = [];
      {
        using _held = yield* cond.enter();
        seen.push(cond.locked());
      }
      seen.push(cond.locked());
      return seen;
    }
    expect(await runVirtual(main())).toEqual([true, false]);
  });

  it('refuses wait() and notify() without the lock, and bad arguments', async () => {
    const cond = new Condition();
    expect(() => new Condition({} as never)).toThrow(InvalidArgumentError);
    expect(() => cond.notify()).toThrow(InvalidStateError);
    expect(() => cond.notifyAll()).toThrow(/needs the lock/);
    expect(() => cond.waitFor(42 as never)).toThrow(InvalidArgumentError);
    function* main(): Coroutine<string> {
      yield* cond.acquire();
      try {
        cond.notify('1' as never);
      } catch (e) {
        cond.release();
        if (!(e instanceof InvalidArgumentError)) throw e;
      }
      try {
        yield* cond.wait();
      } catch (e) {
        return (e as Error).name;
      }
      return 'no error';
    }
    expect(await runVirtual(main())).toBe('InvalidStateError');
    expect(String(cond)).toBe('<Condition [unlocked]>');
  });
});
