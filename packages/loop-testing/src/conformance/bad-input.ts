/**
 * Conformance: bad input. Every wrong argument gets a typed error (`InvalidArgumentError`, a
 * `TypeError`) whose message names the argument and what was wrong with it, and a rejected call
 * leaves nothing behind: no half-scheduled callback, no loop left running.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type Coroutine, type EventLoop } from '@async/loop';
import type { SuiteContext } from './suite-context.js';

/** The error `fn` throws, or a failure if it does not throw. */
function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

/** Registers the bad-input tests. */
export function describeBadInput<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('bad input', () => {
    it('rejects a callSoon() callback that is not a function', () => {
      const loop = ctx.newLoop();
      const error = thrownBy(() => loop.callSoon('tick' as never));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/callSoon\(callback\) must be a function, got the string "tick"/);
    });

    it('rejects a missing callSoon() callback', () => {
      const loop = ctx.newLoop();
      const error = thrownBy(() => (loop.callSoon as (cb?: unknown) => unknown)());
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/callSoon\(callback\) must be a function, got undefined$/);
    });

    it('rejects a callLater() or callAt() callback that is not a function', () => {
      const loop = ctx.newLoop();
      const later = thrownBy(() => loop.callLater(1, null as never));
      expect(later).toBeInstanceOf(InvalidArgumentError);
      expect(later.message).toMatch(/callback must be a function, got null/);
      const at = thrownBy(() => loop.callAt(1, { run() {} } as never));
      expect(at).toBeInstanceOf(InvalidArgumentError);
      expect(at.message).toMatch(/callback must be a function, got an object/);
    });

    it('rejects a negative callLater() delay', () => {
      const loop = ctx.newLoop();
      const error = thrownBy(() => loop.callLater(-1, () => {}));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/callLater\(delay\) must be a non-negative number of seconds, got number -1/);
    });

    it('rejects a NaN callLater() delay', () => {
      const loop = ctx.newLoop();
      const error = thrownBy(() => loop.callLater(Number.NaN, () => {}));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/callLater\(delay\).*got number NaN/);
    });

    it('rejects a callLater() delay that is not a number, such as a string', () => {
      const loop = ctx.newLoop();
      const error = thrownBy(() => loop.callLater('5' as never, () => {}));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/callLater\(delay\).*got the string "5"/);
    });

    it('rejects a NaN callAt() time', () => {
      const loop = ctx.newLoop();
      const error = thrownBy(() => loop.callAt(Number.NaN, () => {}));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/callAt\(when\) must be a loop time in seconds, got number NaN/);
    });

    it('rejects a callAt() time that is not a number', () => {
      const loop = ctx.newLoop();
      const error = thrownBy(() => loop.callAt(undefined as never, () => {}));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/callAt\(when\).*got undefined$/);
    });

    it('schedules nothing for a rejected call', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      expect(() => loop.callLater(-1, () => seen.push('negative'))).toThrow(InvalidArgumentError);
      expect(() => loop.callAt(Number.NaN, () => seen.push('nan'))).toThrow(InvalidArgumentError);
      loop.callLater(0.001, () => seen.push('valid'));
      loop.callLater(0.002, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['valid']);
    });

    it('rejects runUntilComplete() of something that cannot be waited on, without running', async () => {
      const loop = ctx.newLoop();
      const outcome = loop.runUntilComplete(42 as never);
      await expect(outcome).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(outcome).rejects.toThrow(/cannot wait on number 42: wait on a Future, a coroutine, a promise/);
      expect(loop.isRunning()).toBe(false);
    });

    it('rejects runUntilComplete(null)', async () => {
      const loop = ctx.newLoop();
      const outcome = loop.runUntilComplete(null as never);
      await expect(outcome).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(outcome).rejects.toThrow(/cannot wait on null/);
    });

    it('rejects runUntilComplete() of a generator function, saying to call it', async () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<number> {
        return 1;
      }
      const outcome = loop.runUntilComplete(main as never);
      await expect(outcome).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(outcome).rejects.toThrow(/generator function main.*call it/);
      expect(loop.isRunning()).toBe(false);
    });

    it('rejects runUntilComplete() of a function that returns no promise', async () => {
      const loop = ctx.newLoop();
      const outcome = loop.runUntilComplete((() => 5) as never);
      await expect(outcome).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(outcome).rejects.toThrow(/must return a promise, got number 5/);
    });

    it('rejects createTask() of something that is not a coroutine', () => {
      const loop = ctx.newLoop();
      function* main(): Coroutine<void> {}
      const value = thrownBy(() => loop.createTask(42 as never));
      expect(value).toBeInstanceOf(InvalidArgumentError);
      expect(value.message).toMatch(/needs a coroutine.*got number 42/);
      const uncalled = thrownBy(() => loop.createTask(main as never));
      expect(uncalled).toBeInstanceOf(InvalidArgumentError);
      expect(uncalled.message).toMatch(/got function main: call the generator function/);
    });

    it('rejects a non-function exception handler and keeps the previous one', () => {
      const loop = ctx.newLoop();
      const handler = (): void => {};
      loop.setExceptionHandler(handler);
      const error = thrownBy(() => loop.setExceptionHandler('log' as never));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/setExceptionHandler\(handler\) must be a function, got the string "log"/);
      expect(loop.getExceptionHandler()).toBe(handler);
    });

    it('rejects a done callback that is not a function', () => {
      const loop = ctx.newLoop();
      const future = loop.createFuture();
      const error = thrownBy(() => future.addDoneCallback(undefined as never));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message).toMatch(/addDoneCallback\(callback\) must be a function, got undefined$/);
    });
  });
}
