import { describe, expect, it } from 'vitest';
import { type Coroutine, createTask, Event, gather, sleep, waitFor, TimeoutError } from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

describe('Event', () => {
  it('set() wakes every waiter, even if cleared before they run', async () => {
    // Python 3.13: ['w0', 'w1', 'is_set=False']
    const log: string[] = [];
    const e = new Event();
    function* w(n: number): Coroutine<void> {
      yield* e.wait();
      log.push(`w${n}`);
    }
    function* main(): Coroutine<void> {
      const ts = [createTask(w(0)), createTask(w(1))];
      yield* sleep(0);
      e.set();
      e.clear();
      yield* gather(...ts);
      log.push(`isSet=${e.isSet()}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['w0', 'w1', 'isSet=false']);
  });

  it('wait() returns at once when set, and a cancelled wait leaves no waiter behind', async () => {
    const e = new Event();
    function* main(): Coroutine<string[]> {
      const seen: string[] = [];
      try {
        yield* waitFor(e.wait(), 1);
      } catch (err) {
        if (err instanceof TimeoutError) seen.push(String(e));
      }
      e.set();
      seen.push(String(yield* e.wait()), String(e));
      e.set(); // setting twice is harmless
      return seen;
    }
    expect(await runVirtual(main())).toEqual(['<Event [unset]>', 'true', '<Event [set]>']);
  });
});
