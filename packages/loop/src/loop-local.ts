/**
 * `LoopLocal`: one value per event loop, for a package that keeps an object of its own for each
 * loop (the hub front keeps its `Hub`), as a thread-local keeps one per thread. On the engine's
 * loops the value sits in a slot of the loop itself; on other `EventLoop` implementations in a
 * weak map. Neither keeps a loop alive.
 */
import type { EventLoop } from './event-loop.js';

/** What the engine's loops carry (see `BaseEventLoop._locals`). */
interface LocalsHolder {
  _locals: unknown[];
}

/** The next slot to hand out: each `LoopLocal` takes one, for every loop. */
let nextSlot = 0;

/**
 * @internal A value kept per event loop. `get` is one field read and one array read on the
 * engine's loops, where a weak map costs a hash lookup: the hub is looked up for every greenlet
 * spawned.
 */
export class LoopLocal<T> {
  readonly #slot = nextSlot++;
  /** The values of loops that are not the engine's. */
  readonly #others = new WeakMap<EventLoop, T>();

  /** The value for `loop`, or `undefined` if none was set. */
  get(loop: EventLoop): T | undefined {
    const locals = (loop as Partial<LocalsHolder>)._locals;
    if (locals === undefined) return this.#others.get(loop);
    // A read past the end is `undefined`: a loop's array grows only when a value is set.
    return locals[this.#slot] as T | undefined;
  }

  /** Sets the value for `loop`. */
  set(loop: EventLoop, value: T): void {
    const locals = (loop as Partial<LocalsHolder>)._locals;
    if (locals === undefined) {
      this.#others.set(loop, value);
      return;
    }
    while (locals.length < this.#slot) locals.push(undefined);
    locals[this.#slot] = value;
  }
}
