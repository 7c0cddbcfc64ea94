import { describe, expect, it } from 'vitest';
import { type Coroutine, createTask, gather, getRunningLoop, InvalidArgumentError, sleep } from '@async/asyncio';
import type { VirtualEventLoop } from '@async/loop-testing';
import { runVirtual } from './virtual-run.js';

describe('sleep', () => {
  it('sleep(0) lets every other ready task run once, like a bare yield', async () => {
    // Python 3.13: ['a0', 'b0', 'a1', 'b1', 'a2', 'b2']
    const log: string[] = [];
    function* w(name: string): Coroutine<void> {
      for (let i = 0; i < 3; i++) {
        log.push(`${name}${i}`);
        yield* sleep(0);
      }
    }
    function* main(): Coroutine<void> {
      yield* gather(w('a'), w('b'));
    }
    await runVirtual(main());
    expect(log).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('waits the delay in seconds and evaluates to the result; negative counts as 0', async () => {
    function* main(): Coroutine<unknown[]> {
      const loop = getRunningLoop();
      const a = yield* sleep(1.5, 'r');
      const t = loop.time();
      const b = yield* sleep(-3, 'neg');
      return [a, t, b, loop.time()];
    }
    expect(await runVirtual(main())).toEqual(['r', 1.5, 'neg', 1.5]);
  });

  it('cancelling a sleep cancels its timer; an infinite sleep arms none', async () => {
    function* main(): Coroutine<(number | undefined)[]> {
      const loop = getRunningLoop() as VirtualEventLoop;
      const long = createTask(sleep(100));
      const forever = createTask(sleep(Infinity));
      yield* sleep(0);
      const armed = loop.nextDeadline();
      long.cancel();
      forever.cancel();
      yield* gather(long, forever, { returnExceptions: true });
      return [armed, loop.nextDeadline()];
    }
    expect(await runVirtual(main())).toEqual([100, undefined]);
  });

  it('refuses a delay that is not a number', () => {
    expect(() => sleep('1' as never)).toThrow(InvalidArgumentError);
    expect(() => sleep(Number.NaN)).toThrow(/needs a number of seconds/);
  });
});
