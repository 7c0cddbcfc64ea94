import { Deferred } from './deferred.js';
/** Twisted's `DeferredQueue`, optionally bounded in items (`size`) and waiting gets (`backlog`). */
export declare class DeferredQueue<T> {
    readonly size: number | null;
    readonly backlog: number | null;
    /** Items put and not taken yet. */
    readonly pending: T[];
    /** `get()` Deferreds waiting for an item. */
    readonly waiting: Deferred<T>[];
    /**
     * @param size - the most items held, or `null` for no limit.
     * @param backlog - the most `get()` calls waiting, or `null` for no limit.
     */
    constructor(size?: number | null, backlog?: number | null);
    /** Gives `obj` to the first waiting `get()`, or keeps it. @throws QueueOverflow when full. */
    put(obj: T): void;
    /**
     * A Deferred of the next item; cancelling it gives up its place.
     * @throws QueueUnderflow when `backlog` gets are waiting already.
     */
    get(): Deferred<T>;
}
//# sourceMappingURL=deferred-queue.d.ts.map