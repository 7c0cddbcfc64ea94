import { Deferred } from './deferred.js';
import { DeferredList } from './deferred-list.js';
/** Twisted's `_ThreePhaseEvent`. */
export class ThreePhaseEvent {
    _eventType;
    _phases = { before: [], during: [], after: [] };
    constructor(_eventType) {
        this._eventType = _eventType;
    }
    /** Adds a trigger to `phase`. */
    addTrigger(phase, f, args) {
        const trigger = { phase, eventType: this._eventType, f, args };
        this._phases[phase].push(trigger);
        return trigger;
    }
    /** Removes a trigger; returns false if it is not (or no longer) there. */
    removeTrigger(id) {
        const list = this._phases[id.phase];
        const i = list.indexOf(id);
        if (i < 0)
            return false;
        list.splice(i, 1);
        return true;
    }
    /**
     * Runs the triggers; `done` is called after the last 'after' trigger. Errors thrown by
     * triggers go to `loop`'s exception handler and do not stop the event.
     */
    fire(loop, done) {
        const pending = [];
        for (let trigger = this._phases.before.shift(); trigger; trigger = this._phases.before.shift()) {
            const result = this._call(loop, trigger);
            if (result instanceof Deferred)
                pending.push(result);
        }
        new DeferredList(pending).addCallback(() => {
            for (const phase of ['during', 'after']) {
                for (let trigger = this._phases[phase].shift(); trigger; trigger = this._phases[phase].shift()) {
                    this._call(loop, trigger);
                }
            }
            done();
        });
    }
    _call(loop, trigger) {
        try {
            return trigger.f(...trigger.args);
        }
        catch (exception) {
            loop.callExceptionHandler({
                message: `Exception in ${trigger.phase} ${this._eventType} trigger ${trigger.f.name || '(anonymous)'}`,
                exception,
            });
            return undefined;
        }
    }
}
//# sourceMappingURL=three-phase-event.js.map