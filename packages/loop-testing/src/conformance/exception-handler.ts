/**
 * Conformance: errors nobody else can receive. A callback's exception goes to the exception
 * handler (with the handle) and the loop carries on; a custom handler gets `(loop, context)`; a
 * handler that throws falls back to the default, which writes to `console.error`; a future's
 * exception that was never retrieved is reported when the future is garbage-collected.
 */
import { describe, expect, it } from 'vitest';
import { Handle, TimerHandle, type Coroutine, type EventLoop, type ExceptionContext } from '@async/loop';
import type { SuiteContext } from './suite-context.js';
import { collectGarbageUntil } from './garbage-collection.js';

/** Everything `console.error` was called with, as one string. */
function printed(calls: unknown[][]): string {
  return calls.map((args) => args.map(String).join(' ')).join('\n');
}

/** Registers the exception-handler tests. */
export function describeExceptionHandler<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('exception handler', () => {
    it('reports a callback\'s exception with its handle and goes on with the batch', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      const error = new Error('callback failed');
      const seen: string[] = [];
      const handle = loop.callSoon(function failing() {
        throw error;
      });
      loop.callSoon(() => seen.push('next callback'));
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['next callback']);
      expect(reports).toHaveLength(1);
      expect(reports[0]?.exception).toBe(error);
      expect(reports[0]?.handle).toBe(handle);
      expect(reports[0]?.handle).toBeInstanceOf(Handle);
      expect(reports[0]?.message).toMatch(/Exception in callback/);
    });

    it('reports a timer callback\'s exception with its TimerHandle', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      const handle = loop.callLater(0.001, () => {
        throw new Error('timer failed');
      });
      loop.callLater(0.002, () => loop.stop());
      await loop.runForever();
      expect(reports).toHaveLength(1);
      expect(reports[0]?.handle).toBe(handle);
      expect(reports[0]?.handle).toBeInstanceOf(TimerHandle);
      expect((reports[0]?.exception as Error).message).toBe('timer failed');
    });

    it('keeps running after many failing callbacks', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      let ran = 0;
      for (let i = 0; i < 20; i++) {
        loop.callSoon(() => {
          ran++;
          throw new Error(`failure ${i}`);
        });
      }
      loop.callSoon(() => loop.callSoon(() => loop.stop()));
      await loop.runForever();
      expect(ran).toBe(20);
      expect(reports.map((r) => (r.exception as Error).message)).toEqual(
        Array.from({ length: 20 }, (_, i) => `failure ${i}`),
      );
    });

    it('reports a failing done callback with a handle naming it, and runs the future\'s other callbacks', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      const future = loop.createFuture<number>();
      const error = new Error('done callback failed');
      const seen: string[] = [];
      function failingDoneCallback(): void {
        throw error;
      }
      future.addDoneCallback(failingDoneCallback);
      future.addDoneCallback((f) => seen.push(`second saw ${f.result()}`));
      future.setResult(7);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['second saw 7']);
      expect(reports).toHaveLength(1);
      expect(reports[0]?.exception).toBe(error);
      expect(reports[0]?.message).toMatch(/Exception in callback .*failingDoneCallback/);
      expect(reports[0]?.handle).toBeInstanceOf(Handle);
    });

    it('calls a custom handler with the loop and the context, and null restores the default', () => {
      const loop = ctx.newLoop();
      const calls: Array<[EventLoop, ExceptionContext]> = [];
      const handler = (l: EventLoop, context: ExceptionContext): void => {
        calls.push([l, context]);
      };
      expect(loop.getExceptionHandler()).toBeNull();
      loop.setExceptionHandler(handler);
      expect(loop.getExceptionHandler()).toBe(handler);
      const context = { message: 'something odd', detail: 1 };
      loop.callExceptionHandler(context);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.[0]).toBe(loop);
      expect(calls[0]?.[1]).toBe(context);
      loop.setExceptionHandler(null);
      expect(loop.getExceptionHandler()).toBeNull();
      const spy = ctx.spyOnConsoleError();
      loop.callExceptionHandler({ message: 'to the default now' });
      expect(calls).toHaveLength(1);
      expect(printed(spy.mock.calls)).toContain('to the default now');
    });

    it('writes to console.error from the default handler: message, other keys and the stack', () => {
      const loop = ctx.newLoop();
      const spy = ctx.spyOnConsoleError();
      const error = new Error('the cause');
      loop.defaultExceptionHandler({ message: 'Something failed', exception: error, peer: '127.0.0.1:80' });
      expect(spy).toHaveBeenCalledTimes(1);
      const text = printed(spy.mock.calls);
      expect(text).toContain('Something failed');
      expect(text).toContain('peer: 127.0.0.1:80');
      expect(text).toContain('the cause');
      expect(text).toContain(error.stack!.split('\n')[1]!.trim());
    });

    it('sends a failing callback to console.error when no handler is set', async () => {
      const loop = ctx.newLoop();
      const spy = ctx.spyOnConsoleError();
      loop.callSoon(() => {
        throw new Error('nobody handles this');
      });
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(spy).toHaveBeenCalledTimes(1);
      const text = printed(spy.mock.calls);
      expect(text).toMatch(/Exception in callback/);
      expect(text).toContain('nobody handles this');
    });

    it('falls back to the default handler, showing both errors, when the custom handler throws', async () => {
      const loop = ctx.newLoop();
      const spy = ctx.spyOnConsoleError();
      loop.setExceptionHandler(() => {
        throw new Error('handler broke');
      });
      loop.callSoon(() => {
        throw new Error('original failure');
      });
      const seen: string[] = [];
      loop.callSoon(() => seen.push('loop went on'));
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['loop went on']);
      expect(spy).toHaveBeenCalledTimes(1);
      const text = printed(spy.mock.calls);
      expect(text).toContain('Unhandled error in exception handler');
      expect(text).toContain('handler broke');
      expect(text).toContain('original failure');
    });

    it('never throws from callExceptionHandler(), even when console.error does', () => {
      const loop = ctx.newLoop();
      const spy = ctx.spyOnConsoleError();
      spy.mockImplementation(() => {
        throw new Error('console is broken');
      });
      expect(() => loop.callExceptionHandler({ message: 'nowhere to go' })).not.toThrow();
      loop.setExceptionHandler(() => {
        throw new Error('handler broke too');
      });
      expect(() => loop.callExceptionHandler({ message: 'still nowhere' })).not.toThrow();
    });

    it('reports a future\'s exception that was never retrieved once the future is collected', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      const lost = new Error('nobody looked at me');
      const looked = new Error('somebody looked at me');
      let retrievedRef: WeakRef<object> | undefined;
      (() => {
        loop.createFuture().setException(lost);
        const retrieved = loop.createFuture();
        retrieved.setException(looked);
        retrieved.exception();
        retrievedRef = new WeakRef(retrieved);
      })();
      await collectGarbageUntil(() => reports.length > 0 && retrievedRef?.deref() === undefined);
      // A few more rounds, so that a report of the retrieved one would have time to show up.
      await collectGarbageUntil(() => false, 3);
      expect(retrievedRef?.deref()).toBeUndefined();
      expect(reports.map((r) => r.exception)).toEqual([lost]);
      expect(reports[0]?.message).toMatch(/exception was never retrieved/);
    });

    it('reports a failed task nobody waited on once it is collected, naming the task', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      const error = new Error('task failed alone');
      await (async () => {
        function* failing(): Coroutine<void> {
          throw error;
        }
        loop.createTask(failing(), { name: 'lonely' });
        loop.callSoon(() => loop.callSoon(() => loop.stop()));
        await loop.runForever();
      })();
      await collectGarbageUntil(() => reports.length > 0);
      expect(reports).toHaveLength(1);
      expect(reports[0]?.exception).toBe(error);
      expect(reports[0]?.message).toMatch(/lonely.*never retrieved/);
    });

    it('reports a task whose error was made inside its own coroutine (the error must not keep the task alive)', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      await (async () => {
        function* failing(): Coroutine<void> {
          throw new Error('made inside the task');
        }
        loop.createTask(failing(), { name: 'self-made' });
        loop.callSoon(() => loop.callSoon(() => loop.stop()));
        await loop.runForever();
      })();
      await collectGarbageUntil(() => reports.length > 0);
      expect(reports).toHaveLength(1);
      expect(reports[0]?.message).toMatch(/self-made.*never retrieved/);
    });

    it('does not report an exception that was awaited', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      let ref: WeakRef<object> | undefined;
      await (async () => {
        const future = loop.createFuture();
        ref = new WeakRef(future);
        future.setException(new Error('awaited'));
        await future.then(
          () => {},
          () => {},
        );
      })();
      await collectGarbageUntil(() => ref?.deref() === undefined);
      await collectGarbageUntil(() => false, 3);
      expect(ref?.deref()).toBeUndefined();
      expect(reports).toEqual([]);
    });
  });
}
