/**
 * Conformance: the `Task` driver on this loop. A task steps its coroutine as loop callbacks,
 * waits on whatever the coroutine yields (futures, coroutines, promises, async functions, a bare
 * `yield` for one turn), and throws errors and `CancelledError` in at the yield point, where
 * `try/finally` runs. Cancellation follows asyncio: it can be caught, counted and withdrawn.
 */
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Future,
  InvalidArgumentError,
  Task,
  currentTask,
  isFuture,
  type Coroutine,
  type EventLoop,
} from '@async/loop';
import type { SuiteContext } from './suite-context.js';
import { sleep } from './sleep.js';

/** Registers the task tests. */
export function describeTasks<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('tasks', () => {
    it('completes with the coroutine\'s return value', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<number> {
        yield* sleep(loop, 0.001);
        return 42;
      }
      const task = loop.createTask(main());
      expect(await loop.runUntilComplete(task)).toBe(42);
      expect(task.done()).toBe(true);
      expect(task.result()).toBe(42);
    });

    it('is a Future bound to the loop, with done callbacks', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        return 'done';
      }
      const task = loop.createTask(main());
      expect(task).toBeInstanceOf(Task);
      expect(task).toBeInstanceOf(Future);
      expect(isFuture(task)).toBe(true);
      expect(task.getLoop()).toBe(loop);
      const seen: string[] = [];
      task.addDoneCallback((t) => seen.push(t.result()));
      await loop.runUntilComplete(task);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['done']);
    });

    it('schedules the first step instead of running it inside createTask()', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      function* main(): Coroutine<void> {
        seen.push('body');
      }
      const task = loop.createTask(main());
      seen.push('created');
      await loop.runUntilComplete(task);
      expect(seen).toEqual(['created', 'body']);
    });

    it('runs the first step synchronously with eagerStart, up to the first wait', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      function* main(): Coroutine<string> {
        seen.push('first step');
        yield* sleep(loop, 0.001);
        seen.push('second step');
        return 'eager';
      }
      const task = loop.createTask(main(), { eagerStart: true });
      seen.push('created');
      expect(task.done()).toBe(false);
      expect(await loop.runUntilComplete(task)).toBe('eager');
      expect(seen).toEqual(['first step', 'created', 'second step']);
    });

    it('finishes an eager task that never waits inside createTask()', () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<number> {
        return 7;
      }
      const task = loop.createTask(main(), { eagerStart: true });
      expect(task.done()).toBe(true);
      expect(task.result()).toBe(7);
    });

    it('sets currentTask() during an eager first step', () => {
      const loop = ctx.newLoop();
      let seen: unknown = 'unset';
      function* main(): Coroutine<void> {
        seen = currentTask(loop);
      }
      const task = loop.createTask(main(), { eagerStart: true });
      expect(seen).toBe(task);
      expect(currentTask(loop)).toBeNull();
    });

    it('fails with the error the coroutine throws', async () => {
      const loop = ctx.newLoop();
      const error = new Error('coroutine failed');
      function* main(): Coroutine<number> {
        yield* sleep(loop, 0);
        throw error;
      }
      const task = loop.createTask(main());
      await expect(loop.runUntilComplete(task)).rejects.toBe(error);
      expect(task.exception()).toBe(error);
    });

    it('throws a waited-on failure in at the yield point, and the coroutine goes on after catching it', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string[]> {
        const seen: string[] = [];
        const failing = loop.createFuture<number>();
        loop.callSoon(() => failing.setException(new SyntaxError('bad data')));
        try {
          yield* failing;
        } catch (e) {
          seen.push(`caught ${(e as Error).name}`);
        }
        yield* sleep(loop, 0);
        seen.push('went on');
        return seen;
      }
      expect(await loop.runUntilComplete(main())).toEqual(['caught SyntaxError', 'went on']);
    });

    it('runs try/finally cleanup when cancelled while waiting, and ends cancelled with the message', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      function* main(): Coroutine<void> {
        try {
          yield* loop.createFuture<void>();
        } catch (e) {
          seen.push(`caught ${(e as Error).name}: ${(e as Error).message}`);
          throw e;
        } finally {
          seen.push('finally');
        }
      }
      const task = loop.createTask(main());
      loop.callLater(0.001, () => task.cancel('stop now'));
      const outcome = loop.runUntilComplete(task);
      await expect(outcome).rejects.toBeInstanceOf(CancelledError);
      await expect(outcome).rejects.toThrow('stop now');
      expect(task.cancelled()).toBe(true);
      expect(seen).toEqual(['caught CancelledError: stop now', 'finally']);
    });

    it('never runs the body of a task cancelled before its first step', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      function* main(): Coroutine<void> {
        seen.push('body');
      }
      const task = loop.createTask(main());
      expect(task.cancel('too early')).toBe(true);
      expect(task.done()).toBe(false);
      await expect(loop.runUntilComplete(task)).rejects.toThrow('too early');
      expect(task.cancelled()).toBe(true);
      expect(seen).toEqual([]);
    });

    it('cancels the sub-task it waits on, whose cleanup runs first', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      let task: Task<void> | undefined;
      function* inner(): Coroutine<void> {
        try {
          // Cancel the outer task once both tasks are waiting.
          loop.callSoon(() => task?.cancel());
          yield* loop.createFuture<void>();
        } finally {
          seen.push('inner finally');
        }
      }
      let child: Task<void> | undefined;
      function* outer(): Coroutine<void> {
        child = loop.createTask(inner());
        try {
          yield* child;
        } finally {
          seen.push('outer finally');
        }
      }
      task = loop.createTask(outer());
      await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
      expect(child?.cancelled()).toBe(true);
      expect(seen).toEqual(['inner finally', 'outer finally']);
    });

    it('cancels the future it waits on', async () => {
      const loop = ctx.newLoop();
      const waited = loop.createFuture<void>();
      function* main(): Coroutine<void> {
        yield* waited;
      }
      const task = loop.createTask(main());
      loop.callLater(0.001, () => task.cancel('bye'));
      await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
      expect(waited.cancelled()).toBe(true);
    });

    it('completes normally when the coroutine catches CancelledError and carries on', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        try {
          yield* loop.createFuture<void>();
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
        }
        yield* sleep(loop, 0.001);
        return 'recovered';
      }
      const task = loop.createTask(main());
      loop.callLater(0.001, () => task.cancel());
      expect(await loop.runUntilComplete(task)).toBe('recovered');
      expect(task.cancelled()).toBe(false);
      expect(task.cancelling()).toBe(1);
    });

    it('throws one CancelledError for two cancel() calls made while waiting', async () => {
      const loop = ctx.newLoop();
      let caught = 0;
      function* main(): Coroutine<string> {
        try {
          yield* loop.createFuture<void>();
        } catch (e) {
          if (e instanceof CancelledError) caught++;
        }
        yield* sleep(loop, 0.001);
        return 'finished';
      }
      const task = loop.createTask(main());
      loop.callLater(0.001, () => {
        task.cancel();
        task.cancel();
      });
      expect(await loop.runUntilComplete(task)).toBe('finished');
      expect(caught).toBe(1);
      expect(task.cancelling()).toBe(2);
    });

    it('counts cancellation requests with cancelling() and withdraws them with uncancel()', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<void> {
        yield* loop.createFuture<void>();
      }
      const task = loop.createTask(main());
      expect(task.cancelling()).toBe(0);
      expect(task.uncancel()).toBe(0);
      task.cancel();
      task.cancel();
      expect(task.cancelling()).toBe(2);
      expect(task.uncancel()).toBe(1);
      expect(task.cancelling()).toBe(1);
      await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
      expect(task.uncancel()).toBe(0);
      expect(task.uncancel()).toBe(0);
    });

    it('runs on when every cancellation request is withdrawn before delivery (Python 3.13)', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        yield* sleep(loop, 0);
        return 'ran anyway';
      }
      const task = loop.createTask(main());
      task.cancel();
      expect(task.uncancel()).toBe(0);
      expect(await loop.runUntilComplete(task)).toBe('ran anyway');
      expect(task.cancelled()).toBe(false);
    });

    it('returns false from cancel() on a finished task', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<number> {
        return 1;
      }
      const task = loop.createTask(main());
      await loop.runUntilComplete(task);
      expect(task.cancel()).toBe(false);
      expect(task.cancelling()).toBe(0);
      expect(task.result()).toBe(1);
    });

    it('ends cancelled when the coroutine itself throws CancelledError', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<void> {
        yield* sleep(loop, 0);
        throw new CancelledError('gave up');
      }
      const task = loop.createTask(main());
      await expect(loop.runUntilComplete(task)).rejects.toThrow('gave up');
      expect(task.cancelled()).toBe(true);
    });

    it('gives other callbacks one turn on a bare `yield`', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      function* worker(name: string): Coroutine<void> {
        for (let i = 0; i < 3; i++) {
          seen.push(`${name}${i}`);
          yield;
        }
      }
      const a = loop.createTask(worker('a'));
      const b = loop.createTask(worker('b'));
      await loop.runUntilComplete(b);
      expect(a.done()).toBe(true);
      expect(seen).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    });

    it('resumes with the value of a yielded promise, and throws its rejection in', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        const value = (yield Promise.resolve(5)) as number;
        try {
          yield Promise.reject(new URIError('rejected'));
        } catch (e) {
          return `${value} then ${(e as Error).name}`;
        }
        return 'no rejection';
      }
      expect(await loop.runUntilComplete(main())).toBe('5 then URIError');
    });

    it('calls a yielded async function with an AbortSignal and resumes with its result', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        const value = (yield async (signal: AbortSignal) => {
          await Promise.resolve();
          return signal instanceof AbortSignal && !signal.aborted ? 'signal ok' : 'no signal';
        }) as string;
        return value;
      }
      expect(await loop.runUntilComplete(main())).toBe('signal ok');
    });

    it('aborts the signal of a yielded async function when the task is cancelled', async () => {
      const loop = ctx.newLoop();
      let signal: AbortSignal | undefined;
      const seen: string[] = [];
      let task: Task<void> | undefined;
      function* main(): Coroutine<void> {
        try {
          yield async (s: AbortSignal) => {
            signal = s;
            loop.callSoon(() => task?.cancel('abort it'));
            await new Promise((resolve) => s.addEventListener('abort', resolve));
            return 'ignored';
          };
        } finally {
          seen.push('finally');
        }
      }
      task = loop.createTask(main());
      await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
      expect(signal?.aborted).toBe(true);
      expect(signal?.reason).toBeInstanceOf(CancelledError);
      expect((signal?.reason as Error).message).toBe('abort it');
      expect(seen).toEqual(['finally']);
    });

    it('runs a yielded coroutine object as a sub-task and resumes with its result', async () => {
      const loop = ctx.newLoop();
      let childTask: unknown;
      function* child(): Coroutine<number> {
        childTask = currentTask(loop);
        yield* sleep(loop, 0.001);
        return 20;
      }
      function* main(): Coroutine<number> {
        const value = (yield child()) as number;
        return value + 1;
      }
      const task = loop.createTask(main());
      expect(await loop.runUntilComplete(task)).toBe(21);
      expect(childTask).toBeInstanceOf(Task);
      expect(childTask).not.toBe(task);
    });

    it('runs `yield* child()` inline, in the same task', async () => {
      const loop = ctx.newLoop();
      let childTask: unknown;
      function* child(): Coroutine<number> {
        childTask = currentTask(loop);
        yield* sleep(loop, 0);
        return 2;
      }
      function* main(): Coroutine<number> {
        return (yield* child()) * 10;
      }
      const task = loop.createTask(main());
      expect(await loop.runUntilComplete(task)).toBe(20);
      expect(childTask).toBe(task);
    });

    it('waits on another task with `yield*` and gets its typed result', async () => {
      const loop = ctx.newLoop();
      function* producer(): Coroutine<string> {
        yield* sleep(loop, 0.001);
        return 'made';
      }
      function* consumer(): Coroutine<string> {
        const made: string = yield* loop.createTask(producer());
        return `${made} and used`;
      }
      expect(await loop.runUntilComplete(consumer())).toBe('made and used');
    });

    it('resumes tasks waiting on one future in the order they started waiting', async () => {
      const loop = ctx.newLoop();
      const gate = loop.createFuture<void>();
      const seen: string[] = [];
      function* waiter(name: string): Coroutine<void> {
        yield* gate;
        seen.push(name);
      }
      const tasks = ['first', 'second', 'third'].map((name) => loop.createTask(waiter(name)));
      loop.callLater(0.001, () => gate.setResult(undefined));
      await loop.runUntilComplete(tasks[2]!);
      expect(seen).toEqual(['first', 'second', 'third']);
    });

    it('throws InvalidArgumentError into a task that waits on itself', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        try {
          yield currentTask(loop);
        } catch (e) {
          return e instanceof InvalidArgumentError ? e.message : `other: ${String(e)}`;
        }
        return 'no error';
      }
      expect(await loop.runUntilComplete(main())).toMatch(/cannot wait on itself/);
    });

    it('throws InvalidArgumentError into a task that waits on a future of another loop', async () => {
      const loop = ctx.newLoop();
      const other = ctx.newLoop();
      function* main(): Coroutine<string> {
        try {
          yield other.createFuture<void>();
        } catch (e) {
          return e instanceof InvalidArgumentError ? e.message : `other: ${String(e)}`;
        }
        return 'no error';
      }
      expect(await loop.runUntilComplete(main())).toMatch(/different loop/);
    });

    it('throws InvalidArgumentError into a task that yields something it cannot wait on, and lets it go on', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        let message = '';
        try {
          yield 42;
        } catch (e) {
          message = e instanceof InvalidArgumentError ? e.message : `other: ${String(e)}`;
        }
        yield* sleep(loop, 0);
        return message;
      }
      const message = await loop.runUntilComplete(main());
      expect(message).toMatch(/cannot wait on number 42/);
      expect(message).toMatch(/Future|coroutine|promise/);
    });

    it('reports the running task through currentTask(), and null outside tasks', async () => {
      const loop = ctx.newLoop();
      const seen: unknown[] = [];
      function* main(): Coroutine<void> {
        seen.push(currentTask(loop));
        yield* sleep(loop, 0);
        seen.push(currentTask(loop));
        loop.callSoon(() => seen.push(currentTask(loop)));
        yield* sleep(loop, 0.001);
      }
      expect(currentTask(loop)).toBeNull();
      const task = loop.createTask(main());
      await loop.runUntilComplete(task);
      expect(seen).toEqual([task, task, null]);
      expect(currentTask(loop)).toBeNull();
    });

    it('names tasks Task-<n> by default, or as asked, and lets them be renamed', () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<void> {}
      const plain = loop.createTask(main());
      const named = loop.createTask(main(), { name: 'worker' });
      expect(plain.getName()).toMatch(/^Task-\d+$/);
      expect(named.getName()).toBe('worker');
      named.setName('renamed');
      expect(named.getName()).toBe('renamed');
      plain.cancel();
      named.cancel();
    });

    it('gives back the coroutine it drives from getCoro()', () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<void> {}
      const coro = main();
      const task = loop.createTask(coro);
      expect(task.getCoro()).toBe(coro);
      task.cancel();
    });

    it('can be awaited from plain async code', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        yield* sleep(loop, 0.001);
        return 'awaited';
      }
      const task = loop.createTask(main());
      const run = loop.runForever();
      const value = await task;
      loop.stop();
      await run;
      expect(value).toBe('awaited');
    });
  });
}
