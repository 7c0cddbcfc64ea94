import { describe, expect, it } from 'vitest';
import {
  asCompleted,
  type Coroutine,
  createTask,
  getRunningLoop,
  InvalidArgumentError,
  sleep,
  TimeoutError,
} from '@async/asyncio';
import { VirtualEventLoop } from '@async/loop-testing';
import { runVirtual } from './virtual-run.js';

const now = (): number => getRunningLoop().time();

function* v(d: number): Coroutine<number> {
  yield* sleep(d);
  return d;
}

describe('asCompleted', () => {
  it('gives the results in completion order, and TimeoutError once the timeout passes', async () => {
    // Python 3.13: ['1 at 1.0', '2 at 2.0', '3 at 3.0', '1 at 4', 'timeout at 5.0']
    const log: string[] = [];
    function* main(): Coroutine<void> {
      for (const next of asCompleted([v(3), v(1), v(2)])) log.push(`${yield* next} at ${now()}`);
      try {
        for (const next of asCompleted([v(1), v(5)], { timeout: 2 })) log.push(`${yield* next} at ${now()}`);
      } catch (e) {
        if (e instanceof TimeoutError) log.push(`timeout at ${now()}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['1 at 1', '2 at 2', '3 at 3', '1 at 4', 'timeout at 5']);
  });

  it('takes the loop of the futures given, even when called outside that loop', async () => {
    const loop = new VirtualEventLoop();
    const a = loop.createFuture<string>();
    const b = loop.createFuture<string>();
    const order = asCompleted([a, b]);
    loop.callLater(2, () => a.setResult('a'));
    loop.callLater(1, () => b.setResult('b'));
    function* main(): Coroutine<string[]> {
      const results: string[] = [];
      for (const next of order) results.push(yield* next);
      return results;
    }
    expect(await loop.runUntilComplete(main())).toEqual(['b', 'a']);
    loop.close();
  });

  it('an empty collection iterates nothing; a duplicate is waited once', async () => {
    function* main(): Coroutine<number[]> {
      const results: number[] = [];
      for (const next of asCompleted([])) results.push(yield* next);
      const c = v(1);
      for (const next of asCompleted([c, c])) results.push(yield* next);
      return results;
    }
    expect(await runVirtual(main())).toEqual([1]);
  });

  it('refuses a single future or coroutine, non-iterables and a bad timeout', async () => {
    function* main(): Coroutine<number> {
      const t = createTask(v(0));
      let refused = 0;
      for (const bad of [t, v(1), 42, null]) {
        try {
          asCompleted(bad as never);
        } catch (e) {
          if (e instanceof InvalidArgumentError) refused++;
        }
      }
      try {
        asCompleted([t], { timeout: 'x' as never });
      } catch (e) {
        if (e instanceof InvalidArgumentError) refused++;
      }
      yield* t;
      return refused;
    }
    expect(await runVirtual(main())).toBe(5);
  });
});
