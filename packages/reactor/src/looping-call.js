/**
 * `LoopingCall`: calls a function every `interval` seconds, as Twisted's `task.LoopingCall`.
 * Calls are scheduled on interval boundaries counted from `start()`, so a slow call skips the
 * boundaries it overran instead of piling up; `LoopingCall.withCount` tells the function how
 * many intervals passed since its last call. If the function returns a Deferred, the next
 * call waits for it. The Deferred from `start()` fires with the LoopingCall when it is
 * stopped, or fails with the function's error (which stops it).
 */
import { InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { Deferred } from './deferred.js';
import { maybeDeferred } from './maybe-deferred.js';
import { checkSeconds } from './delayed-call.js';
import { reactor } from './reactor.js';
/** Twisted's `task.LoopingCall`. */
export class LoopingCall {
    /** The clock; assign a reactor on a `VirtualEventLoop` to drive it in tests. */
    clock = reactor;
    /** True between `start()` and `stop()` (or a failure). */
    running = false;
    /** The interval, once started. */
    interval = null;
    /** The clock time `start()` was called at. */
    starttime = null;
    /** The next scheduled call, if any. */
    call = null;
    _deferred = null;
    _runAtStart = false;
    _realLastTime = null;
    f;
    a;
    /** A LoopingCall of `f(...args)`. */
    constructor(f, ...args) {
        if (typeof f !== 'function') {
            throw new InvalidArgumentError(`LoopingCall(f) must be a function, got ${describeValue(f)}`);
        }
        this.f = f;
        this.a = args;
    }
    /**
     * A LoopingCall that calls `countCallable(count)`, `count` being how many intervals have
     * passed since the previous call (more than 1 when calls were skipped).
     */
    static withCount(countCallable) {
        if (typeof countCallable !== 'function') {
            throw new InvalidArgumentError(`LoopingCall.withCount() takes a function, got ${describeValue(countCallable)}`);
        }
        const lc = new LoopingCall(() => {
            const now = lc.clock.seconds();
            if (lc.interval === 0) {
                lc._realLastTime = now;
                return countCallable(1);
            }
            let lastTime = lc._realLastTime;
            if (lastTime === null) {
                lastTime = lc.starttime;
                if (lc._runAtStart)
                    lastTime -= lc.interval;
            }
            const count = lc._intervalOf(now) - lc._intervalOf(lastTime);
            if (count > 0) {
                lc._realLastTime = now;
                return countCallable(count);
            }
            return undefined;
        });
        return lc;
    }
    /**
     * Starts calling every `interval` seconds, at once too if `now` (the default).
     * @throws InvalidStateError if already running; InvalidArgumentError for a bad interval.
     */
    start(interval, now = true) {
        if (this.running)
            throw new InvalidStateError('Tried to start an already running LoopingCall.');
        checkSeconds(interval, 'LoopingCall.start(interval)');
        this.running = true;
        const deferred = new Deferred();
        this._deferred = deferred;
        this.starttime = this.clock.seconds();
        this.interval = interval;
        this._runAtStart = now;
        if (now)
            this._call();
        else
            this._scheduleFrom(this.starttime);
        return deferred;
    }
    /** Stops; the Deferred from `start()` fires with this LoopingCall. @throws InvalidStateError if not running. */
    stop() {
        if (!this.running)
            throw new InvalidStateError("Tried to stop a LoopingCall that was not running.");
        this.running = false;
        if (this.call !== null) {
            this.call.cancel();
            this.call = null;
            const d = this._deferred;
            this._deferred = null;
            d.callback(this);
        }
    }
    /** Restarts the interval count from now. @throws InvalidStateError if not running. */
    reset() {
        if (!this.running)
            throw new InvalidStateError("Tried to reset a LoopingCall that was not running.");
        if (this.call !== null) {
            this.call.cancel();
            this.call = null;
            this.starttime = this.clock.seconds();
            this._scheduleFrom(this.starttime);
        }
    }
    _call = () => {
        this.call = null;
        const d = maybeDeferred(this.f, ...this.a);
        d.addCallback(() => {
            if (this.running) {
                this._scheduleFrom(this.clock.seconds());
            }
            else {
                const done = this._deferred;
                this._deferred = null;
                done.callback(this);
            }
        });
        d.addErrback((failure) => {
            this.running = false;
            const done = this._deferred;
            this._deferred = null;
            done.errback(failure);
        });
    };
    _scheduleFrom(when) {
        const interval = this.interval;
        let delay;
        if (interval === 0) {
            delay = 0;
        }
        else {
            const runningFor = when - this.starttime;
            const untilNextInterval = interval - (runningFor % interval);
            // Float rounding can leave the next boundary indistinguishable from now: wait a full interval.
            delay = when === when + untilNextInterval ? interval : untilNextInterval;
        }
        this.call = this.clock.callLater(delay, this._call);
    }
    _intervalOf(t) {
        return Math.trunc((t - this.starttime) / this.interval);
    }
}
//# sourceMappingURL=looping-call.js.map