/**
 * `DelayedCall`: what `reactor.callLater()` returns, with Twisted's interface (`cancel`,
 * `reset`, `delay`, `active`, `getTime`, `called`). It is a core `TimerHandle`, so a Reactor
 * is an `EventLoop`, but keeps Twisted's strictness: cancelling or moving a call that ran or
 * was cancelled raises `AlreadyCalled` / `AlreadyCancelled`. Underneath it is one timer of the
 * loop the reactor runs on, replaced when the call is moved.
 */
import { TimerHandle, type EventLoop } from '@async/loop';
/** @internal The `DelayedCall` whose loop timer `handle` is, if any. */
export declare function delayedCallOf(handle: unknown): DelayedCall | undefined;
/** Throws unless `value` is a non-negative number of seconds (`Infinity` means never, as in PEP 3156). */
export declare function checkSeconds(value: unknown, what: string): asserts value is number;
/** A call scheduled with `reactor.callLater()`. */
export declare class DelayedCall extends TimerHandle {
    /** True once the call has run. */
    called: boolean;
    private _timer;
    private readonly _clock;
    private readonly _lenient;
    /**
     * @internal Created by `Reactor.callLater()`; a `lenient` call cancels as PEP 3156's handles
     * do (harmless once it ran or was cancelled).
     */
    constructor(when: number, callback: (...args: any[]) => unknown, args: unknown[], clock: EventLoop, lenient?: boolean);
    /** The reactor time (seconds) at which the call will run. */
    getTime(): number;
    /** True while the call has neither run nor been cancelled. */
    active(): boolean;
    /** Cancels the call. @throws AlreadyCancelled, AlreadyCalled (unless made lenient). */
    cancel(): void;
    /** Moves the call to `secondsFromNow` seconds from now. @throws AlreadyCancelled, AlreadyCalled. */
    reset(secondsFromNow: number): void;
    /** Postpones the call by `secondsLater` seconds. @throws AlreadyCancelled, AlreadyCalled. */
    delay(secondsLater: number): void;
    toString(): string;
    private _checkActive;
    private _schedule;
    private readonly _fire;
}
//# sourceMappingURL=delayed-call.d.ts.map