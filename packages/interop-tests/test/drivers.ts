// The driver table of the interop matrix: one row per way of writing a coroutine, each waiting
// on a waitable in its own idiom (`yield*` in a Task, inlineCallbacks or a Tornado coroutine,
// `yieldFuture` in a greenlet, `await` in plain async code), with its front's cancellation and
// its front's timeout. A driver that has no cancellation or no timeout of its own says why.
import {
  type EventLoop,
  CancelledError,
  TimeoutError,
  isThenable,
  type Coroutine,
  type Task,
} from '@async/loop';
import { waitFor } from '@async/asyncio';
import { type Deferred, inlineCallbacks } from '@async/reactor';
import { coroutine, withTimeout as tornadoWithTimeout } from '@async/ioloop';
import { GreenletExit, Timeout, spawn, withTimeout as geventWithTimeout, type Greenlet } from '@async/hub';
import { ensureDeferred } from '@async/bridge-deferred';
import { yieldFuture } from '@async/bridge-greenlet';

/** What a driver's body saw. */
export class Recorder {
  outcome: { ok: true; value: unknown } | { ok: false; error: unknown } | null = null;
  finallyRan = false;
  /** Done once the body's `finally` has run. */
  readonly done: ReturnType<EventLoop['createFuture']>;

  constructor(loop: EventLoop) {
    this.done = loop.createFuture<unknown>();
  }

  value(value: unknown): void {
    this.outcome = { ok: true, value };
  }

  error(error: unknown): void {
    this.outcome = { ok: false, error };
  }

  finish(): void {
    this.finallyRan = true;
    if (!this.done.done()) this.done.setResult(undefined);
  }
}

/** Waits on `w` in a generator-based driver: iterables with `yield*`, promises with `yield`. */
function* waitOn(w: unknown): Coroutine<unknown> {
  if (typeof w === 'object' && w !== null && Symbol.iterator in w) return yield* w as Iterable<unknown>;
  return yield w;
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface DriverRow {
  name: string;
  /**
   * Starts the driver on `loop` (inside a callback the host dispatches): it waits on `w` (for at
   * most `timeout` seconds, with its front's timeout, when given) and records what it saw.
   */
  start(loop: EventLoop, w: unknown, rec: Recorder, timeout?: number): unknown;
  /** Cancels (kills) the started driver; absent when the row has `cannotCancel`. */
  cancel?: (handle: unknown) => void;
  cannotCancel?: string;
  /** The error the body sees at its wait when the driver is cancelled. */
  cancelError?: ErrorClass;
  /** The error its front's timeout raises; absent when the row has `cannotTimeout`. */
  timeoutError?: ErrorClass;
  cannotTimeout?: string;
  /** Whether its front's timeout cancels what was waited on (Tornado's does not). */
  timeoutCancels?: boolean;
}

export const drivers: DriverRow[] = [
  {
    name: 'asyncio Task',
    start(loop, w, rec, timeout) {
      return loop.createTask(
        (function* () {
          try {
            rec.value(timeout === undefined ? yield* waitOn(w) : yield* waitFor(w as never, timeout));
          } catch (error) {
            rec.error(error);
          } finally {
            rec.finish();
          }
        })(),
      );
    },
    cancel: (task) => void (task as Task<unknown>).cancel(),
    cancelError: CancelledError,
    timeoutError: TimeoutError,
    timeoutCancels: true,
  },
  {
    name: 'inlineCallbacks',
    start(loop, w, rec, timeout) {
      return inlineCallbacks(function* () {
        try {
          rec.value(timeout === undefined ? yield* waitOn(w) : yield* ensureDeferred(w as never).addTimeout(timeout, loop));
        } catch (error) {
          rec.error(error);
        } finally {
          rec.finish();
        }
      })();
    },
    cancel: (d) => (d as Deferred<unknown>).cancel(),
    cancelError: CancelledError,
    timeoutError: TimeoutError,
    timeoutCancels: true,
  },
  {
    name: 'gen.coroutine',
    start(_loop, w, rec, timeout) {
      return coroutine(function* () {
        try {
          rec.value(timeout === undefined ? yield* waitOn(w) : yield tornadoWithTimeout({ seconds: timeout }, w));
        } catch (error) {
          rec.error(error);
        } finally {
          rec.finish();
        }
      })();
    },
    cancel: (f) => void (f as Task<unknown>).cancel(),
    cancelError: CancelledError,
    timeoutError: TimeoutError,
    // gen.with_timeout leaves the wrapped future running, as in Tornado.
    timeoutCancels: false,
  },
  {
    name: 'hub greenlet',
    start(_loop, w, rec, timeout) {
      return spawn(function* () {
        try {
          rec.value(timeout === undefined ? yield* yieldFuture(w as never) : yield* geventWithTimeout(timeout, () => yieldFuture(w as never)));
        } catch (error) {
          rec.error(error);
        } finally {
          rec.finish();
        }
      });
    },
    cancel: (g) => void (g as Greenlet).kill(),
    cancelError: GreenletExit,
    timeoutError: Timeout,
    timeoutCancels: true,
  },
  {
    name: 'plain async function',
    start(_loop, w, rec) {
      return (async () => {
        try {
          rec.value(await (isThenable(w) ? w : Promise.reject(new TypeError('not awaitable'))));
        } catch (error) {
          rec.error(error);
        } finally {
          rec.finish();
        }
      })();
    },
    cannotCancel: 'a promise cannot be thrown into: plain async code stops through an AbortSignal it was given (see fromAsync)',
    cannotTimeout: "plain async code has no timeout of its own: it awaits a front's (asyncio's waitFor, a Deferred's addTimeout)",
  },
];
