/**
 * A system event ('startup', 'shutdown') with Twisted's three phases: 'before' triggers run
 * first, and a Deferred one of them returns holds the event back until it fires; then the
 * 'during' and the 'after' triggers run. Triggers run once: firing the event consumes them.
 */
import type { EventLoop } from '@async/loop';
import { Deferred } from './deferred.js';
import { DeferredList } from './deferred-list.js';

/** A phase of a system event. */
export type EventPhase = 'before' | 'during' | 'after';

/** An opaque id for `removeSystemEventTrigger()`. */
export interface TriggerId {
  readonly phase: EventPhase;
  readonly eventType: string;
}

interface Trigger extends TriggerId {
  f: (...args: any[]) => unknown;
  args: unknown[];
}

/** Twisted's `_ThreePhaseEvent`. */
export class ThreePhaseEvent {
  private readonly _phases: Record<EventPhase, Trigger[]> = { before: [], during: [], after: [] };

  constructor(private readonly _eventType: string) {}

  /** Adds a trigger to `phase`. */
  addTrigger(phase: EventPhase, f: (...args: any[]) => unknown, args: unknown[]): TriggerId {
    const trigger: Trigger = { phase, eventType: this._eventType, f, args };
    this._phases[phase].push(trigger);
    return trigger;
  }

  /** Removes a trigger; returns false if it is not (or no longer) there. */
  removeTrigger(id: TriggerId): boolean {
    const list = this._phases[id.phase];
    const i = list.indexOf(id as Trigger);
    if (i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  /**
   * Runs the triggers; `done` is called after the last 'after' trigger. Errors thrown by
   * triggers go to `loop`'s exception handler and do not stop the event.
   */
  fire(loop: EventLoop, done: () => void): void {
    const pending: Deferred<unknown>[] = [];
    for (let trigger = this._phases.before.shift(); trigger; trigger = this._phases.before.shift()) {
      const result = this._call(loop, trigger);
      if (result instanceof Deferred) pending.push(result);
    }
    new DeferredList(pending).addCallback(() => {
      for (const phase of ['during', 'after'] as const) {
        for (let trigger = this._phases[phase].shift(); trigger; trigger = this._phases[phase].shift()) {
          this._call(loop, trigger);
        }
      }
      done();
    });
  }

  private _call(loop: EventLoop, trigger: Trigger): unknown {
    try {
      return trigger.f(...trigger.args);
    } catch (exception) {
      loop.callExceptionHandler({
        message: `Exception in ${trigger.phase} ${this._eventType} trigger ${trigger.f.name || '(anonymous)'}`,
        exception,
      });
      return undefined;
    }
  }
}
