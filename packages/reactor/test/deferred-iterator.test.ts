import { describe, expect, it } from 'vitest';
import { AS_FUTURE, CancelledError, type Coroutine, toFuture } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { Deferred, Failure, fail, succeed } from '@async/reactor';

/*
 * `yield* deferred` steps a `DeferredIterator`, and a driver that is handed the Deferred converts
 * it with `[AS_FUTURE]`. These tests step the iterator by hand, as a driver would.
 */

describe('yield* deferred (the iterator)', () => {
  it('hands a pending Deferred to the driver, then evaluates to what the driver sends back', () => {
    const d = new Deferred<number>();
    const it = d[Symbol.iterator]();
    expect(it[Symbol.iterator]()).toBe(it);
    expect(it.next()).toEqual({ value: d, done: false });
    expect(it.next(7)).toEqual({ value: 7, done: true });
    // Finished: later steps keep returning what they are sent, as a finished delegation would not
    // be stepped again anyway.
    expect(it.next(8)).toEqual({ value: 8, done: true });
  });

  it('finishes at once with a fired Deferred\'s result, consuming it', () => {
    const d = succeed('ready');
    const it = d[Symbol.iterator]();
    expect(it.next()).toEqual({ value: 'ready', done: true });
    expect(d.result).toBeUndefined();
    // The chain goes on with undefined, as after Twisted's inlineCallbacks took the result.
    const seen: unknown[] = [];
    d.addCallback((r) => seen.push(r));
    expect(seen).toEqual([undefined]);
  });

  it('throws a failed Deferred\'s error at the first step, and the failure counts as handled', () => {
    const error = new RangeError('bad');
    const d = fail(error);
    const it = d[Symbol.iterator]();
    expect(() => it.next()).toThrow(error);
    expect(d.result).toBeUndefined();
  });

  it('hands out a fired Deferred whose chain is paused, rather than taking a result that is not there yet', () => {
    const inner = new Deferred<string>();
    const outer = succeed('first');
    outer.addCallback(() => inner); // the outer chain now waits on inner
    const it = outer[Symbol.iterator]();
    expect(it.next()).toEqual({ value: outer, done: false });
  });

  it('passes an error thrown in at the wait on up, and can be closed at the wait', () => {
    const error = new Error('from the driver');
    const thrown = new Deferred<number>()[Symbol.iterator]();
    thrown.next();
    expect(() => thrown.throw!(error)).toThrow(error);
    expect(thrown.next(1)).toEqual({ value: 1, done: true });

    const closed = new Deferred<number>()[Symbol.iterator]();
    closed.next();
    expect(closed.return!(5)).toEqual({ value: 5, done: true });
  });

  it('lets a Task wait on a Deferred with yield*, for a result and for an error', () => {
    const loop = new VirtualEventLoop();
    const ok = new Deferred<number>();
    const bad = new Deferred<number>();
    function* waiter(): Coroutine<string> {
      const value = yield* ok;
      try {
        yield* bad;
        return 'no error';
      } catch (error) {
        return `${value} then ${(error as Error).message}`;
      }
    }
    const task = loop.createTask(waiter());
    loop.runUntilIdle();
    ok.callback(41 + 1);
    loop.runUntilIdle();
    expect(task.done()).toBe(false);
    bad.errback(new Failure(new TypeError('broken')));
    loop.runUntilIdle();
    expect(task.result()).toBe('42 then broken');
    loop.close();
  });
});

describe('a Deferred converts itself ([AS_FUTURE])', () => {
  it('gives toFuture the future of asFuture: the result, consumed', () => {
    const loop = new VirtualEventLoop();
    const d = new Deferred<string>();
    const future = toFuture(d, loop);
    expect(d[AS_FUTURE]).toBeTypeOf('function');
    expect(future.getLoop()).toBe(loop);
    d.callback('value');
    expect(future.result()).toBe('value');
    expect(d.result).toBeUndefined();
    loop.close();
  });

  it('fails the future with the failure\'s error, which is then handled', () => {
    const loop = new VirtualEventLoop();
    const d = new Deferred<string>();
    const future = d[AS_FUTURE](loop);
    const error = new RangeError('nope');
    d.errback(new Failure(error));
    expect(future.exception()).toBe(error);
    expect(d.result).toBeUndefined();
    loop.close();
  });

  it('takes a result the Deferred has already', () => {
    const loop = new VirtualEventLoop();
    const future = toFuture(succeed(3), loop);
    expect(future.result()).toBe(3);
    loop.close();
  });

  it('cancels the Deferred when the future is cancelled, on the next loop iteration', () => {
    const loop = new VirtualEventLoop();
    let cancelled = 0;
    const d = new Deferred<string>(() => cancelled++);
    const future = toFuture(d, loop);
    expect(future.cancel()).toBe(true);
    expect(cancelled).toBe(0);
    loop.runUntilIdle();
    expect(cancelled).toBe(1);
    // The Deferred failed with Twisted's CancelledError; the future was cancelled already.
    expect(() => future.result()).toThrow(CancelledError);
    d.addErrback(() => undefined);
    loop.close();
  });
});
