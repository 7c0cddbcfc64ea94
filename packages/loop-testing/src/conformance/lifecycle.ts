/**
 * Conformance: the run/stop/close lifecycle and the running-loop registry. A loop runs once at a
 * time, can be run again after stopping, refuses to close while running, and once closed refuses
 * everything and holds nothing: no Node timer or immediate, no reference to the callbacks it
 * dropped. Several loops may run at once, each seeing itself as the running loop.
 */
import { describe, expect, it } from 'vitest';
import {
  LoopClosedError,
  LoopStateError,
  getRunningLoop,
  getRunningLoopOrNull,
  type Coroutine,
  type EventLoop,
} from '@async/loop';
import { nodeTurns, type SuiteContext } from './suite-context.js';
import { collectGarbageUntil } from './garbage-collection.js';
import { sleep } from './sleep.js';

/** How many Node timers and immediates keep the process busy right now. */
function nodeTimerCount(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'Immediate').length;
}

/** Registers the lifecycle tests. */
export function describeLifecycle<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('lifecycle', () => {
    it('starts neither running nor closed', () => {
      const loop = ctx.newLoop();
      expect(loop.isRunning()).toBe(false);
      expect(loop.isClosed()).toBe(false);
    });

    it('is running inside its callbacks and stopped once runForever() settles', async () => {
      const loop = ctx.newLoop();
      let inside: boolean | undefined;
      loop.callSoon(() => {
        inside = loop.isRunning();
        loop.stop();
      });
      const run = loop.runForever();
      expect(loop.isRunning()).toBe(true);
      await run;
      expect(inside).toBe(true);
      expect(loop.isRunning()).toBe(false);
    });

    it('settles runForever() only after stop()', async () => {
      const loop = ctx.newLoop();
      let settled = false;
      const run = loop.runForever().then(() => (settled = true));
      await nodeTurns(5);
      expect(settled).toBe(false);
      loop.callSoon(() => loop.stop());
      await run;
      expect(settled).toBe(true);
    });

    it('rejects a second runForever() while running with LoopStateError, leaving the first run alone', async () => {
      const loop = ctx.newLoop();
      const first = loop.runForever();
      const second = loop.runForever();
      await expect(second).rejects.toBeInstanceOf(LoopStateError);
      await expect(second).rejects.toThrow(/already running/);
      expect(loop.isRunning()).toBe(true);
      const seen: string[] = [];
      loop.callSoon(() => {
        seen.push('still dispatching');
        loop.stop();
      });
      await first;
      expect(seen).toEqual(['still dispatching']);
    });

    it('runs again after stopping', async () => {
      const loop = ctx.newLoop();
      const seen: number[] = [];
      for (let round = 1; round <= 3; round++) {
        loop.callSoon(() => {
          seen.push(round);
          loop.stop();
        });
        await loop.runForever();
      }
      expect(seen).toEqual([1, 2, 3]);
    });

    it('does nothing on stop() when not running, except making the next run a single iteration', async () => {
      const loop = ctx.newLoop();
      expect(() => loop.stop()).not.toThrow();
      expect(loop.isRunning()).toBe(false);
      await loop.runForever();
      expect(loop.isRunning()).toBe(false);
    });

    it('refuses to close a running loop with LoopStateError and keeps running', async () => {
      const loop = ctx.newLoop();
      let error: unknown;
      const seen: string[] = [];
      loop.callSoon(() => {
        try {
          loop.close();
        } catch (e) {
          error = e;
        }
      });
      loop.callSoon(() =>
        loop.callSoon(() => {
          seen.push('next iteration');
          loop.stop();
        }),
      );
      await loop.runForever();
      expect(error).toBeInstanceOf(LoopStateError);
      expect((error as Error).message).toMatch(/running/);
      expect(loop.isClosed()).toBe(false);
      expect(seen).toEqual(['next iteration']);
    });

    it('closes idempotently', () => {
      const loop = ctx.newLoop();
      loop.close();
      expect(loop.isClosed()).toBe(true);
      expect(() => loop.close()).not.toThrow();
      expect(loop.isClosed()).toBe(true);
      expect(loop.isRunning()).toBe(false);
    });

    it('refuses callSoon(), callLater() and callAt() once closed, with LoopClosedError', () => {
      const loop = ctx.newLoop();
      loop.close();
      expect(() => loop.callSoon(() => {})).toThrow(LoopClosedError);
      expect(() => loop.callLater(1, () => {})).toThrow(LoopClosedError);
      expect(() => loop.callAt(1, () => {})).toThrow(LoopClosedError);
      expect(() => loop.callSoon(() => {})).toThrow(/closed/);
    });

    it('refuses createFuture() and createTask() once closed, with LoopClosedError', () => {
      const loop = ctx.newLoop();
      loop.close();
      function* main(): Coroutine<void> {}
      expect(() => loop.createFuture()).toThrow(LoopClosedError);
      expect(() => loop.createTask(main())).toThrow(LoopClosedError);
    });

    it('rejects runForever() and runUntilComplete() once closed, with LoopClosedError', async () => {
      const loop = ctx.newLoop();
      loop.close();
      await expect(loop.runForever()).rejects.toBeInstanceOf(LoopClosedError);
      await expect(loop.runUntilComplete(Promise.resolve(1))).rejects.toBeInstanceOf(LoopClosedError);
      expect(loop.isRunning()).toBe(false);
    });

    it('never runs the callbacks and timers still pending when it was closed', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      const soon = loop.callSoon(() => seen.push('soon'));
      loop.callLater(0, () => seen.push('timer'));
      loop.close();
      await nodeTurns(5);
      expect(seen).toEqual([]);
      expect(() => soon.cancel()).not.toThrow();
    });

    it('lets go of the callbacks, arguments and far-future timers it held once closed', async () => {
      const loop = ctx.newLoop();
      const refs: WeakRef<object>[] = [];
      (() => {
        const soonArg = { kind: 'callSoon argument' };
        const timerArg = { kind: 'callLater(1e9) argument' };
        refs.push(new WeakRef(soonArg), new WeakRef(timerArg));
        loop.callSoon((arg: object) => arg, soonArg);
        loop.callLater(1e9, (arg: object) => arg, timerArg);
      })();
      // While the loop holds them they must survive collection: this is what makes the check
      // below mean something.
      await collectGarbageUntil(() => false, 2);
      expect(refs.map((r) => r.deref() !== undefined)).toEqual([true, true]);
      loop.close();
      const collected = await collectGarbageUntil(() => refs.every((r) => r.deref() === undefined));
      expect(collected).toBe(true);
    });

    it('leaves no Node timer or immediate behind once stopped and closed', async () => {
      const before = nodeTimerCount();
      const loop = ctx.newLoop();
      loop.callLater(1e9, () => {});
      loop.callLater(3600, () => {});
      // A chain long enough to keep the loop busy for more than a moment, so that a loop that
      // interleaves with Node (microtasks, immediates) has had to use every way it has.
      let count = 0;
      const step = (): void => {
        if (++count < 5_000) loop.callSoon(step);
        else loop.callLater(0.001, () => loop.stop());
      };
      loop.callLater(0.001, step);
      await loop.runForever();
      expect(count).toBe(5_000);
      expect(nodeTimerCount()).toBeLessThanOrEqual(before);
      loop.close();
      expect(nodeTimerCount()).toBeLessThanOrEqual(before);
    });

    it('is the running loop inside its callbacks and tasks, and none is once it stops', async () => {
      const loop = ctx.newLoop();
      const seen: unknown[] = [];
      function* main(): Coroutine<void> {
        seen.push(getRunningLoop());
        yield* sleep(loop, 0.001);
        seen.push(getRunningLoop());
      }
      loop.callSoon(() => seen.push(getRunningLoop()));
      await loop.runUntilComplete(main());
      expect(seen).toEqual([loop, loop, loop]);
      expect(getRunningLoopOrNull()).toBeNull();
      expect(() => getRunningLoop()).toThrow(LoopStateError);
    });

    it('runs side by side with another loop, each the running loop of its own callbacks', async () => {
      const a = ctx.newLoop();
      const b = ctx.newLoop();
      const order: string[] = [];
      const mismatches: string[] = [];
      function* work(loop: EventLoop, name: string): Coroutine<string> {
        for (let i = 0; i < 3; i++) {
          if (getRunningLoop() !== loop) mismatches.push(`${name}${i}`);
          order.push(`${name}${i}`);
          yield* sleep(loop, 0.001);
        }
        return name;
      }
      const both = Promise.all([a.runUntilComplete(work(a, 'a')), b.runUntilComplete(work(b, 'b'))]);
      expect(a.isRunning() && b.isRunning()).toBe(true);
      expect(await both).toEqual(['a', 'b']);
      expect(mismatches).toEqual([]);
      expect(order.filter((s) => s.startsWith('a'))).toEqual(['a0', 'a1', 'a2']);
      expect(order.filter((s) => s.startsWith('b'))).toEqual(['b0', 'b1', 'b2']);
      expect(a.isRunning() || b.isRunning()).toBe(false);
    });
  });
}
