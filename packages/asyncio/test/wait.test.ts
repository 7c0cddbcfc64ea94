import { describe, expect, it } from 'vitest';
import {
  ALL_COMPLETED,
  type Coroutine,
  createTask,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  getRunningLoop,
  InvalidArgumentError,
  sleep,
  wait,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

const now = (): number => getRunningLoop().time();

describe('wait', () => {
  it('returns [done, pending] on FIRST_COMPLETED, FIRST_EXCEPTION, timeout and ALL_COMPLETED', async () => {
    // Python 3.13: ['first: done=[1] pending=2 at 1.0', 'exc: done=2 pending=1 at 2.0',
    //               'timeout: done=2 pending=1 at 2.5', 'all: done=3 at 3.0']
    const log: string[] = [];
    function* v(d: number, fail = false): Coroutine<number> {
      yield* sleep(d);
      if (fail) throw new RangeError(String(d));
      return d;
    }
    function* main(): Coroutine<void> {
      const ts = [createTask(v(3)), createTask(v(1)), createTask(v(2, true))];
      let [done, pending] = yield* wait(ts, { returnWhen: FIRST_COMPLETED });
      log.push(`first: done=${[...done].map((t) => t.result())} pending=${pending.size} at ${now()}`);
      [done, pending] = yield* wait(ts, { returnWhen: FIRST_EXCEPTION });
      log.push(`exc: done=${done.size} pending=${pending.size} at ${now()}`);
      [done, pending] = yield* wait(ts, { timeout: 0.5 });
      log.push(`timeout: done=${done.size} pending=${pending.size} at ${now()}`);
      [done, pending] = yield* wait(ts, { returnWhen: ALL_COMPLETED, timeout: null });
      log.push(`all: done=${done.size} at ${now()} same objects=${[...done].every((t) => ts.includes(t))}`);
      ts[2]!.exception();
    }
    await runVirtual(main());
    expect(log).toEqual([
      'first: done=1 pending=2 at 1',
      'exc: done=2 pending=1 at 2',
      'timeout: done=2 pending=1 at 2.5',
      'all: done=3 at 3 same objects=true',
    ]);
  });

  it('FIRST_EXCEPTION waits for everything when nothing fails; cancelling wait() cancels nothing else', async () => {
    function* main(): Coroutine<[number, number, boolean]> {
      const ts = [createTask(sleep(1)), createTask(sleep(2))];
      const [done] = yield* wait(ts, { returnWhen: FIRST_EXCEPTION });
      const t3 = createTask(sleep(5));
      const waiting = createTask(wait([t3]));
      yield* sleep(1);
      waiting.cancel();
      try {
        yield* waiting;
      } catch {
        // cancelled
      }
      return [done.size, now(), t3.cancelled()];
    }
    expect(await runVirtual(main())).toEqual([2, 3, false]);
  });

  it('refuses an empty collection, coroutines, promises, a single future and bad options', async () => {
    function* main(): Coroutine<string[]> {
      const t = createTask(sleep(0));
      const bad: [unknown, unknown][] = [
        [[], undefined],
        [[sleep(1)], undefined],
        [[Promise.resolve(1)], undefined],
        [t, undefined],
        ['tasks', undefined],
        [[t], { returnWhen: 'SOMETIMES' }],
        [[t], { timeout: 'soon' }],
      ];
      const names: string[] = [];
      for (const [futures, options] of bad) {
        try {
          wait(futures as never, options as never);
        } catch (e) {
          if (e instanceof InvalidArgumentError) names.push(e.message.slice(0, 24));
        }
      }
      yield* t;
      return names;
    }
    expect(await runVirtual(main())).toEqual([
      'wait() needs at least on',
      'wait() takes futures and',
      'wait() takes futures and',
      'wait() expects an iterab',
      'wait() expects an iterab',
      'wait() returnWhen must b',
      'wait() timeout must be a',
    ]);
  });
});
