import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  type Coroutine,
  createTask,
  currentTask,
  getRunningLoop,
  InvalidArgumentError,
  InvalidStateError,
  LoopStateError,
  sleep,
  Timeout,
  timeout,
  timeoutAt,
  TimeoutError,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

const now = (): number => getRunningLoop().time();

describe('timeout().run()', () => {
  it('turns the deadline cancellation into TimeoutError, chained to the CancelledError', async () => {
    // Python 3.13: ['when 2', 'inner sees CancelledError',
    //               'TimeoutError cause=CancelledError expired=True at 2', 'rescheduled fired', 'at 4']
    const log: string[] = [];
    function* main(): Coroutine<void> {
      const cm = timeout(2);
      try {
        yield* cm.run(function* (t) {
          log.push(`when ${t.when()}`);
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) log.push('inner sees CancelledError');
            throw e;
          }
        });
      } catch (e) {
        if (e instanceof TimeoutError) {
          log.push(`TimeoutError cause=${(e.cause as Error).name} expired=${cm.expired()} at ${now()}`);
        }
      }
      try {
        yield* timeout(5).run(function* (cm2) {
          yield* sleep(1);
          cm2.reschedule(now() + 1);
          try {
            yield* sleep(5);
          } catch (e) {
            log.push('rescheduled fired');
            throw e;
          }
        });
      } catch (e) {
        if (e instanceof TimeoutError) log.push(`at ${now()}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual([
      'when 2',
      'inner sees CancelledError',
      'TimeoutError cause=CancelledError expired=true at 2',
      'rescheduled fired',
      'at 4',
    ]);
  });

  it('reschedule(null) disarms, a past deadline expires at once, an expired scope cannot move', async () => {
    // Python 3.13: ['not expired False at 3', 'past deadline expired at 3 True',
    //               'RuntimeError Cannot change state of expired Timeout']
    const log: string[] = [];
    function* main(): Coroutine<void> {
      const cm = timeout(1);
      try {
        yield* cm.run(function* () {
          cm.reschedule(null);
          yield* sleep(3);
          log.push(`not expired ${cm.expired()} at ${now()}`);
          cm.reschedule(now() - 1);
          yield* sleep(3);
        });
      } catch (e) {
        if (e instanceof TimeoutError) log.push(`past deadline expired at ${now()} ${cm.expired()}`);
      }
      try {
        cm.reschedule(null);
      } catch (e) {
        if (e instanceof InvalidStateError) log.push(`InvalidStateError ${e.message}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual([
      'not expired false at 3',
      'past deadline expired at 3 true',
      'InvalidStateError reschedule() on a Timeout that is expired: only an active timeout can move',
    ]);
  });

  it('nested scopes: only the scope whose deadline passed raises', async () => {
    // Python 3.13: ['inner timeout at 1 outer.expired=False',
    //               'outer timeout at 5 inner2.expired=False outer.expired=True']
    const log: string[] = [];
    function* main(): Coroutine<void> {
      const outer = timeout(5);
      const inner2 = timeout(10);
      try {
        yield* outer.run(function* () {
          try {
            yield* timeout(1).run(sleep(10));
          } catch (e) {
            if (e instanceof TimeoutError) log.push(`inner timeout at ${now()} outer.expired=${outer.expired()}`);
          }
          yield* inner2.run(sleep(10));
        });
      } catch (e) {
        if (e instanceof TimeoutError) {
          log.push(`outer timeout at ${now()} inner2.expired=${inner2.expired()} outer.expired=${outer.expired()}`);
        }
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['inner timeout at 1 outer.expired=false', 'outer timeout at 5 inner2.expired=false outer.expired=true']);
  });

  it('a cancellation from outside at the deadline stays a CancelledError', async () => {
    // Python 3.13: ['CancelledError propagates', 't.cancelled=True']
    const log: string[] = [];
    function* body(): Coroutine<void> {
      try {
        yield* timeout(1).run(sleep(10));
      } catch (e) {
        log.push(e instanceof TimeoutError ? 'wrong: TimeoutError' : 'CancelledError propagates');
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      const t = createTask(body());
      getRunningLoop().callLater(1, () => t.cancel());
      try {
        yield* t;
      } catch {
        log.push(`t.cancelled=${t.cancelled()}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['CancelledError propagates', 't.cancelled=true']);
  });

  it('a body that swallows the cancellation ends normally, expired and uncancelled', async () => {
    // Python 3.13: ['swallowed', 'no error, expired=True, cancelling=0']
    const log: string[] = [];
    function* main(): Coroutine<void> {
      const cm = timeout(1);
      yield* cm.run(function* () {
        try {
          yield* sleep(10);
        } catch {
          log.push('swallowed');
        }
      });
      log.push(`no error, expired=${cm.expired()}, cancelling=${currentTask()!.cancelling()}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['swallowed', 'no error, expired=true, cancelling=0']);
  });

  it('lets other errors through and evaluates to the body result', async () => {
    function* main(): Coroutine<[number, string]> {
      const result = yield* timeout(5).run(sleep(1, 42));
      let message = '';
      try {
        yield* timeout(5).run(function* () {
          yield* sleep(1);
          throw new RangeError('own error');
        });
      } catch (e) {
        message = (e as Error).message;
      }
      return [result, message];
    }
    expect(await runVirtual(main())).toEqual([42, 'own error']);
  });

  it('timeoutAt(null) never expires; timeout(null) neither', async () => {
    function* main(): Coroutine<boolean> {
      const a = timeoutAt(null);
      const b = timeout(null);
      yield* a.run(b.run(sleep(100)));
      return a.expired() || b.expired();
    }
    expect(await runVirtual(main())).toBe(false);
  });

  it('refuses bad arguments, a second entry, entry outside a task, and use outside a loop', async () => {
    expect(() => timeout(1)).toThrow(LoopStateError);
    expect(() => new Timeout('soon' as never)).toThrow(InvalidArgumentError);
    expect(() => timeoutAt(Number.NaN)).toThrow(InvalidArgumentError);
    const t = new Timeout(5);
    expect(() => t.reschedule(1)).toThrow(/not been entered/);
    expect(() => t.run(42 as never)).toThrow(InvalidArgumentError);
    function* main(): Coroutine<string[]> {
      const errors: string[] = [];
      expect(() => timeout('x' as never)).toThrow(InvalidArgumentError);
      const cm = timeout(5);
      yield* cm.run(sleep(0));
      try {
        yield* cm.run(sleep(0));
      } catch (e) {
        errors.push((e as Error).message);
      }
      try {
        yield* timeout(1).run((() => 5) as never);
      } catch (e) {
        errors.push((e as Error).name);
      }
      const loop = getRunningLoop();
      const outside = timeout(1);
      loop.callSoon(() => {
        try {
          outside.enter();
        } catch (e) {
          errors.push((e as Error).message);
        }
      });
      yield* sleep(0);
      yield* sleep(0);
      return errors;
    }
    expect(await runVirtual(main())).toEqual([
      'this Timeout has already been entered: create a new one',
      'InvalidArgumentError',
      'a Timeout must be entered inside a task: run it from a coroutine',
    ]);
  });

  it('toString shows the state and deadline', async () => {
    function* main(): Coroutine<string[]> {
      const t = timeout(1.5);
      const seen = [String(t)];
      yield* t.run(function* () {
        seen.push(String(t));
      });
      seen.push(String(t));
      return seen;
    }
    expect(await runVirtual(main())).toEqual(['<Timeout [created]>', '<Timeout [active] when=1.5>', '<Timeout [finished]>']);
  });
});

describe('using timeout().enter()', () => {
  it('is exact while the deadline does not pass: the timer is cancelled at the end of the block', async () => {
    function* main(): Coroutine<[boolean, number | undefined]> {
      const loop = getRunningLoop() as import('@async/loop-testing').VirtualEventLoop;
      let t: Timeout;
      {
        using scope = timeout(5).enter();
        t = scope;
        yield* sleep(1);
      }
      return [t.expired(), loop.nextDeadline()];
    }
    expect(await runVirtual(main())).toEqual([false, undefined]);
  });

  it('on expiry reports the TimeoutError with the CancelledError in a SuppressedError', async () => {
    const log: string[] = [];
    function* main(): Coroutine<void> {
      try {
        using _t = timeout(1).enter();
        yield* sleep(10);
      } catch (e) {
        const s = e as { name: string; error: unknown; suppressed: unknown };
        log.push(s.name, String(s.error instanceof TimeoutError), String(s.suppressed instanceof CancelledError));
      }
      // The task is not left cancelled: it goes on waiting.
      yield* sleep(1);
      log.push(`cancelling=${currentTask()!.cancelling()} at ${now()}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['SuppressedError', 'true', 'true', 'cancelling=0 at 2']);
  });

  it('disposing a scope never entered is an error; disposing twice is harmless', async () => {
    function* main(): Coroutine<string> {
      const t = timeout(1).enter();
      t[Symbol.dispose]();
      t[Symbol.dispose]();
      try {
        using _never = timeout(1);
      } catch (e) {
        return (e as Error).message;
      }
      yield* sleep(0);
      return 'no error';
    }
    expect(await runVirtual(main())).toMatch(/disposed without being entered/);
  });
});
