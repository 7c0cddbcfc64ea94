/** `DeferredSemaphore`: a counting semaphore whose `acquire()` returns a Deferred. */
import { InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { Deferred } from './deferred.js';
import { ConcurrencyPrimitive } from './concurrency-primitive.js';
/** Twisted's `DeferredSemaphore`: at most `limit` holders at a time. */
export class DeferredSemaphore extends ConcurrencyPrimitive {
    /** How many more holders are allowed now. */
    tokens;
    /** How many holders are allowed at once. */
    limit;
    /** @throws InvalidArgumentError unless `tokens` is an integer of at least 1. */
    constructor(tokens) {
        super();
        if (!Number.isInteger(tokens) || tokens < 1) {
            throw new InvalidArgumentError(`DeferredSemaphore(tokens) needs an integer >= 1, got ${describeValue(tokens)}`);
        }
        this.tokens = tokens;
        this.limit = tokens;
    }
    /** A Deferred that fires with the semaphore once a token is free. */
    acquire() {
        const d = new Deferred((dd) => this._cancelAcquire(dd));
        if (this.tokens <= 0) {
            this.waiting.push(d);
        }
        else {
            this.tokens--;
            d.callback(this);
        }
        return d;
    }
    /** Returns a token, handing it to the next waiter. @throws InvalidStateError if none was taken. */
    release() {
        if (this.tokens >= this.limit) {
            throw new InvalidStateError('Someone released me too many times: too many tokens!');
        }
        this.tokens++;
        const d = this.waiting.shift();
        if (d !== undefined) {
            this.tokens--;
            d.callback(this);
        }
    }
}
//# sourceMappingURL=deferred-semaphore.js.map