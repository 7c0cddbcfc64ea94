// DeferredList, gatherResults and the concurrency primitives; "twisted:" expectations were
// recorded from the same scenarios run with python3-twisted.
import { describe, expect, it } from 'vitest';
import { CancelledError, InvalidArgumentError, InvalidStateError } from '@async/loop';
import {
  Deferred,
  DeferredList,
  DeferredLock,
  DeferredQueue,
  DeferredSemaphore,
  Failure,
  FirstError,
  QueueOverflow,
  QueueUnderflow,
  gatherResults,
  succeed,
  type DeferredListEntry,
} from '@async/reactor';

describe('DeferredList', () => {
  it('collects [success, result] pairs in list order (twisted: (True, A), (False, KeyError), (True, C); b.result None)', () => {
    const [a, b, c] = [new Deferred<string>(), new Deferred<string>(), new Deferred<string>()];
    const res: unknown[] = [];
    new DeferredList([a, b, c], { consumeErrors: true }).addCallback((r: DeferredListEntry<string>[]) =>
      res.push(r.map(([ok, v]) => [ok, ok ? v : (v as Failure).type?.name])),
    );
    b.errback(new RangeError('k'));
    c.callback('C');
    a.callback('A');
    expect(res).toEqual([[[true, 'A'], [false, 'RangeError'], [true, 'C']]]);
    expect(b.result).toBeUndefined();
  });

  it('fireOnOneCallback fires with [result, index] (twisted: (B, 1))', () => {
    const [a, b] = [new Deferred<string>(), new Deferred<string>()];
    const res: unknown[] = [];
    new DeferredList([a, b], { fireOnOneCallback: true }).addCallback((r) => res.push(r));
    b.callback('B');
    a.callback('A');
    expect(res).toEqual([['B', 1]]);
  });

  it('fireOnOneErrback fails with FirstError (twisted: (1, ValueError))', () => {
    const [a, b] = [new Deferred<string>(), new Deferred<string>()];
    const res: unknown[] = [];
    new DeferredList([a, b], { fireOnOneErrback: true, consumeErrors: true }).addErrback((f) => {
      const e = f.value as FirstError;
      res.push([e.index, e.subFailure.type?.name]);
    });
    b.errback(new TypeError('x'));
    expect(res).toEqual([[1, 'TypeError']]);
    a.callback('late');
  });

  it('an empty list fires at once; cancel() cancels every listed Deferred', () => {
    expect(new DeferredList([]).result).toEqual([]);
    const [a, b] = [new Deferred(), new Deferred()];
    const dl = new DeferredList([a, b], { consumeErrors: true });
    dl.cancel();
    const entries = dl.result as DeferredListEntry<unknown>[];
    expect(entries.map(([ok, f]) => ok || (f as Failure).check(CancelledError) !== null)).toEqual([true, true]);
  });

  it('cancel() with fireOnOneErrback fails with the first CancelledError (twisted: (0, CancelledError))', () => {
    const [a, b] = [new Deferred(), new Deferred()];
    const log: unknown[] = [];
    const dl = new DeferredList([a, b], { fireOnOneErrback: true, consumeErrors: true });
    dl.addErrback((f) => {
      const e = f.value as FirstError;
      log.push([e.index, e.subFailure.type?.name]);
    });
    dl.cancel();
    expect(log).toEqual([[0, 'CancelledError']]);
  });

  it('rejects a non-list and non-Deferred items', () => {
    expect(() => new DeferredList(3 as never)).toThrow(InvalidArgumentError);
    expect(() => new DeferredList([1] as never)).toThrow(/item 0 is not a Deferred/);
  });

  it('gatherResults gives the results in order (twisted: [1, 2]), or the first failure', () => {
    expect(gatherResults([succeed(1), succeed(2)]).result).toEqual([1, 2]);
    const bad = new Deferred<number>();
    const g = gatherResults([succeed(1), bad], true);
    bad.errback(new RangeError('no'));
    let first: unknown;
    g.addErrback((f) => {
      first = f.value;
    });
    expect(first).toBeInstanceOf(FirstError);
  });
});

describe('DeferredLock, DeferredSemaphore, DeferredQueue', () => {
  it('DeferredSemaphore.run limits concurrency (twisted: start0, start1, tokens=0, start2, tokens=0 waiting=0)', () => {
    const sem = new DeferredSemaphore(2);
    const order: string[] = [];
    const ds = [new Deferred(), new Deferred(), new Deferred()];
    ds.forEach((d, i) =>
      sem.run(() => {
        order.push(`start${i}`);
        return d;
      }),
    );
    order.push(`tokens=${sem.tokens}`);
    ds[0]!.callback(undefined);
    order.push(`tokens=${sem.tokens} waiting=${(sem as unknown as { waiting: unknown[] }).waiting.length}`);
    expect(order).toEqual(['start0', 'start1', 'tokens=0', 'start2', 'tokens=0 waiting=0']);
    expect(() => new DeferredSemaphore(0)).toThrow(InvalidArgumentError);
  });

  it('DeferredLock serves waiters in order and releases after run() fails', () => {
    const lock = new DeferredLock();
    const order: string[] = [];
    lock.acquire().addCallback(() => order.push('first'));
    const second = lock.acquire().addCallback(() => order.push('second'));
    const third = lock.acquire();
    third.cancel();
    third.addErrback(() => order.push('third cancelled'));
    expect(order).toEqual(['first', 'third cancelled']);
    lock.release();
    expect(order).toEqual(['first', 'third cancelled', 'second']);
    expect(second.called).toBe(true);
    lock.release();
    expect(() => lock.release()).toThrow(InvalidStateError);
    lock
      .run(() => {
        throw new RangeError('in run');
      })
      .addErrback(() => order.push('run failed'));
    expect(lock.locked).toBe(false);
  });

  it('DeferredQueue hands items to waiting gets first (twisted: [1, 2], [])', () => {
    const q = new DeferredQueue<number>();
    const got: number[] = [];
    q.get().addCallback((v) => got.push(v));
    q.put(1);
    q.put(2);
    q.get().addCallback((v) => got.push(v));
    expect(got).toEqual([1, 2]);
    expect(q.pending).toEqual([]);
  });

  it('DeferredQueue raises QueueOverflow and QueueUnderflow at its limits', () => {
    const q = new DeferredQueue<number>(1, 1);
    q.put(1);
    expect(() => q.put(2)).toThrow(QueueOverflow);
    q.get();
    q.get();
    expect(() => q.get()).toThrow(QueueUnderflow);
    expect(() => new DeferredQueue(-1)).toThrow(InvalidArgumentError);
  });
});
