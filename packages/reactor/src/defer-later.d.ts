import { Deferred } from './deferred.js';
/**
 * A Deferred that fires `delay` seconds from now on `clock` with `callable(...args)`'s result
 * (or `undefined` without a callable). Cancelling it cancels the delayed call.
 */
export declare function deferLater<A extends unknown[], R = undefined>(clock: {
    callLater(delay: number, f: () => void): {
        cancel(): void;
    };
}, delay: number, callable?: (...args: A) => R, ...args: A): Deferred<R extends Deferred<infer U> ? U : R>;
//# sourceMappingURL=defer-later.d.ts.map