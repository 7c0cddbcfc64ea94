import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError } from '@async/loop';
import { Timeout, sleep, spawn, withTimeout } from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

const env = useVirtualHub();

describe('Timeout', () => {
  it('is raised at the blocking point of the greenlet that started it', async () => {
    const g = spawn(function* () {
      const t = Timeout.startNew(1.5);
      try {
        yield* sleep(10);
        return 'slept';
      } catch (e) {
        return [e === t, env.loop.time(), t.pending, (e as Error).message];
      } finally {
        t.cancel();
      }
    });
    expect(await g).toEqual([true, 1.5, false, '1.5 seconds']);
  });

  it('cancels the wake-up of the sleep it interrupts, and an awaited sleep resolves with its value', async () => {
    const g = spawn(function* () {
      const t = Timeout.startNew(1);
      try {
        yield* sleep(10);
      } catch (e) {
        return e === t;
      } finally {
        t.cancel();
      }
      return false;
    });
    expect(await g).toBe(true);
    // The sleeper's 10-second wake-up went with it: nothing is left to fire.
    expect(env.loop.nextDeadline()).toBeUndefined();
    expect(await sleep(0.5, 'value')).toBe('value');
    expect(env.loop.time()).toBe(1.5);
  });

  it('nested: the outer one expiring first passes through the inner handler, as in gevent', async () => {
    const g = spawn(function* () {
      const log: string[] = [];
      const outer = Timeout.startNew(0.05);
      try {
        const inner = Timeout.startNew(0.1);
        try {
          yield* sleep(1);
        } catch (e) {
          log.push(`inner caught outer=${e === outer} inner=${e === inner}`);
          throw e;
        } finally {
          inner.cancel();
        }
      } catch (e) {
        log.push(`outer caught ${e === outer} at ${env.loop.time()}`);
      } finally {
        outer.cancel();
      }
      return log;
    });
    expect(await g).toEqual(['inner caught outer=true inner=false', 'outer caught true at 0.05']);
  });

  it('raises a given exception instead of itself', async () => {
    const g = spawn(function* () {
      Timeout.startNew(1, RangeError);
      yield* sleep(2);
    });
    await expect(g.get()).rejects.toBeInstanceOf(RangeError);
  });

  it('does nothing once cancelled, and never expires with seconds null', async () => {
    const g = spawn(function* () {
      const t = Timeout.startNew(1);
      t.cancel();
      const never = Timeout.startNew(null);
      yield* sleep(2);
      return [t.pending, never.pending];
    });
    expect(await g).toEqual([false, false]);
  });

  it('scope() cancels on exit and suppresses its own expiry when the exception is false', async () => {
    const g = spawn(function* () {
      const silent = yield* Timeout.scope(
        1,
        function* () {
          yield* sleep(5);
          return 'finished';
        },
        false,
      );
      const quick = yield* Timeout.scope(1, function* () {
        yield* sleep(0.5);
        return 'quick';
      });
      yield* sleep(3); // a cancelled scope timeout must not fire later
      return [silent, quick, env.loop.time()];
    });
    expect(await g).toEqual([undefined, 'quick', 4.5]);
    expect(new Timeout(2.5, false).message).toBe('2.5 seconds (silent)');
    expect(new Timeout(1).message).toBe('1 second');
  });

  it('refuses bad input with typed errors', () => {
    expect(() => new Timeout(-1)).toThrow(InvalidArgumentError);
    expect(() => new Timeout('1' as never)).toThrow(InvalidArgumentError);
    expect(() => new Timeout(1, 'x' as never)).toThrow(InvalidArgumentError);
    expect(() => new Timeout(1).start()).toThrow(InvalidStateError); // outside a greenlet
  });

  it('refuses to start twice', async () => {
    const g = spawn(function* () {
      const t = Timeout.startNew(1);
      try {
        t.start();
      } finally {
        t.cancel();
      }
    });
    await expect(g.get()).rejects.toBeInstanceOf(InvalidStateError);
  });
});

describe('withTimeout', () => {
  it('returns the value of a call that finishes in time', async () => {
    expect(
      await withTimeout(1, function* (x: number) {
        yield* sleep(0.5);
        return x;
      }, 7),
    ).toBe(7);
  });

  it('raises the Timeout, or returns timeoutValue, when it expires', async () => {
    const slow = function* () {
      yield* sleep(5);
      return 'slow';
    };
    await expect(withTimeout(1, slow)).rejects.toBeInstanceOf(Timeout);
    expect(await withTimeout(1, slow, { timeoutValue: 'tv' })).toBe('tv');
    expect(env.loop.time()).toBe(2);
  });

  it('lets another Timeout through rather than replacing it by timeoutValue', async () => {
    const g = spawn(function* () {
      const outer = Timeout.startNew(0.5);
      try {
        return yield* withTimeout(1, () => sleep(5), { timeoutValue: 'tv' });
      } catch (e) {
        return e === outer ? 'outer' : 'other';
      }
    });
    expect(await g).toBe('outer');
  });
});
