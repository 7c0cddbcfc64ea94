import { Deferred } from './deferred.js';
/** What a LoopingCall needs from its clock: a `Reactor` (default `reactor`). */
export interface LoopingClock {
    /** The clock's time, in seconds. */
    seconds(): number;
    /** Schedules `f` after `delay` seconds. */
    callLater(delay: number, f: () => void): {
        cancel(): void;
    };
}
/** Twisted's `task.LoopingCall`. */
export declare class LoopingCall {
    /** The clock; assign a reactor on a `VirtualEventLoop` to drive it in tests. */
    clock: LoopingClock;
    /** True between `start()` and `stop()` (or a failure). */
    running: boolean;
    /** The interval, once started. */
    interval: number | null;
    /** The clock time `start()` was called at. */
    starttime: number | null;
    /** The next scheduled call, if any. */
    call: {
        cancel(): void;
    } | null;
    private _deferred;
    private _runAtStart;
    private _realLastTime;
    private readonly f;
    private readonly a;
    /** A LoopingCall of `f(...args)`. */
    constructor(f: (...args: any[]) => unknown, ...args: unknown[]);
    /**
     * A LoopingCall that calls `countCallable(count)`, `count` being how many intervals have
     * passed since the previous call (more than 1 when calls were skipped).
     */
    static withCount(countCallable: (count: number) => unknown): LoopingCall;
    /**
     * Starts calling every `interval` seconds, at once too if `now` (the default).
     * @throws InvalidStateError if already running; InvalidArgumentError for a bad interval.
     */
    start(interval: number, now?: boolean): Deferred<LoopingCall>;
    /** Stops; the Deferred from `start()` fires with this LoopingCall. @throws InvalidStateError if not running. */
    stop(): void;
    /** Restarts the interval count from now. @throws InvalidStateError if not running. */
    reset(): void;
    private readonly _call;
    private _scheduleFrom;
    private _intervalOf;
}
//# sourceMappingURL=looping-call.d.ts.map