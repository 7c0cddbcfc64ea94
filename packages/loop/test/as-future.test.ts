import { describe, expect, it } from 'vitest';
import {
  AS_FUTURE,
  type Coroutine,
  type EventLoop,
  type Future,
  type FutureConvertible,
  InvalidArgumentError,
  registerConverter,
  toFuture,
} from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';

/*
 * The `AS_FUTURE` protocol: a waitable that converts itself, found by `toFuture` (and so by a
 * Task's wait) before the registered converters.
 */

/** A waitable of a made-up front: settles with `value` when `fire()` is called. */
class Signal<T> implements FutureConvertible<T> {
  readonly asked: { loop: EventLoop; self: unknown }[] = [];
  private readonly _futures: Future<T>[] = [];

  constructor(private readonly _value: T) {}

  [AS_FUTURE](loop: EventLoop): Future<T> {
    this.asked.push({ loop, self: this });
    const future = loop.createFuture<T>();
    this._futures.push(future);
    return future;
  }

  fire(): void {
    for (const future of this._futures) future.setResult(this._value);
  }
}

describe('AS_FUTURE', () => {
  it('lets a Task wait on a value that makes its own future on the task\'s loop', () => {
    const loop = new VirtualEventLoop();
    const signal = new Signal('fired');
    function* waiter(): Coroutine<string> {
      return `got ${(yield signal) as string}`;
    }
    const task = loop.createTask(waiter());
    loop.runUntilIdle();
    expect(task.done()).toBe(false);
    expect(signal.asked).toEqual([{ loop, self: signal }]);
    signal.fire();
    loop.runUntilIdle();
    expect(task.result()).toBe('got fired');
    loop.close();
  });

  it('is used before a registered converter and before the thenable rule', () => {
    const loop = new VirtualEventLoop();
    const signal = Object.assign(new Signal(1), { then: () => undefined });
    let converterCalls = 0;
    const unregister = registerConverter((value, on) => {
      converterCalls++;
      return value === signal ? on.createFuture() : undefined;
    });
    try {
      const future = toFuture(signal, loop);
      expect(signal.asked).toHaveLength(1);
      expect(converterCalls).toBe(0);
      signal.fire();
      expect(future.result()).toBe(1);
    } finally {
      unregister();
    }
    loop.close();
  });

  it('is what a Task waits on even when the value also has a generator\'s methods', () => {
    const loop = new VirtualEventLoop();
    // Looks like a coroutine (next, throw, iterator) and converts itself: the conversion wins,
    // so the task waits on the future instead of driving the value as a coroutine.
    let stepped = 0;
    const both = Object.assign(new Signal('converted'), {
      next: () => {
        stepped++;
        return { value: undefined, done: true };
      },
      throw: (error: unknown) => {
        throw error;
      },
      [Symbol.iterator]() {
        return this;
      },
    });
    function* waiter(): Coroutine<unknown> {
      return yield both;
    }
    const task = loop.createTask(waiter());
    loop.runUntilIdle();
    expect(both.asked).toHaveLength(1);
    expect(task.done()).toBe(false);
    both.fire();
    loop.runUntilIdle();
    expect(task.result()).toBe('converted');
    expect(stepped).toBe(0);
    loop.close();
  });

  it('leaves registered converters working for values without it', () => {
    const loop = new VirtualEventLoop();
    class Token {}
    const token = new Token();
    const made = loop.createFuture<string>();
    const unregister = registerConverter((value) => (value instanceof Token ? made : undefined));
    try {
      expect(toFuture(token, loop)).toBe(made);
    } finally {
      unregister();
    }
    expect(() => toFuture(token, loop)).toThrow(InvalidArgumentError);
    loop.close();
  });

  it('rejects an AS_FUTURE that is not a method, or that returns no Future, with a typed error', () => {
    const loop = new VirtualEventLoop();
    const notMethod = { [AS_FUTURE]: 42 };
    expect(() => toFuture(notMethod, loop)).toThrow(InvalidArgumentError);
    expect(() => toFuture(notMethod, loop)).toThrow(/\[AS_FUTURE\] is .*42.*, not a method/);
    const returnsPromise = { [AS_FUTURE]: () => Promise.resolve(1) };
    expect(() => toFuture(returnsPromise, loop)).toThrow(/returned .*not a Future/);

    // A Task that yields such a value gets the error thrown in at its yield, as for any bad wait.
    function* waiter(): Coroutine<string> {
      try {
        yield returnsPromise;
        return 'waited';
      } catch (error) {
        return error instanceof InvalidArgumentError ? 'refused' : 'other error';
      }
    }
    const task = loop.createTask(waiter());
    loop.runUntilIdle();
    expect(task.result()).toBe('refused');
    loop.close();
  });
});
