/**
 * Conformance: timers and the clock. Timers run by deadline, equal deadlines first-in first-out;
 * due timers join the ready queue at the start of an iteration, after the callbacks already
 * there; cancelled timers never run, however many there are; the clock never goes back. Real
 * loops see delays of a few milliseconds here, used for ordering only, never for speed.
 */
import { describe, expect, it } from 'vitest';
import { TimerHandle, type EventLoop } from '@async/loop';
import type { SuiteContext } from './suite-context.js';

/** A small deterministic generator (a linear congruential one), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Registers the timer and clock tests. */
export function describeTimers<L extends EventLoop>(ctx: SuiteContext<L>): void {
  describe('timers', () => {
    it('runs timers in order of deadline, not of scheduling', async () => {
      const loop = ctx.newLoop();
      const seen: number[] = [];
      // Deadlines from one reading of the clock: with callLater, a pause of the process between
      // two calls (a loaded machine) could reorder the deadlines themselves.
      const now = loop.time();
      loop.callAt(now + 0.003, () => seen.push(3));
      loop.callAt(now + 0.001, () => seen.push(1));
      loop.callAt(now + 0.002, () => seen.push(2));
      loop.callAt(now + 0.004, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual([1, 2, 3]);
    });

    it('runs timers with the same deadline first-in first-out', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const when = loop.time() + 0.002;
      loop.callAt(when + 0.001, () => seen.push('late'));
      for (const tag of ['a', 'b', 'c', 'd', 'e']) loop.callAt(when, () => seen.push(tag));
      loop.callAt(when + 0.001, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'late']);
    });

    it('appends due timers after the callbacks already ready, in the same iteration', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callLater(0, () => seen.push('timer 1'));
      loop.callSoon(() => seen.push('soon'));
      loop.callLater(0, () => seen.push('timer 2'));
      loop.callLater(0, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['soon', 'timer 1', 'timer 2']);
    });

    it('runs a zero-delay timer set from a callback in a later iteration, never in the same batch', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callSoon(() => {
        seen.push('a');
        loop.callLater(0, () => {
          seen.push('timer');
          loop.stop();
        });
        loop.callSoon(() => seen.push('soon'));
      });
      loop.callSoon(() => seen.push('b'));
      await loop.runForever();
      expect(seen).toEqual(['a', 'b', 'soon', 'timer']);
    });

    it('returns a TimerHandle whose when() is the scheduling time plus the delay', () => {
      const loop = ctx.newLoop();
      const before = loop.time();
      const handle = loop.callLater(0.5, () => {});
      const after = loop.time();
      expect(handle).toBeInstanceOf(TimerHandle);
      expect(handle.when()).toBeGreaterThanOrEqual(before + 0.5);
      expect(handle.when()).toBeLessThanOrEqual(after + 0.5);
      handle.cancel();
    });

    it('returns from callAt() a handle due exactly at the given loop time', () => {
      const loop = ctx.newLoop();
      const when = loop.time() + 12.345;
      const handle = loop.callAt(when, () => {});
      expect(handle.when()).toBe(when);
      handle.cancel();
    });

    it('puts callAt() and callLater() timers on one timeline', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      // Deadlines derived from the callLater() handle, so a stall between calls cannot reorder them.
      const later = loop.callLater(0.004, () => seen.push('later 4ms'));
      loop.callAt(later.when() - 0.002, () => seen.push('at 2ms'));
      loop.callAt(later.when() + 0.002, () => seen.push('at 6ms'));
      loop.callAt(later.when() + 0.01, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['at 2ms', 'later 4ms', 'at 6ms']);
    });

    it('runs a callAt() deadline already in the past at the next iteration', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callAt(loop.time() - 10, () => seen.push('past'));
      loop.stop();
      await loop.runForever();
      expect(seen).toEqual(['past']);
    });

    it('never runs a timer before its deadline (beyond the clock resolution)', async () => {
      const loop = ctx.newLoop();
      const early: string[] = [];
      let fired = 0;
      for (const delay of [0.001, 0.002, 0.003, 0.005]) {
        const handle = loop.callLater(delay, () => {
          fired++;
          if (loop.time() < handle.when() - ctx.clockResolution) {
            early.push(`${delay}s timer ran at ${loop.time()}, due ${handle.when()}`);
          }
          if (fired === 4) loop.stop();
        });
      }
      await loop.runForever();
      expect(fired).toBe(4);
      expect(early).toEqual([]);
    });

    it('passes extra arguments to callLater() and callAt() callbacks', async () => {
      const loop = ctx.newLoop();
      const payload = { id: 1 };
      const got: unknown[][] = [];
      loop.callLater(0, (...args: unknown[]) => got.push(args), 'later', payload);
      loop.callAt(loop.time(), (...args: unknown[]) => got.push(args), 'at', 2);
      loop.callLater(0.001, () => loop.stop());
      await loop.runForever();
      expect(got).toEqual([
        ['later', payload],
        ['at', 2],
      ]);
      expect(got[0]?.[1]).toBe(payload);
    });

    it('does not run a cancelled timer', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const handle = loop.callLater(0.001, () => seen.push('cancelled'));
      loop.callLater(0.002, () => seen.push('kept'));
      handle.cancel();
      expect(handle.cancelled()).toBe(true);
      loop.callLater(0.003, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['kept']);
    });

    it('runs only the new timer after a cancel-then-reschedule at the same deadline', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const when = loop.time() + 0.002;
      loop.callAt(when, () => seen.push('before'));
      const first = loop.callAt(when, () => seen.push('old'));
      loop.callAt(when, () => seen.push('after'));
      first.cancel();
      loop.callAt(first.when(), () => seen.push('new'));
      loop.callAt(when + 0.001, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['before', 'after', 'new']);
    });

    it('does not run a timer cancelled by an earlier timer due at the same moment', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const when = loop.time() + 0.001;
      let victim: TimerHandle | undefined;
      loop.callAt(when, () => {
        seen.push('first');
        victim?.cancel();
      });
      victim = loop.callAt(when, () => seen.push('victim'));
      loop.callAt(when, () => seen.push('third'));
      loop.callAt(when + 0.001, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual(['first', 'third']);
    });

    it('treats cancelling a timer that already ran as harmless', async () => {
      const loop = ctx.newLoop();
      let runs = 0;
      let cancelledOnceRun: boolean | undefined;
      const handle = loop.callLater(0, () => runs++);
      loop.callLater(0.001, () => {
        cancelledOnceRun = handle.cancelled();
        handle.cancel();
        handle.cancel();
        loop.stop();
      });
      await loop.runForever();
      expect(runs).toBe(1);
      // Running a timer does not mark it cancelled (a handle is cancelled when its callback is dropped).
      expect(cancelledOnceRun).toBe(false);
      expect(handle.cancelled()).toBe(true);
    });

    it('fires timers scheduled from timer callbacks, each after the one that set it', async () => {
      const loop = ctx.newLoop();
      const times: number[] = [];
      const hop = (left: number): void => {
        times.push(loop.time());
        if (left > 0) loop.callLater(0.001, hop, left - 1);
        else loop.stop();
      };
      loop.callLater(0.001, hop, 3);
      await loop.runForever();
      expect(times).toHaveLength(4);
      for (let i = 1; i < times.length; i++) {
        expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]! + 0.001 - ctx.clockResolution);
      }
    });

    it('runs a zero-delay timer set by a timer after the other timers of that iteration', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const when = loop.time() + 0.001;
      loop.callAt(when, () => {
        seen.push('a');
        loop.callLater(0, () => {
          seen.push('c');
          loop.stop();
        });
      });
      loop.callAt(when, () => seen.push('b'));
      await loop.runForever();
      expect(seen).toEqual(['a', 'b', 'c']);
    });

    it('keeps a far-future timer (callLater(1e9)) pending without firing it or blocking stop()', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      const far = loop.callLater(1e9, () => seen.push('far'));
      loop.callLater(0.002, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual([]);
      expect(far.cancelled()).toBe(false);
      expect(far.when()).toBeGreaterThan(loop.time() + 1e8);
    });

    it('accepts callLater(Infinity) and never fires it', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      loop.callLater(Infinity, () => seen.push('never'));
      loop.callLater(0.002, () => loop.stop());
      await loop.runForever();
      expect(seen).toEqual([]);
      expect(Number.isFinite(loop.time())).toBe(true);
    });

    it('fires a timer that was pending when the loop stopped once the loop runs again', async () => {
      const loop = ctx.newLoop();
      const seen: string[] = [];
      // Set in the last batch of a run, the timer waits in the heap until the next run.
      loop.callSoon(() => {
        loop.callLater(0, () => {
          seen.push('timer');
          loop.stop();
        });
        loop.stop();
      });
      await loop.runForever();
      expect(seen).toEqual([]);
      await loop.runForever();
      expect(seen).toEqual(['timer']);
    });

    it('fires 500 timers in (deadline, scheduling order) order', async () => {
      const loop = ctx.newLoop();
      const random = seeded(42);
      const start = loop.time();
      const fired: Array<[number, number]> = [];
      const count = 500;
      for (let i = 0; i < count; i++) {
        // Deadlines on a 0.5 ms grid within 10 ms, so many of them tie.
        const when = start + Math.floor(random() * 20) * 0.0005;
        loop.callAt(when, () => {
          fired.push([when, i]);
          if (fired.length === count) loop.stop();
        });
      }
      await loop.runForever();
      const expected = [...fired].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      expect(fired).toHaveLength(count);
      expect(fired).toEqual(expected);
    });

    it('still runs the right timers in order after most of a large heap was cancelled', async () => {
      const loop = ctx.newLoop();
      const random = seeded(7);
      const start = loop.time();
      const fired: Array<[number, number]> = [];
      const cancelled = new Set<number>();
      const handles: TimerHandle[] = [];
      for (let i = 0; i < 400; i++) {
        const when = start + Math.floor(random() * 10) * 0.0005;
        handles.push(loop.callAt(when, () => fired.push([when, i])));
      }
      for (let i = 0; i < 400; i++) {
        if (i % 4 !== 0) {
          handles[i]!.cancel();
          cancelled.add(i);
        }
      }
      loop.callAt(start + 0.006, () => loop.stop());
      await loop.runForever();
      expect(fired).toHaveLength(100);
      expect(fired.filter(([, i]) => cancelled.has(i))).toEqual([]);
      expect(fired).toEqual([...fired].sort((x, y) => x[0] - y[0] || x[1] - y[1]));
    });

    it('keeps the heap ordered when a callback cancels hundreds of timers and schedules new ones', async () => {
      const loop = ctx.newLoop();
      const random = seeded(11);
      const start = loop.time();
      const fired: Array<{ tag: string; when: number; seq: number; inCancellerBatch: boolean }> = [];
      const expected = new Set<string>();
      const victims: TimerHandle[] = [];
      let seq = 0;
      let inCancellerBatch = false;
      const schedule = (tag: string): TimerHandle => {
        const when = start + 0.01 + Math.floor(random() * 5) * 0.0005;
        const mine = seq++;
        return loop.callAt(when, () => {
          fired.push({ tag, when, seq: mine, inCancellerBatch });
          if (fired.length === expected.size) loop.stop();
        });
      };
      for (let i = 0; i < 350; i++) {
        if (i % 7 === 0) {
          schedule(`survivor ${i}`);
          expected.add(`survivor ${i}`);
        } else {
          victims.push(schedule(`victim ${i}`));
        }
      }
      loop.callSoon(() => {
        // Timers already due when this runs (the loop may wake late) share its batch; a callback
        // scheduled now marks where the next iteration starts.
        inCancellerBatch = true;
        loop.callSoon(() => (inCancellerBatch = false));
        for (const victim of victims) victim.cancel();
        for (let i = 0; i < 20; i++) {
          schedule(`new ${i}`);
          expected.add(`new ${i}`);
        }
      });
      await loop.runForever();
      expect(new Set(fired.map((f) => f.tag))).toEqual(expected);
      expect(fired.filter((f) => f.inCancellerBatch && f.tag.startsWith('new'))).toEqual([]);
      const later = fired.filter((f) => !f.inCancellerBatch);
      expect(later).toEqual([...later].sort((x, y) => x.when - y.when || x.seq - y.seq));
    });
  });

  describe('the clock', () => {
    it('returns a finite number of seconds from time()', () => {
      const loop = ctx.newLoop();
      const now = loop.time();
      expect(typeof now).toBe('number');
      expect(Number.isFinite(now)).toBe(true);
    });

    it('never goes back, between calls or across callbacks and timers', async () => {
      const loop = ctx.newLoop();
      const samples: number[] = [];
      for (let i = 0; i < 1000; i++) samples.push(loop.time());
      const sample = (): void => {
        for (let i = 0; i < 10; i++) samples.push(loop.time());
      };
      for (let i = 0; i < 5; i++) {
        loop.callSoon(sample);
        loop.callLater(i * 0.001, sample);
      }
      loop.callLater(0.005, () => {
        sample();
        loop.stop();
      });
      await loop.runForever();
      sample();
      for (let i = 1; i < samples.length; i++) expect(samples[i]!).toBeGreaterThanOrEqual(samples[i - 1]!);
    });

    it('has moved on by at least the delay when a timer fires', async () => {
      const loop = ctx.newLoop();
      const start = loop.time();
      let elapsed = -1;
      loop.callLater(0.005, () => {
        elapsed = loop.time() - start;
        loop.stop();
      });
      await loop.runForever();
      expect(elapsed).toBeGreaterThanOrEqual(0.005 - ctx.clockResolution);
    });
  });
}
