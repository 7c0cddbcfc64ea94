import { describe, expect, it } from 'vitest';
import {
  Barrier,
  BrokenBarrierError,
  type Coroutine,
  createTask,
  gather,
  getRunningLoop,
  InvalidArgumentError,
  sleep,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

describe('Barrier', () => {
  it('releases the parties together, then resets, then breaks', async () => {
    // Python 3.13: ['w2 passed index=2 at 3.0', 'w0 passed index=0 at 3.0', 'w1 passed index=1 at 3.0',
    //  'n_waiting=0 broken=False', 'n_waiting=2', 'w0 broken: Abort or reset of barrier',
    //  'w1 broken: Abort or reset of barrier', 'after reset n_waiting=0 broken=False',
    //  'after abort: Barrier aborted, broken=True']
    const log: string[] = [];
    const b = new Barrier(3);
    function* w(n: number, d: number): Coroutine<void> {
      yield* sleep(d);
      const i = yield* b.wait();
      log.push(`w${n} passed index=${i} at ${getRunningLoop().time()}`);
    }
    function* w2(n: number): Coroutine<void> {
      try {
        yield* b.wait();
      } catch (e) {
        if (e instanceof BrokenBarrierError) log.push(`w${n} broken`);
      }
    }
    function* main(): Coroutine<void> {
      yield* gather(w(0, 1), w(1, 2), w(2, 3));
      log.push(`nWaiting=${b.nWaiting} broken=${b.broken}`);
      const ts = [createTask(w2(0)), createTask(w2(1))];
      yield* sleep(0);
      log.push(`nWaiting=${b.nWaiting} ${String(b)}`);
      yield* b.reset();
      yield* gather(...ts);
      log.push(`after reset nWaiting=${b.nWaiting} broken=${b.broken}`);
      yield* b.abort();
      try {
        yield* b.wait();
      } catch (e) {
        if (e instanceof BrokenBarrierError) log.push(`after abort: ${e.message}, broken=${b.broken} ${String(b)}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual([
      'w2 passed index=2 at 3',
      'w0 passed index=0 at 3',
      'w1 passed index=1 at 3',
      'nWaiting=0 broken=false',
      'nWaiting=2 <Barrier [filling, waiters:2/3]>',
      'w0 broken',
      'w1 broken',
      'after reset nWaiting=0 broken=false',
      'after abort: the barrier was aborted, broken=true <Barrier [broken]>',
    ]);
  });

  it('run(body) passes the arrival index; parties are checked', async () => {
    expect(() => new Barrier(0)).toThrow(InvalidArgumentError);
    expect(() => new Barrier(1.5)).toThrow(InvalidArgumentError);
    const b = new Barrier(2);
    expect(b.parties).toBe(2);
    function* main(): Coroutine<number[]> {
      return yield* gather(
        b.run(function* (i) {
          return i * 10;
        }),
        b.run(function* (i) {
          return i * 10;
        }),
      );
    }
    expect(await runVirtual(main())).toEqual([0, 10]);
    expect(() => b.run(null as never)).toThrow(InvalidArgumentError);
  });
});
