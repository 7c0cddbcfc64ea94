/**
 * Conformance: the futures a loop creates. A future completes once (result, exception or
 * cancellation with a message); its done callbacks go through `callSoon`, never synchronously;
 * `yield* future` in a coroutine is typed as the result; `await future` settles as soon as the
 * future does. These are PEP 3156's rules, which every front's waitable builds on.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CancelledError, Future, InvalidStateError, type Coroutine, type EventLoop } from '@async/loop';
import type { SuiteContext } from './suite-context.js';

/** Registers the future tests. */
export function describeFutures<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('futures', () => {
    it('creates a pending future bound to the loop', () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      expect(future).toBeInstanceOf(Future);
      expect(future.getLoop()).toBe(loop);
      expect(future.done()).toBe(false);
      expect(future.cancelled()).toBe(false);
    });

    it('refuses result() and exception() while pending, with InvalidStateError', () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture();
      expect(() => future.result()).toThrow(InvalidStateError);
      expect(() => future.result()).toThrow(/not ready|pending/);
      expect(() => future.exception()).toThrow(InvalidStateError);
      expect(() => future.exception()).toThrow(/pending/);
    });

    it('holds the result given to setResult()', () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<{ n: number }>();
      const value = { n: 1 };
      future.setResult(value);
      expect(future.done()).toBe(true);
      expect(future.cancelled()).toBe(false);
      expect(future.result()).toBe(value);
      expect(future.exception()).toBeNull();
    });

    it('throws the exact exception given to setException() from result()', () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      const error = new RangeError('out of range');
      future.setException(error);
      expect(future.done()).toBe(true);
      expect(future.exception()).toBe(error);
      expect(() => future.result()).toThrow(error);
    });

    it('cancels with a message carried by the CancelledError', () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture();
      expect(future.cancel('no longer needed')).toBe(true);
      expect(future.cancelled()).toBe(true);
      expect(future.done()).toBe(true);
      let error: unknown;
      try {
        future.result();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe('no longer needed');
      expect(() => future.exception()).toThrow(CancelledError);
    });

    it('cancels without a message too', () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture();
      future.cancel();
      expect(() => future.result()).toThrow(CancelledError);
    });

    it('returns false from cancel() once done, keeping the outcome', () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<string>();
      future.setResult('kept');
      expect(future.cancel()).toBe(false);
      expect(future.cancelled()).toBe(false);
      expect(future.result()).toBe('kept');
      const cancelled = loop.createFuture();
      expect(cancelled.cancel('first')).toBe(true);
      expect(cancelled.cancel('second')).toBe(false);
      expect(() => cancelled.result()).toThrow('first');
    });

    it('rejects a second completion with InvalidStateError, whatever the first was', () => {
      const loop = ctx.newLoop();
      const finished = loop.createFuture<number>();
      finished.setResult(1);
      expect(() => finished.setResult(2)).toThrow(InvalidStateError);
      expect(() => finished.setResult(2)).toThrow(/already done/);
      expect(() => finished.setException(new Error('late'))).toThrow(InvalidStateError);
      expect(finished.result()).toBe(1);
      const cancelled = loop.createFuture<number>();
      cancelled.cancel();
      expect(() => cancelled.setResult(1)).toThrow(/already cancelled/);
      const failed = loop.createFuture<number>();
      failed.setException(new Error('first'));
      expect(() => failed.setException(new Error('second'))).toThrow(InvalidStateError);
      expect((failed.exception() as Error).message).toBe('first');
    });

    it('schedules done callbacks with callSoon, in the order they were added, never synchronously', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      const seen: string[] = [];
      future.addDoneCallback((f) => seen.push(`first ${f.result()}`));
      future.addDoneCallback((f) => seen.push(`second ${f === future}`));
      loop.callSoon(() => {
        future.setResult(5);
        seen.push('after setResult');
      });
      loop.callSoon(() => seen.push('same batch'));
      loop.callSoon(() => loop.callSoon(() => loop.stop()));
      await loop.runForever();
      expect(seen).toEqual(['after setResult', 'same batch', 'first 5', 'second true']);
    });

    it('queues done callbacks behind callbacks scheduled before completion', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture();
      const seen: string[] = [];
      future.addDoneCallback(() => seen.push('done callback'));
      loop.callSoon(() => {
        loop.callSoon(() => seen.push('scheduled before'));
        future.setResult(undefined);
        loop.callSoon(() => seen.push('scheduled after'));
      });
      loop.callSoon(() => loop.callSoon(() => loop.stop()));
      await loop.runForever();
      expect(seen).toEqual(['scheduled before', 'done callback', 'scheduled after']);
    });

    it('schedules a callback added to a future that is already done, instead of calling it', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<string>();
      future.setResult('ready');
      const seen: string[] = [];
      future.addDoneCallback((f) => seen.push(f.result()));
      expect(seen).toEqual([]);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['ready']);
    });

    it('runs done callbacks after a cancellation and after an exception', async () => {
      const loop = ctx.newLoop();
      const cancelled = loop.createFuture();
      const failed = loop.createFuture();
      const seen: string[] = [];
      cancelled.addDoneCallback((f) => seen.push(`cancelled ${f.cancelled()}`));
      failed.addDoneCallback((f) => seen.push(`failed ${(f.exception() as Error).message}`));
      cancelled.cancel();
      failed.setException(new Error('boom'));
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['cancelled true', 'failed boom']);
    });

    it('removes every registration of a done callback and says how many', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture();
      const seen: string[] = [];
      const removed = (): void => {
        seen.push('removed');
      };
      future.addDoneCallback(removed);
      future.addDoneCallback(() => seen.push('kept'));
      future.addDoneCallback(removed);
      expect(future.removeDoneCallback(removed)).toBe(2);
      expect(future.removeDoneCallback(removed)).toBe(0);
      expect(future.removeDoneCallback(() => {})).toBe(0);
      future.setResult(undefined);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['kept']);
    });

    it('gives `yield* future` the typed result inside a task', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      function* main(): Coroutine<string> {
        const value = yield* future;
        expectTypeOf(value).toEqualTypeOf<number>();
        return `got ${value + 1}`;
      }
      loop.callSoon(() => future.setResult(41));
      expect(await loop.runUntilComplete(main())).toBe('got 42');
    });

    it('throws a failed future\'s exception at the `yield*`, where the coroutine can catch it', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      const error = new Error('failed upstream');
      function* main(): Coroutine<string> {
        try {
          yield* future;
          return 'no error';
        } catch (e) {
          return e === error ? 'caught the same error' : `caught ${String(e)}`;
        }
      }
      loop.callSoon(() => future.setException(error));
      expect(await loop.runUntilComplete(main())).toBe('caught the same error');
    });

    it('throws CancelledError with the message at the `yield*` of a cancelled future', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      function* main(): Coroutine<string> {
        try {
          yield* future;
          return 'no error';
        } catch (e) {
          return e instanceof CancelledError ? `cancelled: ${e.message}` : `other: ${String(e)}`;
        }
      }
      loop.callSoon(() => future.cancel('shutting down'));
      expect(await loop.runUntilComplete(main())).toBe('cancelled: shutting down');
    });

    it('resolves `await future` with the result once a loop callback sets it', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<string>();
      loop.callLater(0.001, () => future.setResult('from the loop'));
      const run = loop.runForever();
      const value = await future;
      loop.stop();
      await run;
      expect(value).toBe('from the loop');
    });

    it('rejects `await future` with the exception', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<string>();
      const error = new TypeError('bad');
      future.setException(error);
      await expect(future).rejects.toBe(error);
    });

    it('rejects `await future` with CancelledError for a cancelled future', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<string>();
      future.cancel('gone');
      await expect(future).rejects.toBeInstanceOf(CancelledError);
      await expect(future).rejects.toThrow('gone');
    });

    it('settles an awaiting promise without needing a loop iteration', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      const awaited = (async () => (await future) * 2)();
      future.setResult(21);
      expect(loop.isRunning()).toBe(false);
      expect(await awaited).toBe(42);
    });

    it('works with promise combinators and then/catch/finally', async () => {
      const loop = ctx.newLoop();
      const a = loop.createFuture<number>();
      const b = loop.createFuture<number>();
      const failed = loop.createFuture<number>();
      a.setResult(1);
      b.setResult(2);
      failed.setException(new Error('nope'));
      expect(await Promise.all([a, b])).toEqual([1, 2]);
      expect(await a.then((v) => v + 10)).toBe(11);
      expect(await failed.catch((e: unknown) => (e as Error).message)).toBe('nope');
      let finallyRan = false;
      expect(await b.finally(() => (finallyRan = true))).toBe(2);
      expect(finallyRan).toBe(true);
    });
  });
}
