/**
 * `PeriodicCallback`: Tornado's repeating timer. The period is measured from the start of one
 * call to the start of the next; if a call (or a busy loop) makes it miss deadlines, the missed
 * iterations are skipped so the schedule stays on multiples of the period. If the callback
 * returns a coroutine or a future, the next call is scheduled only once it is done. `jitter`
 * varies each period by up to ±`jitter`/2 of it, to spread out many timers.
 */
import { InvalidArgumentError, type TimerHandle, describeValue } from '@async/loop';
import { checkFunction } from './argument-checks.js';
import { convertYielded } from './convert-yielded.js';
import { IOLoop } from './ioloop.js';

/** Options of `PeriodicCallback` beyond Tornado's arguments. */
export interface PeriodicCallbackOptions {
  /** The IOLoop to run on. Default: `IOLoop.current()` when `start()` is called, as in Tornado. */
  ioloop?: IOLoop;
  /** The random source for the jitter, returning [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** Calls a function every `callbackTime` seconds. */
export class PeriodicCallback {
  private readonly _callback: () => unknown;
  /** The period in seconds. */
  readonly callbackTime: number;
  /** The jitter fraction (0 for none). */
  readonly jitter: number;
  private readonly _random: () => number;
  private _ioloop: IOLoop | null;
  private _running = false;
  private _timeout: TimerHandle | null = null;
  private _nextTimeout = 0;

  /**
   * @param callback called every period; may return a coroutine or a future.
   * @param callbackTime the period in **seconds** (Tornado takes milliseconds; this port uses
   *   seconds everywhere), or `{ seconds }`, the spelling of Tornado 6.2's `timedelta`.
   * @param jitter the fraction of the period by which each period may vary (e.g. 0.1 for ±5%).
   * @throws InvalidArgumentError for a non-function callback, a period that is not a positive
   *   number, or a negative jitter.
   */
  constructor(
    callback: () => unknown,
    callbackTime: number | { readonly seconds: number },
    jitter = 0,
    options: PeriodicCallbackOptions = {},
  ) {
    checkFunction(callback, 'PeriodicCallback(callback)');
    if (typeof callbackTime === 'object' && callbackTime !== null) callbackTime = callbackTime.seconds;
    if (typeof callbackTime !== 'number' || !(callbackTime > 0) || callbackTime === Infinity) {
      throw new InvalidArgumentError(
        `PeriodicCallback needs a positive, finite callbackTime in seconds, got ${describeValue(callbackTime)}`,
      );
    }
    if (typeof jitter !== 'number' || !(jitter >= 0)) {
      throw new InvalidArgumentError(`PeriodicCallback jitter must be a non-negative fraction, got ${describeValue(jitter)}`);
    }
    this._callback = callback;
    this.callbackTime = callbackTime;
    this.jitter = jitter;
    this._random = options.random ?? Math.random;
    this._ioloop = options.ioloop ?? null;
  }

  /** Starts the timer: the first call is one period from now. Starting twice does nothing more. */
  start(): void {
    if (this._running) return;
    this._ioloop ??= IOLoop.current();
    this._running = true;
    this._nextTimeout = this._ioloop.time();
    this._scheduleNext();
  }

  /** Stops the timer; a call in progress finishes, and no other follows. */
  stop(): void {
    this._running = false;
    if (this._timeout !== null) {
      this._timeout.cancel();
      this._timeout = null;
    }
  }

  /** True between `start()` and `stop()`. */
  isRunning(): boolean {
    return this._running;
  }

  private _run(): void {
    if (!this._running) return;
    // The IOLoop, not the loop under it: a returned coroutine runs as the IOLoop's task and
    // reports through it, as every other IOLoop callback does.
    const loop: IOLoop = this._ioloop!;
    let value: unknown;
    try {
      value = this._callback();
    } catch (exception) {
      loop.callExceptionHandler({ message: `Exception in PeriodicCallback ${this._callback.name || '(anonymous)'}`, exception });
      this._scheduleNext();
      return;
    }
    if (value === undefined || value === null) {
      this._scheduleNext();
      return;
    }
    let future;
    try {
      future = convertYielded(value, loop);
    } catch {
      // A plain return value is not something to wait for.
      this._scheduleNext();
      return;
    }
    future.addDoneCallback((f) => {
      if (!f.cancelled() && f.exception() !== null) {
        loop.callExceptionHandler({
          message: `Exception in PeriodicCallback ${this._callback.name || '(anonymous)'}`,
          exception: f.exception(),
        });
      }
      this._scheduleNext();
    });
  }

  private _scheduleNext(): void {
    if (!this._running) return;
    const ioloop = this._ioloop!;
    this._updateNext(ioloop.time());
    this._timeout = ioloop.callAt(this._nextTimeout, () => this._run());
  }

  private _updateNext(currentTime: number): void {
    let period = this.callbackTime;
    if (this.jitter) period *= 1 + this.jitter * (this._random() - 0.5);
    if (this._nextTimeout <= currentTime) {
      // Skip the iterations we missed, so that calls stay on multiples of the period.
      this._nextTimeout += (Math.floor((currentTime - this._nextTimeout) / period) + 1) * period;
    } else {
      // The clock went backwards (or a call came early): move on by one period rather than
      // recomputing the same deadline.
      this._nextTimeout += period;
    }
  }
}
