/**
 * Conformance: `runUntilComplete()`, the usual entry point. It accepts every kind of waitable,
 * settles with the waitable's outcome, and leaves the loop stopped and reusable; a loop stopped
 * before the waitable completed is an error, as in asyncio.
 */
import { describe, expect, it } from 'vitest';
import { CancelledError, InvalidArgumentError, LoopStateError, type Coroutine, type EventLoop } from '@async/loop';
import type { SuiteContext } from './suite-context.js';
import { sleep } from './sleep.js';

/** Registers the `runUntilComplete()` tests. */
export function describeRunUntilComplete<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('runUntilComplete', () => {
    it('resolves with a coroutine\'s result and leaves the loop stopped', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<string> {
        yield* sleep(loop, 0.001);
        return 'result';
      }
      expect(await loop.runUntilComplete(main())).toBe('result');
      expect(loop.isRunning()).toBe(false);
    });

    it('resolves with the result of a future completed by a timer', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      loop.callLater(0.002, () => future.setResult(3));
      expect(await loop.runUntilComplete(future)).toBe(3);
    });

    it('rejects with the waitable\'s own error', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      const error = new Error('failed');
      loop.callSoon(() => future.setException(error));
      await expect(loop.runUntilComplete(future)).rejects.toBe(error);
      expect(loop.isRunning()).toBe(false);
    });

    it('rejects with CancelledError for a cancelled future', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      loop.callSoon(() => future.cancel('called off'));
      const outcome = loop.runUntilComplete(future);
      await expect(outcome).rejects.toBeInstanceOf(CancelledError);
      await expect(outcome).rejects.toThrow('called off');
    });

    it('accepts a native promise', async () => {
      const loop = ctx.newLoop();
      const promise = new Promise<string>((resolve) => setImmediate(() => resolve('from a promise')));
      expect(await loop.runUntilComplete(promise)).toBe('from a promise');
    });

    it('accepts a rejected native promise', async () => {
      const loop = ctx.newLoop();
      const error = new Error('promise rejected');
      await expect(loop.runUntilComplete(Promise.reject(error))).rejects.toBe(error);
    });

    it('accepts an async function and gives it an AbortSignal', async () => {
      const loop = ctx.newLoop();
      const value = await loop.runUntilComplete(async (signal: AbortSignal) => {
        await Promise.resolve();
        return signal instanceof AbortSignal ? 'signal given' : 'no signal';
      });
      expect(value).toBe('signal given');
    });

    it('resolves at once for a future that is already done', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<string>();
      future.setResult('already');
      expect(await loop.runUntilComplete(future)).toBe('already');
      expect(loop.isRunning()).toBe(false);
    });

    it('rejects with LoopStateError when the loop is stopped before completion', async () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture<number>();
      loop.callSoon(() => loop.stop());
      const outcome = loop.runUntilComplete(future);
      await expect(outcome).rejects.toBeInstanceOf(LoopStateError);
      await expect(outcome).rejects.toThrow(/stopped before the future completed/);
      expect(future.done()).toBe(false);
      loop.callSoon(() => future.setResult(9));
      expect(await loop.runUntilComplete(future)).toBe(9);
    });

    it('can run the loop again for the next waitable', async () => {
      const loop = ctx.newLoop();
      function* twice(n: number): Coroutine<number> {
        yield* sleep(loop, 0.001);
        return n * 2;
      }
      expect(await loop.runUntilComplete(twice(1))).toBe(2);
      expect(await loop.runUntilComplete(twice(2))).toBe(4);
      expect(await loop.runUntilComplete(twice(3))).toBe(6);
    });

    it('rejects with LoopStateError when the loop is already running', async () => {
      const loop = ctx.newLoop();
      let attempt: Promise<unknown> | undefined;
      loop.callSoon(() => {
        attempt = loop.runUntilComplete(loop.createFuture());
        loop.stop();
      });
      await loop.runForever();
      await expect(attempt).rejects.toBeInstanceOf(LoopStateError);
      await expect(attempt).rejects.toThrow(/already running/);
    });

    it('rejects a future that belongs to another loop, without running', async () => {
      const loop = ctx.newLoop();
      const other = ctx.newLoop();
      const foreign = other.createFuture<number>();
      foreign.setResult(1);
      const outcome = loop.runUntilComplete(foreign);
      await expect(outcome).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(outcome).rejects.toThrow(/different loop/);
      expect(loop.isRunning()).toBe(false);
    });
  });
}
