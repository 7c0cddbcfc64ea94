/**
 * Python's `locks._ContextManagerMixin`: `async with lock:` acquires on entry and releases on
 * exit. The exit does not depend on the exception, so both spellings are exact here:
 * `yield* lock.run(function* () { ... })` and `using _ = yield* lock.enter();`.
 */
import type { Coroutine } from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { LoopBound } from './loop-bound.js';
import { type ScopeBody, checkScopeBody, startScopeBody } from './scope-body.js';

/** Base of `Lock`, `Semaphore` and `Condition`: the `async with` forms over acquire/release. */
export abstract class AcquireReleaseContext extends LoopBound {
  /** Waits until acquired; evaluates to `true`. */
  abstract acquire(): AwaitableCoroutine<true>;

  /** Releases what `acquire()` took. */
  abstract release(): void;

  /**
   * Acquires, runs `body` (a generator function or a coroutine), and releases however the body
   * ends: `async with x: body`. Evaluates to the body's result.
   * @throws InvalidArgumentError if `body` is neither a generator function nor a coroutine.
   */
  run<T>(body: ScopeBody<void, T>): AwaitableCoroutine<T> {
    checkScopeBody(body, `${this.constructor.name}.run(body)`);
    return awaitable(this._runBody(body));
  }

  /**
   * Acquires and evaluates to a handle whose disposal releases: `using _ = yield* lock.enter();`
   * holds the lock until the end of the block. Disposing twice releases once.
   */
  enter(): AwaitableCoroutine<Disposable> {
    return awaitable(this._enter());
  }

  private *_runBody<T>(body: ScopeBody<void, T>): Coroutine<T> {
    yield* this.acquire();
    try {
      return yield* startScopeBody(body, undefined, `${this.constructor.name}.run(body)`);
    } finally {
      this.release();
    }
  }

  private *_enter(): Coroutine<Disposable> {
    yield* this.acquire();
    let held = true;
    return {
      [Symbol.dispose]: () => {
        if (!held) return;
        held = false;
        this.release();
      },
    };
  }
}
