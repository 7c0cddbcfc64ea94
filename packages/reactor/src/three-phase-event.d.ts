/**
 * A system event ('startup', 'shutdown') with Twisted's three phases: 'before' triggers run
 * first, and a Deferred one of them returns holds the event back until it fires; then the
 * 'during' and the 'after' triggers run. Triggers run once: firing the event consumes them.
 */
import type { EventLoop } from '@async/loop';
/** A phase of a system event. */
export type EventPhase = 'before' | 'during' | 'after';
/** An opaque id for `removeSystemEventTrigger()`. */
export interface TriggerId {
    readonly phase: EventPhase;
    readonly eventType: string;
}
/** Twisted's `_ThreePhaseEvent`. */
export declare class ThreePhaseEvent {
    private readonly _eventType;
    private readonly _phases;
    constructor(_eventType: string);
    /** Adds a trigger to `phase`. */
    addTrigger(phase: EventPhase, f: (...args: any[]) => unknown, args: unknown[]): TriggerId;
    /** Removes a trigger; returns false if it is not (or no longer) there. */
    removeTrigger(id: TriggerId): boolean;
    /**
     * Runs the triggers; `done` is called after the last 'after' trigger. Errors thrown by
     * triggers go to `loop`'s exception handler and do not stop the event.
     */
    fire(loop: EventLoop, done: () => void): void;
    private _call;
}
//# sourceMappingURL=three-phase-event.d.ts.map