import { describe, expect, it } from 'vitest';
import {
  allTasks,
  CancelledError,
  type Coroutine,
  createTask,
  currentTask,
  ensureFuture,
  Future,
  getRunningLoop,
  InvalidArgumentError,
  LoopStateError,
  sleep,
  Task,
} from '@async/asyncio';
import { VirtualEventLoop } from '@async/loop-testing';
import { runVirtual } from './virtual-run.js';

describe('createTask and Task', () => {
  it('cancel(msg) throws CancelledError at the yield*, counts requests, keeps the name', async () => {
    // Python 3.13: ['cancelling=2', "inside ('bye',) cancelling=2", "outer ('bye',) name=worker",
    //               'cancel done -> False']
    const log: string[] = [];
    function* c(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log.push(`inside ${(e as Error).message} cancelling=${currentTask()!.cancelling()}`);
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      const t = createTask(c(), { name: 'worker' });
      yield* sleep(0);
      t.cancel('bye');
      t.cancel('again');
      log.push(`cancelling=${t.cancelling()}`);
      try {
        yield* t;
      } catch (e) {
        if (e instanceof CancelledError) log.push(`outer ${e.message} name=${t.getName()}`);
      }
      log.push(`cancel done -> ${t.cancel()}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['cancelling=2', 'inside bye cancelling=2', 'outer bye name=worker', 'cancel done -> false']);
  });

  it('a task cancelled before its first step never runs', async () => {
    const log: string[] = [];
    function* c(): Coroutine<void> {
      log.push('started');
      yield* sleep(0);
    }
    function* main(): Coroutine<void> {
      const t = createTask(c());
      t.cancel();
      try {
        yield* t;
      } catch {
        log.push(`never started, cancelled=${t.cancelled()}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['never started, cancelled=true']);
  });

  it('a coroutine may catch the cancellation, uncancel() and go on', async () => {
    const log: string[] = [];
    function* c(): Coroutine<string> {
      try {
        yield* sleep(10);
      } catch {
        log.push(`caught, cancelling=${currentTask()!.cancelling()}`);
        currentTask()!.uncancel();
      }
      yield* sleep(1);
      return 'finished';
    }
    function* main(): Coroutine<void> {
      const t = createTask(c());
      yield* sleep(0);
      t.cancel();
      log.push(yield* t);
    }
    await runVirtual(main());
    expect(log).toEqual(['caught, cancelling=1', 'finished']);
  });

  it('withdrawing the last request with uncancel() drops a cancellation not delivered yet (3.13)', async () => {
    function* main(): Coroutine<string> {
      const t = currentTask()!;
      t.cancel();
      const n = t.uncancel();
      yield* sleep(0);
      return `no CancelledError (count ${n})`;
    }
    expect(await runVirtual(main())).toBe('no CancelledError (count 0)');
  });

  it('eagerStart runs the first step inside createTask()', async () => {
    // Python 3.13 with eager_task_factory:
    // ['start 1', 'after create done=False', 'quick done=True q', 'end 1']
    const log: string[] = [];
    function* c(n: number): Coroutine<number> {
      log.push(`start ${n}`);
      yield* sleep(0);
      log.push(`end ${n}`);
      return n;
    }
    function* quick(): Coroutine<string> {
      return 'q';
    }
    function* main(): Coroutine<void> {
      const t = createTask(c(1), { eagerStart: true });
      log.push(`after create done=${t.done()}`);
      const t2 = createTask(quick(), { eagerStart: true });
      log.push(`quick done=${t2.done()} ${t2.result()}`);
      yield* t;
    }
    await runVirtual(main());
    expect(log).toEqual(['start 1', 'after create done=false', 'quick done=true q', 'end 1']);
  });

  it('getName/setName/getCoro, and the current task inside and outside', async () => {
    function* main(): Coroutine<string[]> {
      const coro = sleep(1);
      const t = createTask(coro);
      const seen = [String(t.getName().startsWith('Task-')), String(t.getCoro() === coro)];
      t.setName('renamed');
      seen.push(t.getName());
      seen.push(String(currentTask() !== null && currentTask() !== t));
      yield* t;
      return seen;
    }
    expect(await runVirtual(main())).toEqual(['true', 'true', 'renamed', 'true']);
    const loop = new VirtualEventLoop();
    expect(currentTask(loop)).toBeNull();
    expect(() => currentTask()).toThrow(LoopStateError);
    loop.close();
  });

  it('getStack() gives the chain of what the task waits on', async () => {
    function* leaf(f: Future<void>): Coroutine<void> {
      yield* f;
    }
    function* main(): Coroutine<boolean[]> {
      const f = getRunningLoop().createFuture<void>();
      const inner = createTask(leaf(f));
      const outer = createTask((function* () {
        yield* inner;
      })());
      yield* sleep(0);
      const stack = outer.getStack();
      f.setResult();
      yield* outer;
      return [stack.length === 2, stack[0] === inner, stack[1] === f, outer.getStack().length === 0];
    }
    expect(await runVirtual(main())).toEqual([true, true, true, true]);
  });

  it('allTasks() lists the tasks not done yet', async () => {
    // Python 3.13: [2, True, False]
    function* main(): Coroutine<[number, boolean, boolean, boolean]> {
      const self = currentTask()!;
      const t = createTask(sleep(1), { name: 'x' });
      const names = [...allTasks()].map((task) => task.getName());
      yield* t; // main has now waited on a future: it is listed through a weak reference
      const after = [...allTasks()];
      return [names.length, names.includes('x'), after.includes(t), after.includes(self)];
    }
    expect(await runVirtual(main())).toEqual([2, true, false, true]);
    const loop = new VirtualEventLoop();
    expect(allTasks(loop).size).toBe(0);
    loop.close();
  });

  it('refuses what is not a coroutine and works only with a running loop', async () => {
    expect(() => createTask(sleep(1))).toThrow(LoopStateError);
    function* main(): Coroutine<string[]> {
      const messages: string[] = [];
      for (const bad of [42, () => 1, Promise.resolve(1)]) {
        try {
          createTask(bad as never);
        } catch (e) {
          if (e instanceof InvalidArgumentError) messages.push(e.message.split(':')[0]!);
        }
      }
      try {
        createTask(sleep(0), { name: 5 as never });
      } catch (e) {
        messages.push((e as Error).name);
      }
      yield* sleep(0);
      return messages;
    }
    expect(await runVirtual(main())).toEqual([
      'createTask() needs a coroutine (a generator object), got number 42',
      'createTask() needs a coroutine (a generator object), got function (anonymous)',
      'createTask() needs a coroutine (a generator object), got an object (Promise)',
      'InvalidArgumentError',
    ]);
  });
});

describe('ensureFuture', () => {
  it('returns futures as they are, wraps coroutines in tasks and promises in futures', async () => {
    function* main(): Coroutine<unknown[]> {
      const loop = getRunningLoop();
      const f = loop.createFuture<number>();
      const t = ensureFuture(sleep(1, 'slept'));
      const p = ensureFuture(Promise.resolve('promised'));
      f.setResult(3);
      return [ensureFuture(f) === f, t instanceof Task, yield* t, yield* p, yield* f];
    }
    expect(await runVirtual(main())).toEqual([true, true, 'slept', 'promised', 3]);
  });

  it('refuses a future of another loop than the one given, and non-waitables', () => {
    const l1 = new VirtualEventLoop();
    const l2 = new VirtualEventLoop();
    const f = l1.createFuture();
    expect(ensureFuture(f, l1)).toBe(f);
    expect(() => ensureFuture(f, l2)).toThrow(InvalidArgumentError);
    expect(() => ensureFuture(42 as never, l1)).toThrow(InvalidArgumentError);
    l1.close();
    l2.close();
  });
});
