// The waitable table of the interop matrix: one row per kind of thing a driver can wait on.
// `make(loop)` builds a pending one on the host loop, with handles to settle it, cancel it and
// tell whether the cancellation reached the work behind it. A waitable that cannot be
// cancelled says why instead of giving `cancel`.
import type { EventLoop, Task } from '@async/loop';
import { Deferred } from '@async/reactor';
import { AsyncResult, GreenletExit, spawn } from '@async/hub';

/** A pending waitable and its controls. */
export interface MadeWaitable {
  /** What the driver waits on. */
  waitable: unknown;
  /** Completes it with `value`. */
  resolve(value: unknown): void;
  /** Fails it with `error`. */
  reject(error: Error): void;
  /** Cancels it (kills, for a greenlet); absent when the row has `cannotCancel`. */
  cancel?: () => void;
  /** True once a cancellation reached the work behind it (canceller ran, greenlet killed…). */
  wasCancelled(): boolean;
}

export interface WaitableRow {
  name: string;
  make(loop: EventLoop): MadeWaitable;
  /** Why the waitable has no cancellation (a driver that stops waiting only detaches from it). */
  cannotCancel?: string;
}

export const waitables: WaitableRow[] = [
  {
    name: 'core Future',
    make(loop) {
      const f = loop.createFuture<unknown>();
      return {
        waitable: f,
        resolve: (v) => f.setResult(v),
        reject: (e) => f.setException(e),
        cancel: () => f.cancel(),
        wasCancelled: () => f.cancelled(),
      };
    },
  },
  {
    name: 'Task',
    make(loop) {
      const inner = loop.createFuture<unknown>();
      let cleanedUp = false;
      const task: Task<unknown> = loop.createTask(
        (function* () {
          try {
            return yield* inner;
          } finally {
            cleanedUp = true;
          }
        })(),
      );
      return {
        waitable: task,
        resolve: (v) => inner.setResult(v),
        reject: (e) => inner.setException(e),
        cancel: () => task.cancel(),
        wasCancelled: () => task.cancelled() && cleanedUp,
      };
    },
  },
  {
    name: 'Deferred',
    make() {
      let cancellerRan = false;
      const d = new Deferred<unknown>(() => {
        cancellerRan = true;
      });
      return {
        waitable: d,
        resolve: (v) => d.callback(v),
        reject: (e) => d.errback(e),
        cancel: () => d.cancel(),
        wasCancelled: () => cancellerRan,
      };
    },
  },
  {
    name: 'gevent Greenlet',
    make() {
      const inner = new AsyncResult<unknown>();
      let killed = false;
      const g = spawn(function* () {
        try {
          return yield* inner.get();
        } catch (error) {
          if (error instanceof GreenletExit) killed = true;
          throw error;
        }
      });
      return {
        waitable: g,
        resolve: (v) => inner.set(v),
        reject: (e) => inner.setException(e),
        cancel: () => void g.kill(),
        wasCancelled: () => killed,
      };
    },
  },
  {
    name: 'AsyncResult',
    cannotCancel: "gevent's AsyncResult has no cancellation: a driver that stops waiting unlinks from it",
    make() {
      const r = new AsyncResult<unknown>();
      return {
        waitable: r,
        resolve: (v) => r.set(v),
        reject: (e) => r.setException(e),
        wasCancelled: () => false,
      };
    },
  },
  {
    name: 'native Promise',
    cannotCancel: 'a native promise cannot be cancelled: a driver that stops waiting drops its late outcome',
    make() {
      let resolve!: (v: unknown) => void;
      let reject!: (e: Error) => void;
      const p = new Promise<unknown>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // The scenario that cancels or times out leaves it pending: nothing to report.
      p.catch(() => {});
      return { waitable: p, resolve, reject, wasCancelled: () => false };
    },
  },
];
