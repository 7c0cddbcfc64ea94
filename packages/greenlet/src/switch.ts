/**
 * `Switch`: one transfer of control, what `gr.switch(...)` and `gr.throw(...)` return. Inside a
 * greenlet it is an operation for `yield*`: the greenlet's generator yields it to the trampoline,
 * which suspends the greenlet, runs the target, and resumes the greenlet with whatever is passed
 * back, so `yield*` evaluates to that value. Called from a main greenlet, where nothing can
 * suspend, the switch has already been carried out when `switch()` returns, and `value` holds
 * what came back.
 */
import type { Greenlet } from './greenlet.js';
import { GreenletError } from './errors.js';

/** @internal Created, not yet taken by a trampoline. */
export const PENDING = 0;
/** @internal Carried out: control went to the target and has not come back yet. */
export const SWITCHED = 1;
/** @internal Control came back with a value. */
export const RETURNED = 2;
/** @internal Control came back with an error, raised at the switch point. */
export const RAISED = 3;
/** @internal Created inside a greenlet and never handed to `yield*`; cannot be used any more. */
export const DROPPED = 4;

/**
 * The two results a switch's iterator gives, reused: `yield*` and the trampoline read one at once
 * and never keep it, so a switch need not allocate them. The cost: the last switch and the last
 * value passed back stay reachable from here until the next switch replaces them.
 */
const yielded: { value: Switch | undefined; done: false } = { value: undefined, done: false };
const returned: { value: unknown; done: true } = { value: undefined, done: true };

/** @internal */
export type SwitchState = typeof PENDING | typeof SWITCHED | typeof RETURNED | typeof RAISED | typeof DROPPED;

/**
 * A switch to a greenlet, with its arguments (or, for `throw`, the error to raise there). Use it
 * once, with `yield*`, right where it is created: `const v = yield* gr.switch(1)`.
 *
 * `yield*` evaluates to `unknown`, because what comes back is decided at run time by whichever
 * greenlet switches back (or finishes, or is killed). Narrow it the way you would narrow parsed
 * JSON: `const n = (yield* gr.switch()) as number` when the protocol between the greenlets
 * guarantees it, or a type guard when it does not.
 */
export class Switch implements Iterable<Switch, unknown, unknown> {
  /** @internal */
  _state: SwitchState = PENDING;
  /** @internal The value that came back, once `_state` is `RETURNED`. */
  _value: unknown = undefined;
  /** @internal True once the current `yield*` has yielded the switch. */
  _handedOut = false;

  /**
   * @internal Made only by `Greenlet.switch()` and `Greenlet.throw()`.
   * @param target the greenlet that receives control
   * @param raise true for `throw`: `payload` is the error to raise in the target
   * @param payload the switch's arguments (an array), its one argument (when `packed`), or the
   *   error for `throw`
   * @param packed true when `payload` is not an argument array: the error, or a single argument,
   *   which needs no array (the common switch passes one value)
   */
  constructor(
    readonly target: Greenlet,
    /** @internal */ readonly _raise: boolean,
    /** @internal */ readonly _payload: unknown,
    /** @internal */ readonly _packed: boolean,
  ) {}

  /** True once control has come back to the switching greenlet with a value. */
  get done(): boolean {
    return this._state === RETURNED;
  }

  /**
   * What was passed back when control returned: the arguments of the switch that resumed this
   * greenlet (none: `undefined`, one: that value, several: an array of them), or the return value
   * of a greenlet that finished into this one, or the `GreenletExit` that killed it. From a main
   * greenlet this is how `gr.switch()` "returns" a value: `const v = gr.switch(1).value`.
   *
   * @throws GreenletError if control has not come back yet (inside a greenlet, use the value of
   *   `yield*` instead).
   */
  get value(): unknown {
    if (this._state !== RETURNED) {
      throw new GreenletError(
        this._state === PENDING
          ? `the switch to ${this.target} has not been made yet: inside a greenlet, write \`yield* gr.switch(...)\``
          : `the switch to ${this.target} has no value: control has not come back with one`,
      );
    }
    return this._value;
  }

  /**
   * `yield*` hands the switch to the trampoline and evaluates to the value passed back. The switch
   * is its own iterator rather than a generator, which would cost an object and a frame per switch.
   */
  [Symbol.iterator](): Iterator<Switch, unknown, unknown> {
    this._handedOut = false; // a second `yield*` yields it again, and the trampoline refuses it
    return this;
  }

  /** @internal First call (from `yield*`): yields the switch; second: returns what came back. */
  next(value?: unknown): IteratorResult<Switch, unknown> {
    if (this._handedOut) {
      returned.value = value;
      return returned;
    }
    this._handedOut = true;
    yielded.value = this;
    return yielded as IteratorYieldResult<Switch>;
  }

  /** @internal An error raised at the switch point goes on up through `yield*`. */
  throw(error?: unknown): IteratorResult<Switch, unknown> {
    this._handedOut = true;
    throw error;
  }

  /** @internal The greenlet's generator is being closed at the switch point. */
  return(value?: unknown): IteratorResult<Switch, unknown> {
    this._handedOut = true;
    return { value, done: true };
  }

  toString(): string {
    return `<Switch to ${this.target}>`;
  }
}
