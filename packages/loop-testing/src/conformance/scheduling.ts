/**
 * Conformance: `callSoon` and the ready queue. Callbacks run first-in first-out, in batches: a
 * callback scheduled while a batch runs waits for the next iteration, which is what lets
 * `stop()` finish the current batch and what keeps a self-rescheduling callback from starving
 * the others (asyncio's `_run_once`). Handles cancel in O(1), even from the same batch.
 */
import { describe, expect, it } from 'vitest';
import { Handle, type EventLoop } from '@async/loop';
import { nodeTurns, type SuiteContext } from './suite-context.js';

/** Registers the ready-queue tests. */
export function describeScheduling<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('callSoon and the ready queue', () => {
    it('runs callbacks in the order they were scheduled', async () => {
      const loop = ctx.newLoop();
      const seen: number[] = [];
      for (let i = 0; i < 10; i++) loop.callSoon(() => seen.push(i));
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('dispatches nothing until the loop runs', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callSoon(() => seen.push('ran'));
      await nodeTurns(5);
      expect(seen).toEqual([]);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['ran']);
    });

    it('passes the extra arguments to the callback, objects by identity', async () => {
      const loop = ctx.newLoop();
      const payload = { id: 7 };
      let got: unknown[] = [];
      loop.callSoon((...args: unknown[]) => (got = args), 1, 'two', payload, undefined);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(got).toEqual([1, 'two', payload, undefined]);
      expect(got[2]).toBe(payload);
    });

    it('calls a callback scheduled without arguments with none', async () => {
      const loop = ctx.newLoop();
      let count = -1;
      loop.callSoon(function (this: unknown, ...args: unknown[]) {
        count = args.length;
      });
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(count).toBe(0);
    });

    it('runs callbacks scheduled during a batch after the rest of that batch', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callSoon(() => {
        seen.push('a');
        loop.callSoon(() => seen.push('c'));
      });
      loop.callSoon(() => seen.push('b'));
      loop.callSoon(() => loop.callSoon(() => loop.stop()));
      await loop.runForever();
      expect(seen).toEqual(['a', 'b', 'c']);
    });

    it('gives each level of nested scheduling its own iteration', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const chain = (name: string, depth: number): void => {
        seen.push(`${name}${depth}`);
        if (depth < 2) loop.callSoon(chain, name, depth + 1);
        else if (name === 'b') loop.callSoon(() => loop.stop());
      };
      loop.callSoon(chain, 'a', 0);
      loop.callSoon(chain, 'b', 0);
      await loop.runForever();
      expect(seen).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    });

    it('interleaves two self-rescheduling callbacks fairly', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const spin = (name: string, left: number): void => {
        seen.push(name);
        if (left > 1) loop.callSoon(spin, name, left - 1);
        else if (name === 'B') loop.stop();
      };
      loop.callSoon(spin, 'A', 4);
      loop.callSoon(spin, 'B', 4);
      await loop.runForever();
      expect(seen.join('')).toBe('ABABABAB');
    });

    it('stop() lets the current batch finish and keeps what it scheduled for the next run', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callSoon(() => {
        seen.push('a');
        loop.callSoon(() => seen.push('c'));
        loop.stop();
      });
      loop.callSoon(() => seen.push('b'));
      await loop.runForever();
      expect(seen).toEqual(['a', 'b']);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['a', 'b', 'c']);
    });

    it('stop() before runForever() makes the run do exactly one iteration', async () => {
      const loop = ctx.newLoop();
      const seen: number[] = [];
      loop.callSoon(() => {
        seen.push(1);
        loop.callSoon(() => seen.push(2));
      });
      loop.stop();
      await loop.runForever();
      expect(seen).toEqual([1]);
      expect(loop.isRunning()).toBe(false);
      loop.stop();
      await loop.runForever();
      expect(seen).toEqual([1, 2]);
    });

    it('does not carry a stop() consumed by one run over to the next run', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callSoon(() => loop.stop());
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      loop.callSoon(() =>
        loop.callSoon(() => {
          seen.push('second iteration');
          loop.stop();
        }),
      );
      await loop.runForever();
      expect(seen).toEqual(['second iteration']);
    });

    it('stops an idle running loop when stop() comes from outside its callbacks', async () => {
      const loop = ctx.newLoop();
      const run = loop.runForever();
      await nodeTurns(3);
      expect(loop.isRunning()).toBe(true);
      loop.stop();
      await run;
      expect(loop.isRunning()).toBe(false);
    });

    it('wakes an idle running loop for a callSoon() from outside its callbacks', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const run = loop.runForever();
      await nodeTurns(3);
      expect(seen).toEqual([]);
      setImmediate(() =>
        loop.callSoon(() => {
          seen.push('woken');
          loop.stop();
        }),
      );
      await run;
      expect(seen).toEqual(['woken']);
    });

    it('wakes for a callSoon() made from a promise continuation', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callSoon(() => {
        void Promise.resolve('settled').then((value) =>
          loop.callSoon(() => {
            seen.push(value);
            loop.stop();
          }),
        );
      });
      await loop.runForever();
      expect(seen).toEqual(['settled']);
    });

    it('keeps callbacks scheduled while stopped for the next run', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      loop.callSoon(() => seen.push('later'));
      await nodeTurns(3);
      expect(seen).toEqual([]);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['later']);
    });

    it('completes a chain of 20,000 self-rescheduling callbacks', async () => {
      const loop = ctx.newLoop();
      let count = 0;
      const step = (): void => {
        if (++count < 20_000) loop.callSoon(step);
        else loop.stop();
      };
      loop.callSoon(step);
      await loop.runForever();
      expect(count).toBe(20_000);
    });

    it('lets Node run its own callbacks while a callback chain keeps the loop busy', async () => {
      const loop = ctx.newLoop();
      let count = 0;
      let immediateRan = false;
      const limit = 2_000_000;
      const step = (): void => {
        count++;
        if (immediateRan || count >= limit) loop.stop();
        else loop.callSoon(step);
      };
      loop.callSoon(() => setImmediate(() => (immediateRan = true)));
      loop.callSoon(step);
      await loop.runForever();
      expect(immediateRan).toBe(true);
      expect(count).toBeLessThan(limit);
    });
  });

  describe('handles', () => {
    it('returns a live Handle from callSoon()', () => {
      const loop = ctx.newLoop();
      const handle = loop.callSoon(() => {});
      expect(handle).toBeInstanceOf(Handle);
      expect(handle.cancelled()).toBe(false);
    });

    it('does not run a callback cancelled before the loop runs', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const handle = loop.callSoon(() => seen.push('cancelled one'));
      loop.callSoon(() => seen.push('kept'));
      handle.cancel();
      expect(handle.cancelled()).toBe(true);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['kept']);
    });

    it('does not run a callback cancelled by an earlier callback of the same batch', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      let victim: Handle | undefined;
      loop.callSoon(() => {
        seen.push('first');
        victim?.cancel();
      });
      victim = loop.callSoon(() => seen.push('victim'));
      loop.callSoon(() => seen.push('third'));
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['first', 'third']);
      expect(victim.cancelled()).toBe(true);
    });

    it('treats cancel() after the callback ran, and a second cancel(), as harmless', async () => {
      const loop = ctx.newLoop();
      let runs = 0;
      const handle = loop.callSoon(() => runs++);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(runs).toBe(1);
      expect(handle.cancelled()).toBe(false);
      handle.cancel();
      handle.cancel();
      expect(handle.cancelled()).toBe(true);
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(runs).toBe(1);
    });

    it('runs a callback scheduled again after its first handle was cancelled', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const cb = (tag: string): void => {
        seen.push(tag);
      };
      loop.callSoon(cb, 'first').cancel();
      loop.callSoon(cb, 'second');
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['second']);
    });
  });
}
