/** `deferLater`: a Deferred that fires after a delay, as Twisted's `task.deferLater`. */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { Deferred } from './deferred.js';
import { checkSeconds } from './delayed-call.js';
/**
 * A Deferred that fires `delay` seconds from now on `clock` with `callable(...args)`'s result
 * (or `undefined` without a callable). Cancelling it cancels the delayed call.
 */
export function deferLater(clock, delay, callable, ...args) {
    if (typeof clock !== 'object' || clock === null || typeof clock.callLater !== 'function') {
        throw new InvalidArgumentError(`deferLater(clock) needs an object with callLater(), got ${describeValue(clock)}`);
    }
    checkSeconds(delay, 'deferLater(delay)');
    if (callable !== undefined && typeof callable !== 'function') {
        throw new InvalidArgumentError(`deferLater(callable) must be a function, got ${describeValue(callable)}`);
    }
    const d = new Deferred(() => delayedCall.cancel());
    const result = d.addCallback(() => (callable === undefined ? undefined : callable(...args)));
    const delayedCall = clock.callLater(delay, () => d.callback(undefined));
    return result;
}
//# sourceMappingURL=defer-later.js.map