// Property tests of the engine's two queues against simple models: the ready queue (callSoon in
// batches, cancellation) and the timer heap (deadline, then insertion order), the heap both
// through the VirtualEventLoop and on its own.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TimerHandle, TimerHeap, type Handle } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';

/** What a scheduled callback does when it runs. */
type Op = { kind: 'spawn' } | { kind: 'cancel'; target: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant<Op>({ kind: 'spawn' }), weight: 3 },
  { arbitrary: fc.nat(1000).map<Op>((target) => ({ kind: 'cancel', target })), weight: 2 },
);
const scriptsArb = fc.array(fc.array(opArb, { maxLength: 4 }), { minLength: 1, maxLength: 60 });
const MAX_CALLBACKS = 200;

describe('the ready queue', () => {
  /*
   * The model: a list per iteration. Callback k runs scripts[k]; what it spawns joins the next
   * iteration's list; a cancelled callback that has not run yet never runs.
   */
  function modelOrder(initial: number, scripts: Op[][]): number[] {
    let created = 0;
    const cancelled = new Set<number>();
    const order: number[] = [];
    let next: number[] = [];
    const create = (): void => {
      next.push(created++);
    };
    for (let i = 0; i < initial; i++) create();
    while (next.length > 0) {
      const batch = next;
      next = [];
      for (const id of batch) {
        if (cancelled.has(id)) continue;
        order.push(id);
        for (const op of scripts[id] ?? []) {
          if (op.kind === 'spawn') {
            if (created < MAX_CALLBACKS) create();
          } else {
            cancelled.add(op.target % created);
          }
        }
      }
    }
    return order;
  }

  function loopOrder(initial: number, scripts: Op[][], cancelUpFront: number[]): number[] {
    const loop = new VirtualEventLoop();
    const handles: Handle[] = [];
    const order: number[] = [];
    const run = (id: number): void => {
      order.push(id);
      for (const op of scripts[id] ?? []) {
        if (op.kind === 'spawn') {
          if (handles.length < MAX_CALLBACKS) handles.push(loop.callSoon(run, handles.length));
        } else {
          handles[op.target % handles.length]!.cancel();
        }
      }
    };
    for (let i = 0; i < initial; i++) handles.push(loop.callSoon(run, i));
    for (const target of cancelUpFront) handles[target % handles.length]!.cancel();
    loop.runUntilIdle();
    loop.close();
    return order;
  }

  it('runs callbacks in the order of a batch-by-batch FIFO model, cancelled ones never', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), scriptsArb, (initial, scripts) => {
        expect(loopOrder(initial, scripts, [])).toEqual(modelOrder(initial, scripts));
      }),
      { numRuns: 300 },
    );
  });

  it('never runs a callback cancelled before the loop ran', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        scriptsArb,
        fc.array(fc.nat(1000), { maxLength: 4 }),
        (initial, scripts, upFront) => {
          const cancelledIds = new Set(upFront.map((t) => t % initial));
          const order = loopOrder(initial, scripts, upFront);
          for (const id of cancelledIds) expect(order).not.toContain(id);
          // The callbacks that survived still start in scheduling order.
          const firstBatch = order.filter((id) => id < initial);
          expect(firstBatch).toEqual([...firstBatch].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** A timer the property schedules: a delay, and what its callback does when it fires. */
interface TimerScript {
  delay: number;
  /** Delays of the timers this one schedules when it fires. */
  children: number[];
  /** Timers (by creation index, modulo the count so far) this one cancels when it fires. */
  cancels: number[];
}

const delayArb = fc.constantFrom(0, 0.5, 1, 1.5, 2, 3);
const timerScriptArb: fc.Arbitrary<TimerScript> = fc.record({
  delay: delayArb,
  children: fc.array(delayArb, { maxLength: 2 }),
  cancels: fc.array(fc.nat(1000), { maxLength: 2 }),
});

describe('timers on the VirtualEventLoop', () => {
  const MAX_TIMERS = 150;

  /* The model: a discrete-event simulation that always fires the smallest (when, seq). */
  function modelFirings(scripts: TimerScript[]): Array<[number, number]> {
    const timers: Array<{ when: number; seq: number; cancelled: boolean }> = [];
    const fired: Array<[number, number]> = [];
    const add = (when: number): void => {
      if (timers.length < MAX_TIMERS) timers.push({ when, seq: timers.length, cancelled: false });
    };
    for (const s of scripts) add(s.delay);
    const done = new Set<number>();
    for (;;) {
      let best: (typeof timers)[number] | undefined;
      for (const t of timers) {
        if (done.has(t.seq) || t.cancelled) continue;
        if (best === undefined || t.when < best.when || (t.when === best.when && t.seq < best.seq)) best = t;
      }
      if (best === undefined) return fired;
      done.add(best.seq);
      fired.push([best.seq, best.when]);
      const script = scripts[best.seq];
      if (script === undefined) continue;
      for (const d of script.children) add(best.when + d);
      for (const c of script.cancels) timers[c % timers.length]!.cancelled = true;
    }
  }

  function loopFirings(scripts: TimerScript[]): Array<[number, number]> {
    const loop = new VirtualEventLoop();
    const handles: TimerHandle[] = [];
    const fired: Array<[number, number]> = [];
    const fire = (seq: number): void => {
      fired.push([seq, loop.time()]);
      const script = scripts[seq];
      if (script === undefined) return;
      for (const d of script.children) {
        if (handles.length < MAX_TIMERS) handles.push(loop.callLater(d, fire, handles.length));
      }
      for (const c of script.cancels) handles[c % handles.length]!.cancel();
    };
    for (const s of scripts) handles.push(loop.callLater(s.delay, fire, handles.length));
    loop.advance(1000);
    loop.close();
    return fired;
  }

  it('fires timers by (deadline, scheduling order), each at its own deadline, cancelled ones never', () => {
    fc.assert(
      fc.property(fc.array(timerScriptArb, { minLength: 1, maxLength: 40 }), (scripts) => {
        expect(loopFirings(scripts)).toEqual(modelFirings(scripts));
      }),
      { numRuns: 300 },
    );
  });
});

describe('mid-run heap compaction on the VirtualEventLoop', () => {
  /*
   * Hundreds of timers, then one timer that cancels most of them and schedules new ones: the
   * next iteration compacts the heap (over 100 cancelled, over half of it), and the firing order
   * must still be the model's, by (deadline, scheduling order).
   */
  const scenarioArb = fc.record({
    deadlines: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 200, maxLength: 320 }),
    keep: fc.array(fc.boolean(), { minLength: 320, maxLength: 320 }),
    cancellerAt: fc.integer({ min: 0, max: 10 }),
    newDelays: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 30 }),
  });

  it('fires what survives and what was added in (deadline, scheduling order) order', () => {
    fc.assert(
      fc.property(scenarioArb, ({ deadlines, keep, cancellerAt, newDelays }) => {
        // Keep about one in five, so the cancelled ones are over 100 and over half the heap.
        const kept = (i: number): boolean => keep[i]! && keep[(i * 7 + 3) % keep.length]!;
        const n = deadlines.length;

        // The model: a discrete-event simulation over (when, seq).
        const timers = deadlines.map((when, seq) => ({ when, seq, tag: `old ${seq}`, cancelled: false }));
        timers.push({ when: cancellerAt, seq: n, tag: 'canceller', cancelled: false });
        const expected: Array<[string, number]> = [];
        const done = new Set<number>();
        for (;;) {
          let best: (typeof timers)[number] | undefined;
          for (const t of timers) {
            if (done.has(t.seq) || t.cancelled) continue;
            if (best === undefined || t.when < best.when || (t.when === best.when && t.seq < best.seq)) best = t;
          }
          if (best === undefined) break;
          done.add(best.seq);
          expected.push([best.tag, best.when]);
          if (best.tag === 'canceller') {
            for (let i = 0; i < n; i++) if (!kept(i)) timers[i]!.cancelled = true;
            newDelays.forEach((d, j) =>
              timers.push({ when: cancellerAt + d, seq: n + 1 + j, tag: `new ${j}`, cancelled: false }),
            );
          }
        }

        const loop = new VirtualEventLoop();
        const fired: Array<[string, number]> = [];
        const handles = deadlines.map((when, i) => loop.callAt(when, () => fired.push([`old ${i}`, loop.time()])));
        loop.callAt(cancellerAt, () => {
          fired.push(['canceller', loop.time()]);
          for (let i = 0; i < n; i++) if (!kept(i)) handles[i]!.cancel();
          newDelays.forEach((d, j) => loop.callLater(d, () => fired.push([`new ${j}`, loop.time()])));
        });
        loop.advance(100);
        loop.close();
        expect(fired).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

type HeapOp =
  | { kind: 'push'; when: number }
  | { kind: 'pop' }
  | { kind: 'cancel'; target: number }
  | { kind: 'compact' }
  | { kind: 'popDue'; end: number };

const heapOpArb: fc.Arbitrary<HeapOp> = fc.oneof(
  // Whole seconds, and fractions that put several distinct deadlines in one millisecond: the
  // queue groups timers by millisecond, so ordering inside a group needs exercising too.
  { arbitrary: fc.integer({ min: 0, max: 20 }).map<HeapOp>((when) => ({ kind: 'push', when })), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 60 }).map<HeapOp>((n) => ({ kind: 'push', when: n / 7000 })), weight: 3 },
  { arbitrary: fc.constant<HeapOp>({ kind: 'pop' }), weight: 2 },
  { arbitrary: fc.nat(1000).map<HeapOp>((target) => ({ kind: 'cancel', target })), weight: 3 },
  { arbitrary: fc.constant<HeapOp>({ kind: 'compact' }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 70 }).map<HeapOp>((n) => ({ kind: 'popDue', end: n / 7000 })), weight: 1 },
);

describe('TimerHeap', () => {
  const loop = new VirtualEventLoop();

  // The model's tie-break: the order in which handles were pushed.
  const pushOrder = new WeakMap<TimerHandle, number>();
  const earlier = (a: TimerHandle, b: TimerHandle): boolean =>
    a._when < b._when || (a._when === b._when && pushOrder.get(a)! < pushOrder.get(b)!);

  function smallest(items: TimerHandle[]): TimerHandle | undefined {
    let best: TimerHandle | undefined;
    for (const h of items) if (best === undefined || earlier(h, best)) best = h;
    return best;
  }

  it('matches a sorted-list model through push, pop, cancel and compact', () => {
    fc.assert(
      fc.property(fc.array(heapOpArb, { maxLength: 200 }), (ops) => {
        const heap = new TimerHeap();
        const model: TimerHandle[] = [];
        const all: TimerHandle[] = [];
        let seq = 0;
        for (const op of ops) {
          switch (op.kind) {
            case 'push': {
              const handle = new TimerHandle(op.when, () => {}, [], loop);
              pushOrder.set(handle, seq++);
              handle._scheduled = true;
              heap.push(handle);
              model.push(handle);
              all.push(handle);
              break;
            }
            case 'pop': {
              const expected = smallest(model);
              expect(heap.pop()).toBe(expected);
              if (expected !== undefined) model.splice(model.indexOf(expected), 1);
              break;
            }
            case 'cancel':
              if (all.length > 0) all[op.target % all.length]!.cancel();
              break;
            case 'compact':
              heap.compact();
              for (let i = model.length - 1; i >= 0; i--) if (model[i]!.cancelled()) model.splice(i, 1);
              break;
            case 'popDue': {
              // Everything due by `end` comes out in order; cancelled handles are dropped and counted.
              const due = model.filter((h) => h._when <= op.end).sort((a, b) => (earlier(a, b) ? -1 : 1));
              // A cancelled handle ahead of the first live one that is not due is dropped as well.
              const out: Handle[] = [];
              const dropped = heap.popDue(op.end, out);
              expect(out).toEqual(due.filter((h) => !h.cancelled()));
              const removed = new Set<TimerHandle>(out as TimerHandle[]);
              let droppedSeen = 0;
              for (let i = model.length - 1; i >= 0; i--) {
                const h = model[i]!;
                if (removed.has(h)) model.splice(i, 1);
              }
              // The dropped cancelled handles are the earliest cancelled ones left in the model.
              const cancelledInOrder = model.filter((h) => h.cancelled()).sort((a, b) => (earlier(a, b) ? -1 : 1));
              for (const h of cancelledInOrder.slice(0, dropped)) {
                model.splice(model.indexOf(h), 1);
                droppedSeen++;
              }
              expect(droppedSeen).toBe(dropped);
              break;
            }
          }
          expect(heap.size).toBe(model.length);
          expect(heap.peek()).toBe(smallest(model));
        }
        // Draining after a final compaction gives every live handle, sorted, and no cancelled one.
        heap.compact();
        const drained: TimerHandle[] = [];
        for (let h = heap.pop(); h !== undefined; h = heap.pop()) drained.push(h);
        const live = model.filter((h) => !h.cancelled()).sort((a, b) => (earlier(a, b) ? -1 : 1));
        expect(drained).toEqual(live);
        expect(drained.every((h) => !h.cancelled())).toBe(true);
      }),
      { numRuns: 300 },
    );
  });


  it('drains a crowded millisecond by deadline, ties in push order, after some were popped', () => {
    // Hundreds of timers in one millisecond, many on the same deadline: the bucket is sorted by
    // the merge sort (runs and merges), once as pushed and once again after partial popping.
    const deadlines = fc.array(fc.integer({ min: 0, max: 40 }).map((n) => 5 + n / 50_000), { minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(deadlines, deadlines, fc.nat(400), (first, second, popCount) => {
        const heap = new TimerHeap();
        const pushed: TimerHandle[] = [];
        const push = (when: number): void => {
          const handle = new TimerHandle(when, () => {}, [], loop);
          handle._scheduled = true;
          pushOrder.set(handle, pushed.length);
          pushed.push(handle);
          heap.push(handle);
        };
        first.forEach(push);
        const popped: TimerHandle[] = [];
        for (let i = 0; i < popCount; i++) {
          const h = heap.pop();
          if (h === undefined) break;
          popped.push(h);
        }
        // The later pushes unsort the bucket again: it is sorted from `head` on.
        second.forEach(push);
        const rest: Handle[] = [];
        heap.popDue(6, rest);
        const firstSorted = pushed.slice(0, first.length).sort((a, b) => (earlier(a, b) ? -1 : 1));
        expect(popped).toEqual(firstSorted.slice(0, popped.length));
        const left = pushed.filter((h) => !popped.includes(h)).sort((a, b) => (earlier(a, b) ? -1 : 1));
        expect(rest).toEqual(left);
      }),
      { numRuns: 200 },
    );
  });
  it('marks compacted and cleared handles as no longer scheduled', () => {
    const heap = new TimerHeap();
    const handles = [3, 1, 2].map((when) => {
      const handle = new TimerHandle(when, () => {}, [], loop);
      handle._scheduled = true;
      heap.push(handle);
      return handle;
    });
    handles[1]!.cancel();
    heap.compact();
    expect(handles.map((h) => h._scheduled)).toEqual([true, false, true]);
    expect(heap.size).toBe(2);
    heap.clear();
    expect(handles.map((h) => h._scheduled)).toEqual([false, false, false]);
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });
});
