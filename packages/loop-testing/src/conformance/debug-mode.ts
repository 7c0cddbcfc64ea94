/**
 * Conformance: debug mode. With debug on, a callback that takes at least
 * `slowCallbackDuration` seconds of loop time is reported through the exception handler, and
 * futures and handles remember where they were created. The slow callback is produced with the
 * suite's `burnTime` option, so the test is honest on real and virtual clocks alike.
 */
import { describe, expect, it } from 'vitest';
import type { EventLoop } from '@async/loop';
import type { SuiteContext } from './suite-context.js';

/** Registers the debug-mode tests. */
export function describeDebugMode<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('debug mode', () => {
    it('turns on and off with setDebug()', () => {
      const loop = ctx.newLoop();
      loop.setDebug(true);
      expect(loop.getDebug()).toBe(true);
      loop.setDebug(false);
      expect(loop.getDebug()).toBe(false);
    });

    it('has a slowCallbackDuration of 0.1 s unless changed', () => {
      const loop = ctx.newLoop();
      expect(loop.slowCallbackDuration).toBe(0.1);
    });

    it('reports a slow callback with its handle and duration, and not the fast ones', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      loop.setDebug(true);
      loop.slowCallbackDuration = 0.01;
      loop.callSoon(() => {});
      const slow = loop.callSoon(function slowCallback() {
        ctx.burnTime(loop, 0.015);
      });
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(reports).toHaveLength(1);
      expect(reports[0]?.handle).toBe(slow);
      expect(reports[0]?.message).toMatch(/slowCallback.*took \d+\.\d{3} seconds/);
    });

    it('reports a slow timer callback too', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      loop.setDebug(true);
      loop.slowCallbackDuration = 0.01;
      const slow = loop.callLater(0.001, () => ctx.burnTime(loop, 0.015));
      loop.callLater(0.002, () => loop.stop());
      await loop.runForever();
      expect(reports.map((r) => r.handle)).toEqual([slow]);
    });

    it('does not report slow callbacks when debug mode is off', async () => {
      const loop = ctx.newLoop();
      const reports = ctx.captureExceptions(loop);
      loop.setDebug(false);
      loop.slowCallbackDuration = 0.01;
      loop.callSoon(() => ctx.burnTime(loop, 0.015));
      loop.callSoon(() => loop.stop());
      await loop.runForever();
      expect(reports).toEqual([]);
    });

    it('records where futures and handles were created in debug mode only', () => {
      const loop = ctx.newLoop();
      loop.setDebug(true);
      const future = loop.createFuture();
      const handle = loop.callSoon(() => {});
      expect(future.sourceTraceback).toMatch(/created here/);
      expect(handle.sourceTraceback).toMatch(/created here/);
      loop.setDebug(false);
      expect(loop.createFuture().sourceTraceback).toBeUndefined();
      expect(loop.callSoon(() => {}).sourceTraceback).toBeUndefined();
    });
  });
}
