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
/**
 * @internal Yielded by its iterator (the first step of `yield*`), not yet taken by a trampoline:
 * still pending, as far as making it goes (`<= HANDED_OUT`). The iterator's next step returns.
 */
export const HANDED_OUT = 1;
/** @internal Carried out: control went to the target and has not come back yet. */
export const SWITCHED = 2;
/** @internal Control came back with a value. */
export const RETURNED = 3;
/** @internal Control came back with an error, raised at the switch point. */
export const RAISED = 4;
/** @internal Created inside a greenlet and never handed to `yield*`; cannot be used any more. */
export const DROPPED = 5;

/**
 * The two results a switch's iterator gives, reused: `yield*` and the trampoline read one at once
 * and never keep it, so a switch need not allocate them. The cost: the last switch and the last
 * value passed back stay reachable from here until the next switch replaces them.
 */
const yielded: { value: Switch | undefined; done: false } = { value: undefined, done: false };
const returned: { value: unknown; done: true } = { value: undefined, done: true };

/** @internal Why a switch that is not pending cannot be made (again). */
export function usedMessage(op: Switch): string {
  return op._state === DROPPED
    ? `${op} was made inside a greenlet without \`yield*\` and can no longer be used: call switch() again`
    : `${op} was already made; each Switch is used once, so call switch() again`;
}

/**
 * The iterator of a switch already made (or dropped): it yields the switch once, so that the
 * trampoline refuses it where the greenlet yielded it (a `GreenletError` raised there), and any
 * other code that iterates it sees one item. Only a misuse makes one.
 */
function handOnce(op: Switch): Iterator<Switch, unknown, unknown> {
  let handed = false;
  return {
    next(value?: unknown): IteratorResult<Switch, unknown> {
      if (handed) return { value, done: true };
      handed = true;
      return { value: op, done: false };
    },
    throw(error?: unknown): IteratorResult<Switch, unknown> {
      handed = true;
      throw error;
    },
    return(value?: unknown): IteratorResult<Switch, unknown> {
      handed = true;
      return { value, done: true };
    },
  };
}

/** @internal */
export type SwitchState = typeof PENDING | typeof HANDED_OUT | typeof SWITCHED | typeof RETURNED | typeof RAISED | typeof DROPPED;

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
        this._state <= HANDED_OUT
          ? `the switch to ${this.target} has not been made yet: inside a greenlet, write \`yield* gr.switch(...)\``
          : `the switch to ${this.target} has no value: control has not come back with one`,
      );
    }
    return this._value;
  }

  /**
   * `yield*` hands the switch to the trampoline and evaluates to the value passed back. The switch
   * is its own iterator rather than a generator, which would cost an object and a frame per switch.
   * A switch that was handed out and not made (refused) is handed out again.
   */
  [Symbol.iterator](): Iterator<Switch, unknown, unknown> {
    const state = this._state;
    if (state > HANDED_OUT) return handOnce(this);
    this._state = PENDING;
    return this;
  }

  /**
   * @internal First call (from `yield*`): yields the switch; second (once the trampoline has
   * carried it out and recorded what came back, or whoever iterates it asks again): returns.
   */
  next(value?: unknown): IteratorResult<Switch, unknown> {
    if (this._state !== PENDING) {
      returned.value = value;
      return returned;
    }
    this._state = HANDED_OUT;
    yielded.value = this;
    return yielded as IteratorYieldResult<Switch>;
  }

  /** @internal An error raised at the switch point goes on up through `yield*`. */
  throw(error?: unknown): IteratorResult<Switch, unknown> {
    throw error;
  }

  /** @internal The greenlet's generator is being closed at the switch point. */
  return(value?: unknown): IteratorResult<Switch, unknown> {
    return { value, done: true };
  }

  toString(): string {
    return `<Switch to ${this.target}>`;
  }
}
