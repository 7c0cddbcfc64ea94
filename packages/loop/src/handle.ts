/**
 * Handles are what `callSoon`, `callLater` and `callAt` return: the scheduled callback, its
 * arguments and a way to cancel it. The loop's queues hold handles, so cancelling is O(1): the
 * handle is only marked, and the loop skips it when its turn comes.
 */
import type { EventLoop } from './event-loop.js';
import { ANCHOR_LOOP, anchorCallback } from './map-anchor.js';

/** Any callback the loop can schedule. */
export type Callback<A extends unknown[] = unknown[]> = (...args: A) => unknown;

/** @internal What a timer handle tells when it is cancelled, so the loop can count dead timers. */
export interface TimerOwner {
  _timerHandleCancelled(handle: TimerHandle): void;
}

/**
 * @internal What the loop's ready queue holds: a `Handle`, or an object that runs itself and that
 * nobody cancels through the loop (a task's first step, see `_callSoonRunnable`).
 */
export interface Runnable {
  _run(): void;
}

/** @internal A loop that can queue a `Runnable` as it is, without a `Handle` around it. */
export interface RunnableQueue {
  _callSoonRunnable(item: Runnable): void;
  /** The same for an I/O event's work: an idle loop runs its iteration at once. */
  _callSoonFromIo(item: Runnable): void;
}

/**
 * @internal Queues `item` on `loop` as it is when the loop takes runnables (the engine's loops
 * do); returns false when it does not, and the caller uses `callSoon` instead.
 */
export function queueRunnable(loop: EventLoop, item: Runnable): boolean {
  const queue = loop as EventLoop & Partial<RunnableQueue>;
  if (typeof queue._callSoonRunnable !== 'function') return false;
  queue._callSoonRunnable(item);
  return true;
}

/** @internal `queueRunnable`, or where the loop does not take runnables, a `callSoon` that runs `item`. */
export function callSoonRunnable(loop: EventLoop, item: Runnable): void {
  if (!queueRunnable(loop, item)) loop.callSoon(runItem, item);
}

/**
 * @internal Hands an I/O event's work (a socket's chunk, its end) to `loop`: through
 * `_callSoonFromIo` on the engine's loops, else as a plain `callSoon`.
 */
export function queueIoEvent(loop: EventLoop, item: Runnable): void {
  const queue = loop as EventLoop & Partial<RunnableQueue>;
  if (typeof queue._callSoonFromIo === 'function') queue._callSoonFromIo(item);
  else loop.callSoon(runItem, item);
}

function runItem(item: Runnable): void {
  item._run();
}

/**
 * @internal The arguments of a handle that has none, or was cancelled: one shared empty array,
 * never written to.
 */
export const NO_ARGS: unknown[] = [];

/**
 * Where each handle made in debug mode was created. Outside debug mode there is nothing to keep,
 * so a handle has no field for it: a program may hold 1e5 timer handles.
 */
const sourceTracebacks = new WeakMap<Handle, string>();

/** A callback scheduled with `callSoon`. */
export class Handle {
  /** Keeps the class's hidden class alive across full GCs (see `map-anchor.ts`). */
  static readonly #mapAnchor: Handle = new Handle(anchorCallback, [], ANCHOR_LOOP);
  /** @internal The callback; null once the handle is cancelled (which is what marks it so). */
  _callback: Callback | null;
  /** @internal */ _args: unknown[];

  /** @internal Handles are created by the loop, never by user code. */
  constructor(
    callback: Callback,
    args: unknown[],
    /** The loop the handle belongs to. */
    readonly loop: EventLoop,
  ) {
    this._callback = callback;
    this._args = args;
    if (loop.getDebug()) {
      const stack = new Error('handle created here').stack;
      if (stack !== undefined) sourceTracebacks.set(this, stack);
    }
  }

  /** Where the handle was created; captured only in debug mode. */
  get sourceTraceback(): string | undefined {
    return sourceTracebacks.get(this);
  }

  /**
   * @internal True once `cancel()` was called: the callback is dropped then, so a cancelled
   * handle left in a queue keeps nothing alive, and no separate flag is needed.
   */
  get _cancelled(): boolean {
    return this._callback === null;
  }

  /** Prevents the callback from running. Cancelling twice, or after it ran, does nothing. */
  cancel(): void {
    if (this._callback === null) return;
    this._callback = null;
    this._args = NO_ARGS;
  }

  /** True once `cancel()` was called. */
  cancelled(): boolean {
    return this._callback === null;
  }

  /**
   * Runs the callback. An exception it throws goes to the loop's exception handler, never to the
   * loop's caller: one failing callback must not stop the others.
   * @internal
   */
  _run(): void {
    const callback = this._callback;
    if (callback === null) return;
    try {
      const args = this._args;
      if (args.length === 0) callback();
      else callback(...args);
    } catch (exception) {
      this.loop.callExceptionHandler({
        message: `Exception in callback ${this.toString()}`,
        exception,
        handle: this,
      });
    }
  }

  /** A short description for logs: the callback's name and state. */
  toString(): string {
    const name = this._callback?.name || '(anonymous)';
    return `<Handle ${this._cancelled ? 'cancelled' : name}>`;
  }
}

/** A callback scheduled for a point in loop time, with `callLater` or `callAt`. */
export class TimerHandle extends Handle {
  /** As `Handle`'s (see `map-anchor.ts`). */
  static readonly #timerMapAnchor: TimerHandle = new TimerHandle(0, anchorCallback, [], ANCHOR_LOOP);
  /** @internal True while the handle sits in the loop's timer heap. */
  _scheduled = false;
  /** @internal Deadline in loop seconds. */
  _when: number;

  /**
   * @internal The loop that queues the handle (and only such a loop sets `_scheduled`) is its
   * `TimerOwner`, told about a cancel: no separate owner field, as a program may hold 1e5 of these.
   */
  constructor(when: number, callback: Callback, args: unknown[], loop: EventLoop) {
    super(callback, args, loop);
    this._when = when;
  }

  /** The loop time, in seconds, at which the callback is due. */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (this._callback === null) return;
    super.cancel();
    if (this._scheduled) (this.loop as EventLoop & TimerOwner)._timerHandleCancelled(this);
  }

  override toString(): string {
    const name = this._callback?.name || '(anonymous)';
    return `<TimerHandle when=${this._when.toFixed(3)} ${this._cancelled ? 'cancelled' : name}>`;
  }
}
