import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  type Coroutine,
  createTask,
  currentTask,
  ExceptionGroup,
  getRunningLoop,
  InvalidArgumentError,
  InvalidStateError,
  sleep,
  type Task,
  TaskGroup,
} from '@async/asyncio';
import { VirtualEventLoop } from '@async/loop-testing';
import { runVirtual } from './virtual-run.js';

const now = (): number => getRunningLoop().time();

describe('TaskGroup', () => {
  it('waits for every task and evaluates to the body result', async () => {
    // Python 3.13 (results read after the block): [2, 1, 2]
    function* v(n: number): Coroutine<number> {
      yield* sleep(n);
      return n;
    }
    function* main(): Coroutine<number[]> {
      const [a, b] = (yield* new TaskGroup().run(function* (tg) {
        return [tg.createTask(v(2)), tg.createTask(v(1))] as const;
      }))!;
      return [a.result(), b.result(), now()];
    }
    expect(await runVirtual(main())).toEqual([2, 1, 2]);
  });

  it('a failing task cancels its siblings and the body; the errors come as an ExceptionGroup', async () => {
    // Python 3.13: ['sibling cancelled at 1', 'body cancelled at 1', "group ['boom'] cancelling=0",
    //               'parent goes on at 2']
    const log: string[] = [];
    function* sibling(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log.push(`sibling cancelled at ${now()}`);
        throw e;
      }
    }
    function* bad(): Coroutine<void> {
      yield* sleep(1);
      throw new RangeError('boom');
    }
    function* main(): Coroutine<void> {
      try {
        yield* new TaskGroup().run(function* (tg) {
          tg.createTask(sibling());
          tg.createTask(bad());
          try {
            yield* sleep(5);
          } catch (e) {
            log.push(`body cancelled at ${now()}`);
            throw e;
          }
        });
      } catch (e) {
        if (e instanceof ExceptionGroup) {
          const matched = e.subgroup(RangeError)!;
          log.push(`group ${JSON.stringify(matched.exceptions.map((x) => (x as Error).message))} cancelling=${currentTask()!.cancelling()}`);
        }
      }
      yield* sleep(1);
      log.push(`parent goes on at ${now()}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['sibling cancelled at 1', 'body cancelled at 1', 'group ["boom"] cancelling=0', 'parent goes on at 2']);
  });

  it('gathers every failure, and an error of the body too', async () => {
    // Python 3.13: ["unhandled errors in a TaskGroup ['boom1', 'boom2']"], ['child cancelled', ...KeyError]
    const log: string[] = [];
    function* bad(n: number): Coroutine<void> {
      yield* sleep(1);
      throw new RangeError(`boom${n}`);
    }
    function* child(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log.push('child cancelled');
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      try {
        yield* new TaskGroup().run(function* (tg) {
          tg.createTask(bad(1));
          tg.createTask(bad(2));
        });
      } catch (e) {
        const g = e as ExceptionGroup;
        log.push(`${g.message} ${g.exceptions.map((x) => (x as Error).message).join(',')}`);
      }
      try {
        yield* new TaskGroup().run(function* (tg) {
          tg.createTask(child());
          yield* sleep(0);
          throw new TypeError('body');
        });
      } catch (e) {
        const g = e as ExceptionGroup;
        log.push(`group ${g.exceptions.map((x) => `${(x as Error).name}:${(x as Error).message}`).join(',')}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['unhandled errors in a TaskGroup boom1,boom2', 'child cancelled', 'group TypeError:body']);
  });

  it('a cancellation of the parent from outside waits for the tasks and stays a CancelledError', async () => {
    // Python 3.13: ['child cancelled at 2', 'child cleanup done at 3', 'parent cancelled=True at 3']
    const log: string[] = [];
    function* child(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log.push(`child cancelled at ${now()}`);
        yield* sleep(1);
        log.push(`child cleanup done at ${now()}`);
        throw e;
      }
    }
    function* parent(): Coroutine<void> {
      yield* new TaskGroup().run(function* (tg) {
        tg.createTask(child());
      });
      log.push('not reached');
    }
    function* main(): Coroutine<void> {
      const p = createTask(parent());
      yield* sleep(2);
      p.cancel();
      try {
        yield* p;
      } catch (e) {
        if (e instanceof CancelledError) log.push(`parent cancelled=${p.cancelled()} at ${now()}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['child cancelled at 2', 'child cleanup done at 3', 'parent cancelled=true at 3']);
  });

  it('an outside cancellation during the shutdown survives the ExceptionGroup', async () => {
    // Python 3.13: ['slow cleanup done at 2', 'eg 1 cancelling=1', 're-cancelled at next await',
    //               'p cancelled=True']
    const log: string[] = [];
    function* bad(): Coroutine<void> {
      yield* sleep(1);
      throw new RangeError('boom');
    }
    function* slowCleanup(): Coroutine<void> {
      try {
        yield* sleep(10);
      } finally {
        yield* sleep(1);
        log.push(`slow cleanup done at ${now()}`);
      }
    }
    function* parent(): Coroutine<void> {
      try {
        yield* new TaskGroup().run(function* (tg) {
          tg.createTask(bad());
          tg.createTask(slowCleanup());
          yield* sleep(5);
        });
      } catch (e) {
        if (e instanceof ExceptionGroup) log.push(`eg ${e.exceptions.length} cancelling=${currentTask()!.cancelling()}`);
      }
      try {
        yield* sleep(1);
        log.push('no cancel');
      } catch (e) {
        log.push('re-cancelled at next await');
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      const p = createTask(parent());
      yield* sleep(0);
      getRunningLoop().callLater(1.5, () => p.cancel());
      try {
        yield* p;
      } catch {
        log.push(`p cancelled=${p.cancelled()}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['slow cleanup done at 2', 'eg 1 cancelling=1', 're-cancelled at next await', 'p cancelled=true']);
  });

  it('cancel() stops the tasks and the body without raising', async () => {
    const log: string[] = [];
    function* child(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log.push(`child cancelled at ${now()}`);
        throw e;
      }
    }
    function* main(): Coroutine<unknown> {
      const tg = new TaskGroup();
      const result = yield* tg.run(function* () {
        tg.createTask(child());
        getRunningLoop().callLater(1, () => tg.cancel());
        yield* sleep(5);
        return 'finished';
      });
      log.push(`result ${String(result)} cancelling=${currentTask()!.cancelling()} at ${now()}`);
      tg.cancel(); // after the end: nothing happens
      const early = new TaskGroup();
      early.cancel(); // before entry: cancelled on entry, so it refuses new tasks
      yield* early.run(function* (g) {
        try {
          g.createTask(child());
        } catch (e) {
          log.push((e as Error).message);
        }
        yield* sleep(5);
      });
      log.push(`early group done at ${now()}`);
      return result;
    }
    expect(await runVirtual(main())).toBeUndefined();
    expect(log).toEqual([
      'child cancelled at 1',
      'result undefined cancelling=0 at 1',
      'TaskGroup is shutting down',
      'early group done at 1',
    ]);
  });

  it('refuses tasks before entry, after the end, while shutting down, and a second entry', async () => {
    // Python 3.13: 'has not been entered', 'is finished', 'has already been entered'
    const messages: string[] = [];
    let closedCoroutine = false;
    function* c(): Coroutine<void> {
      try {
        yield* sleep(0);
      } finally {
        closedCoroutine = true;
      }
    }
    function* bad(): Coroutine<void> {
      throw new RangeError('x');
    }
    function* main(): Coroutine<void> {
      const tg = new TaskGroup();
      try {
        tg.createTask(c());
      } catch (e) {
        if (e instanceof InvalidStateError) messages.push(e.message);
      }
      yield* tg.run(function* () {
        yield* sleep(0);
      });
      try {
        tg.createTask(c());
      } catch (e) {
        messages.push((e as Error).message);
      }
      try {
        yield* tg.run(function* () {
          yield* sleep(0);
        });
      } catch (e) {
        messages.push((e as Error).message);
      }
      try {
        yield* new TaskGroup().run(function* (g) {
          g.createTask(bad());
          try {
            yield* sleep(1);
          } catch {
            // The group is aborting now.
            try {
              g.createTask(c());
            } catch (e) {
              messages.push((e as Error).message);
            }
          }
        });
      } catch {
        // the ExceptionGroup
      }
      try {
        new TaskGroup().run(42 as never);
      } catch (e) {
        if (e instanceof InvalidArgumentError) messages.push('bad body');
      }
      try {
        yield* new TaskGroup().run(function* (g) {
          g.createTask(sleep(0) as unknown as Coroutine<void>);
          g.createTask(42 as never);
        });
      } catch (e) {
        // The body's error joins the group's errors.
        if (e instanceof ExceptionGroup && e.exceptions[0] instanceof InvalidArgumentError) messages.push('bad coroutine');
      }
    }
    await runVirtual(main());
    expect(messages).toEqual([
      'TaskGroup has not been entered: create tasks inside tg.run()',
      'TaskGroup is finished',
      'this TaskGroup has already been entered: use a new one',
      'TaskGroup is shutting down',
      'bad body',
      'bad coroutine',
    ]);
    expect(closedCoroutine).toBe(false); // refused coroutines were closed before they started
  });

  it('must run inside a task', async () => {
    const loop = new VirtualEventLoop();
    const errors: unknown[] = [];
    loop.callSoon(() => {
      const coro = new TaskGroup().run(function* () {});
      try {
        coro.next();
      } catch (e) {
        errors.push(e);
      }
    });
    loop.runUntilIdle();
    loop.close();
    expect(errors[0]).toBeInstanceOf(InvalidStateError);
  });

  it('eager tasks that fail at once still go through the loop before cancelling the parent', async () => {
    function* failNow(): Coroutine<void> {
      throw new RangeError('at once');
    }
    function* main(): Coroutine<string> {
      let afterCreate = '';
      try {
        yield* new TaskGroup().run(function* (tg) {
          const t: Task<void> = tg.createTask(failNow(), { eagerStart: true });
          afterCreate = `done=${t.done()} cancelling=${currentTask()!.cancelling()}`;
          yield* sleep(1);
        });
      } catch (e) {
        return `${afterCreate} ${(e as ExceptionGroup).exceptions.length}`;
      }
      return 'no error';
    }
    expect(await runVirtual(main())).toBe('done=true cancelling=0 1');
  });

  it('toString shows the state', async () => {
    function* main(): Coroutine<string[]> {
      const tg = new TaskGroup();
      const seen = [String(tg)];
      yield* tg.run(function* () {
        tg.createTask(sleep(1) as unknown as Coroutine<void>);
        seen.push(String(tg));
      });
      return seen;
    }
    expect(await runVirtual(main())).toEqual(['<TaskGroup>', '<TaskGroup tasks=1 entered>']);
  });
});
