/** `DeferredQueue`: a queue whose `get()` returns a Deferred that fires with the next item. */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { Deferred } from './deferred.js';
import { succeed } from './maybe-deferred.js';
import { QueueOverflow, QueueUnderflow } from './errors.js';
/** Twisted's `DeferredQueue`, optionally bounded in items (`size`) and waiting gets (`backlog`). */
export class DeferredQueue {
    size;
    backlog;
    /** Items put and not taken yet. */
    pending = [];
    /** `get()` Deferreds waiting for an item. */
    waiting = [];
    /**
     * @param size - the most items held, or `null` for no limit.
     * @param backlog - the most `get()` calls waiting, or `null` for no limit.
     */
    constructor(size = null, backlog = null) {
        this.size = size;
        this.backlog = backlog;
        for (const [name, value] of [['size', size], ['backlog', backlog]]) {
            if (value !== null && (!Number.isInteger(value) || value < 0)) {
                throw new InvalidArgumentError(`DeferredQueue(${name}) must be null or an integer >= 0, got ${describeValue(value)}`);
            }
        }
    }
    /** Gives `obj` to the first waiting `get()`, or keeps it. @throws QueueOverflow when full. */
    put(obj) {
        const waiter = this.waiting.shift();
        if (waiter !== undefined)
            waiter.callback(obj);
        else if (this.size === null || this.pending.length < this.size)
            this.pending.push(obj);
        else
            throw new QueueOverflow();
    }
    /**
     * A Deferred of the next item; cancelling it gives up its place.
     * @throws QueueUnderflow when `backlog` gets are waiting already.
     */
    get() {
        if (this.pending.length > 0)
            return succeed(this.pending.shift());
        if (this.backlog === null || this.waiting.length < this.backlog) {
            const d = new Deferred((dd) => {
                const i = this.waiting.indexOf(dd);
                if (i >= 0)
                    this.waiting.splice(i, 1);
            });
            this.waiting.push(d);
            return d;
        }
        throw new QueueUnderflow();
    }
}
//# sourceMappingURL=deferred-queue.js.map