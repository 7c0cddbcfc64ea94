import { describe, expect, it } from 'vitest';
import { type Coroutine, type ExceptionContext, type Future, Task, allTasks } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';

/*
 * How futures and tasks are queued on the engine's loops: a done future is queued itself to run
 * its callbacks, a waiting task is kept by the future it waits on, and a task is queued itself
 * for its steps. None of it may change the order asyncio gives.
 */
describe('queueing of done callbacks and task steps', () => {
  it('runs done callbacks and waiting tasks in the order they were added, where callSoon would', () => {
    const loop = new VirtualEventLoop();
    const future = loop.createFuture<number>();
    const seen: string[] = [];
    future.addDoneCallback(() => seen.push('first callback'));
    function* waiter(): Coroutine<void> {
      seen.push(`task got ${yield* future}`);
    }
    loop.createTask(waiter());
    loop.runUntilIdle(); // the task now waits on the future
    future.addDoneCallback(() => seen.push('last callback'));
    loop.callSoon(() => seen.push('queued before'));
    future.setResult(7);
    loop.callSoon(() => seen.push('queued after'));
    loop.runUntilIdle();
    expect(seen).toEqual(['queued before', 'first callback', 'task got 7', 'last callback', 'queued after']);
    loop.close();
  });

  it('leaves the callbacks of a done future scheduled: too late to remove one, as in asyncio', () => {
    const loop = new VirtualEventLoop();
    const future = loop.createFuture<string>();
    const seen: string[] = [];
    const callback = (f: Future<string>): void => {
      seen.push(f.result());
    };
    future.addDoneCallback(callback);
    future.setResult('ran');
    expect(future.removeDoneCallback(callback)).toBe(0);
    loop.runUntilIdle();
    expect(seen).toEqual(['ran']);
    loop.close();
  });

  it('runs a task completed from outside while its first step is queued once, in its place', () => {
    const loop = new VirtualEventLoop();
    const seen: string[] = [];
    function* neverStarted(): Coroutine<number> {
      seen.push('coroutine ran');
      return 1;
    }
    const task = loop.createTask(neverStarted());
    task.addDoneCallback((t) => seen.push(`callback got ${t.result()}`));
    loop.callSoon(() => seen.push('queued before completion'));
    task.setResult(2);
    loop.runUntilIdle();
    // The task is in the queue twice: its step (which does nothing now) and then its callbacks.
    expect(seen).toEqual(['queued before completion', 'callback got 2']);
    loop.close();
  });

  it('resumes a task that yielded a done future on the next iteration, and can cancel it there', () => {
    const loop = new VirtualEventLoop();
    const done = loop.createFuture<string>();
    done.setResult('value');
    const seen: string[] = [];
    function* yieldsDone(): Coroutine<void> {
      loop.callSoon(() => seen.push('queued before the yield'));
      seen.push(`got ${String(yield done)}`);
      loop.callSoon(() => task.cancel('stop'));
      try {
        yield done;
        seen.push('not cancelled');
      } catch (error) {
        seen.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    const task = loop.createTask(yieldsDone());
    loop.runUntilIdle();
    expect(seen).toEqual(['queued before the yield', 'got value', 'CancelledError: stop']);
    expect(task.done() && !task.cancelled()).toBe(true);
    loop.close();
  });

  it('lets go of the coroutine of a task that finished in its eager first step (Python 3.12)', () => {
    const loop = new VirtualEventLoop();
    function* quick(): Coroutine<number> {
      return 1;
    }
    const future = loop.createFuture<number>();
    function* waits(): Coroutine<number> {
      return yield* future;
    }
    const finished = loop.createTask(quick(), { eagerStart: true });
    const coro = waits();
    const waiting = loop.createTask(coro, { eagerStart: true });
    expect(finished.done()).toBe(true);
    expect(finished.getCoro()).toBeNull();
    expect(waiting.getCoro()).toBe(coro);
    future.setResult(2);
    loop.runUntilIdle();
    expect(waiting.result()).toBe(2);
    expect(waiting.getCoro()).toBe(coro);
    loop.close();
  });

  it('lists new tasks in allTasks() until they finish or wait, whichever of them goes first', () => {
    const loop = new VirtualEventLoop();
    const gate = loop.createFuture<void>();
    function* finishes(): Coroutine<string> {
      return 'done';
    }
    function* waits(): Coroutine<void> {
      yield* gate;
    }
    const tasks: Task<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      const coro: Coroutine<unknown> = i % 2 === 0 ? finishes() : waits();
      tasks.push(loop.createTask(coro, { name: `t${i}` }));
    }
    const names = (): string[] => [...allTasks(loop)].map((t) => t.getName()).sort();
    expect(names()).toEqual(['t0', 't1', 't2', 't3', 't4']);
    // The first, a middle one and the last one finish; the others wait (held weakly from then on).
    loop.runUntilIdle();
    expect(names()).toEqual(['t1', 't3']);
    const late = loop.createTask(finishes(), { name: 'late' });
    expect(names()).toEqual(['late', 't1', 't3']);
    gate.setResult();
    loop.runUntilIdle();
    expect(names()).toEqual([]);
    expect(late.result()).toBe('done');
    expect(tasks.every((t) => t.done())).toBe(true);
    loop.close();
  });

  it('reports a slow done callback by name in debug mode', () => {
    const loop = new VirtualEventLoop();
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_loop, context) => {
      reports.push(context);
    });
    loop.setDebug(true);
    loop.slowCallbackDuration = 0;
    const future = loop.createFuture<number>();
    function slowDoneCallback(): void {}
    future.addDoneCallback(slowDoneCallback);
    future.setResult(1);
    loop.runUntilIdle();
    expect(reports.map((r) => r.message).some((m) => /done callback slowDoneCallback of <Future finished>/.test(m))).toBe(true);
    loop.close();
  });
});
