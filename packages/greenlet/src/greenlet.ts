/**
 * `Greenlet`: Python's greenlet, a body of code with its own suspended state that runs only when
 * something switches to it. The body is a generator function, since JavaScript can suspend
 * nothing else; the trampoline that owns the greenlet resumes it. This file holds the greenlet's
 * state and its public face (`switch`, `throw`, `parent`, `dead`), and `getcurrent()`; the
 * transfers themselves are made in `trampoline.ts`.
 */
import type { Coroutine } from '@async/loop';
import { InvalidArgumentError } from '@async/loop';
import { CyclicParentError, ForeignGreenletError, GreenletError, GreenletExit } from './errors.js';
import { Switch } from './switch.js';
import { describeValue } from './describe-value.js';
import { type Trampoline, currentTrampoline } from './trampoline.js';

/**
 * A greenlet's body: a generator function. It is called with the arguments of the first switch
 * to the greenlet (and `this` bound to the greenlet); what it returns goes to the parent.
 *
 * The parameter types are a promise the switching code makes, not something checked: declare
 * them as the first `switch(...)` will pass them.
 */
export type GreenletRun = (this: Greenlet, ...args: never[]) => Coroutine<unknown>;

/**
 * @internal What the trampoline drives for a started greenlet: its body's generator, or any
 * iterator that can also be thrown into (see `Greenlet._start`).
 */
export interface GreenletBody {
  next(value?: unknown): IteratorResult<unknown, unknown>;
  throw(error?: unknown): IteratorResult<unknown, unknown>;
}

/** @internal Never switched to yet. */
export const NEW = 0;
/** @internal Started and not finished. */
export const ACTIVE = 1;
/** @internal Finished: returned, raised, or was killed before it started. */
export const DEAD = 2;

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as new () => unknown;

/** The arguments of a switch that passes none, shared: a body gets copies, never the array. */
const NO_ARGS: unknown[] = [];

/** Set while a trampoline creates its main greenlet, which has no body. */
let creatingMainOf: Trampoline | null = null;

/**
 * A greenlet. Create it with its body, switch to it to start it:
 *
 * ```ts no-run
 * const gr: Greenlet = new Greenlet(function* (a: number) {
 *   const b = yield* gr.parent!.switch(a + 1); // to the parent, and back
 *   return b;
 * });
 * gr.switch(1).value; // 2, from the switch to the parent
 * gr.switch(5).value; // 5, the return value
 * ```
 *
 * Inside a greenlet, every switch is written `yield* other.switch(...)`. From a main greenlet
 * (plain code, outside every greenlet) `other.switch(...)` is an ordinary call that returns once
 * control comes back to main; its `value` is what came back.
 *
 * A subclass may define the body as a `*run(...)` method instead of passing it.
 */
export class Greenlet {
  /**
   * The body, when given to the constructor; a subclass may define it as a generator method
   * instead.
   */
  run?(...args: never[]): Coroutine<unknown>;

  /** @internal NEW, ACTIVE or DEAD. */
  _state: typeof NEW | typeof ACTIVE | typeof DEAD = NEW;
  /** @internal The running body, while ACTIVE. */
  _gen: GreenletBody | null = null;
  /** @internal The body, read once at construction. */
  _body: GreenletRun | null;
  /** @internal `null` only for a main greenlet. */
  _parent: Greenlet | null;
  /** @internal The tree (thread-equivalent) the greenlet belongs to. */
  _trampoline: Trampoline;
  /** @internal The switch this greenlet is suspended in, so the value that comes back is recorded on it. */
  _waiting: Switch | null = null;
  /**
   * @internal What a hub keeps for this greenlet while it is blocked there (how to abandon the
   * wait), or `null`. The greenlet itself never reads it; a field is cheaper than a map lookup on
   * every block and wake-up.
   */
  _hubWait: unknown = null;

  /**
   * @internal Set by a subclass that runs something else than `run` (see `_start`): called by the
   * trampoline when the started body has returned `value` or (with `raise`) thrown it, while the
   * greenlet is still the current one. What it returns goes to the parent instead; what it throws
   * is raised in the parent. A hub's greenlet records its outcome here, rather than in a
   * generator wrapped around the user's, which every switch into the greenlet would resume too.
   */
  _exit?(raise: boolean, value: unknown): unknown;

  /**
   * @param run the body, a generator function; omit it in a subclass that defines `*run()`.
   * @param parent the greenlet that receives the result when this one finishes; defaults to the
   *   current greenlet (`getcurrent()`). It must belong to the same trampoline.
   * @throws InvalidArgumentError if `run` is not a generator function or `parent` is not a
   *   greenlet.
   */
  constructor(run?: GreenletRun, parent?: Greenlet) {
    if (creatingMainOf !== null) {
      this._trampoline = creatingMainOf;
      this._parent = null;
      this._body = null;
      this._state = ACTIVE;
      return;
    }
    if (run === undefined) {
      const method: unknown = this.run;
      if (method === undefined) {
        throw new InvalidArgumentError(
          'a Greenlet needs a body: pass a generator function, as in `new Greenlet(function* () { ... })`, ' +
            'or define `*run()` in a subclass',
        );
      }
      checkRun(method, 'the run() method of a Greenlet subclass');
      this._body = method;
    } else {
      checkRun(run, 'the run argument of new Greenlet()');
      this._body = run;
      this.run = run;
    }
    if (parent === undefined) {
      parent = currentTrampoline().current;
    } else if (!(parent instanceof Greenlet)) {
      throw new InvalidArgumentError(
        `the parent of a Greenlet must be a Greenlet, got ${describeValue(parent)}; ` +
          'omit it to use the current greenlet',
      );
    }
    this._parent = parent;
    this._trampoline = parent._trampoline;
  }

  /**
   * @internal Starts the body with the arguments of the first switch and returns what the
   * trampoline drives from then on: the body's generator. A subclass may override it (with
   * `_exit`) to drive another iterator directly; it is called by the first switch, inside the
   * trampoline, with the greenlet already current.
   */
  _start(args: unknown[]): GreenletBody {
    return this._body!.apply(this, args as never[]);
  }

  /**
   * Transfers control to this greenlet at once. The first switch starts it, calling its body with
   * `args`; later switches resume it where it switched away, and the `yield*` there evaluates to
   * the arguments: none gives `undefined`, one gives that value, several give an array.
   *
   * Inside a greenlet, write `const v = yield* gr.switch(...)`: the value is what is passed back
   * when something switches to the calling greenlet again. From a main greenlet, the call itself
   * runs the greenlets until control comes back to main, then returns the finished `Switch`,
   * whose `value` is what came back; an error that reaches main is thrown by the call.
   *
   * @throws DeadGreenletError (at the switch point) if this greenlet has finished.
   * @throws ForeignGreenletError if it belongs to another trampoline than the running greenlet.
   */
  switch(...args: unknown[]): Switch;
  switch(): Switch {
    // `arguments`, not a rest parameter: one argument, the common case, then needs no array.
    const count = arguments.length;
    const op =
      count === 1
        ? new Switch(this, false, arguments[0], true)
        : new Switch(this, false, count === 0 ? NO_ARGS : Array.prototype.slice.call(arguments), false);
    return this._trampoline._request(op);
  }

  /**
   * Switches to this greenlet and raises an error there, at the point where it switched away.
   * With no argument the error is a `GreenletExit`, which ends the greenlet quietly: its parent
   * receives the `GreenletExit` as a value. A greenlet that has not started is killed without
   * running its body. Used as `switch()` is: `yield* gr.throw(err)` inside a greenlet, a plain
   * call from main. What comes back, if control ever returns to the caller, is the same as for
   * `switch()`.
   *
   * `error` is an `Error`, or an `Error` class to construct with `args` (Python's
   * `throw(type, value)`); it defaults to `GreenletExit`.
   *
   * @throws InvalidArgumentError if `error` is neither an `Error` nor an `Error` class.
   * @throws DeadGreenletError (at the switch point) if this greenlet has finished.
   * @throws ForeignGreenletError if it belongs to another trampoline than the running greenlet.
   */
  throw(): Switch;
  throw(error: Error): Switch;
  throw<A extends unknown[]>(type: new (...args: A) => Error, ...args: A): Switch;
  throw(error?: unknown, ...args: unknown[]): Switch {
    let raised: Error;
    if (error === undefined) raised = new GreenletExit();
    else if (error instanceof Error) raised = error;
    else if (typeof error === 'function' && (error === Error || error.prototype instanceof Error)) {
      raised = new (error as new (...a: unknown[]) => Error)(...args);
    } else {
      throw new InvalidArgumentError(
        `gr.throw() takes an Error or an Error class, got ${describeValue(error)}; ` +
          'wrap other values in an Error',
      );
    }
    return this._trampoline._request(new Switch(this, true, raised, true));
  }

  /**
   * The greenlet that receives this one's result (or error) when it finishes; `null` for a main
   * greenlet. Settable, as in Python, to any greenlet of the same trampoline that does not have
   * this one among its own parents.
   *
   * @throws InvalidArgumentError (set) if the value is not a greenlet.
   * @throws CyclicParentError (set) if the new parent chain would loop back to this greenlet.
   * @throws ForeignGreenletError (set) if the new parent belongs to another trampoline.
   * @throws GreenletError (set) on a main greenlet, which has no parent.
   */
  get parent(): Greenlet | null {
    return this._parent;
  }

  set parent(value: Greenlet) {
    if (this._parent === null) {
      throw new GreenletError(`cannot set the parent of ${this}: a main greenlet is the root of its tree`);
    }
    if (!(value instanceof Greenlet)) {
      throw new InvalidArgumentError(`a greenlet's parent must be a Greenlet, got ${describeValue(value)}`);
    }
    if (value._trampoline !== this._trampoline) {
      throw new ForeignGreenletError(
        `cannot make ${value} the parent of ${this}: they belong to different trampolines`,
      );
    }
    for (let p: Greenlet | null = value; p !== null; p = p._parent) {
      if (p === this) {
        throw new CyclicParentError(`cyclic parent chain: ${this} is already a parent of ${value}`);
      }
    }
    this._parent = value;
  }

  /** True once the greenlet has finished: returned, raised, or was killed. */
  get dead(): boolean {
    return this._state === DEAD;
  }

  /** True once something has switched to the greenlet (a main greenlet is always started). */
  get started(): boolean {
    return this._state !== NEW;
  }

  /** Started and not dead: Python's `bool(gr)`. */
  get active(): boolean {
    return this._state === ACTIVE;
  }

  /** True for the main greenlet of a trampoline: the code outside every greenlet. */
  get isMain(): boolean {
    return this._parent === null;
  }

  /** The trampoline (greenlet tree) this greenlet belongs to. */
  get trampoline(): Trampoline {
    return this._trampoline;
  }

  /** `<Greenlet name state>`, where the name is the body's function name. */
  toString(): string {
    if (this._parent === null) return '<Greenlet main>';
    const name = this._body?.name;
    const state = this._state === NEW ? 'not started' : this._state === DEAD ? 'dead' : 'active';
    return `<Greenlet ${name ? `${name} ` : ''}${state}>`;
  }
}

/**
 * @internal Sets the fields of `greenlet`, with no body and `parent` as it is (none of the checks
 * made for user code), for a subclass that starts its own way (overriding `_start` and `_exit`)
 * and whose constructor chain does not run this class's constructor: the hub's greenlet, since a
 * base class constructor is a call V8 never inlines into a subclass's, and most hub greenlets
 * live a few microseconds. Keep it in step with the fields declared above.
 */
export function initOwnBody(greenlet: Greenlet, parent: Greenlet): void {
  greenlet._state = NEW;
  greenlet._gen = null;
  greenlet._body = null;
  greenlet._parent = parent;
  greenlet._trampoline = parent._trampoline;
  greenlet._waiting = null;
  greenlet._hubWait = null;
}

/**
 * The greenlet running now: inside a greenlet's body, that greenlet; outside every greenlet, the
 * main greenlet of the default trampoline.
 */
export function getcurrent(): Greenlet {
  return currentTrampoline().current;
}

/** @internal The main greenlet of `trampoline`: the root of its tree, with no body. */
export function createMainGreenlet(trampoline: Trampoline): Greenlet {
  creatingMainOf = trampoline;
  try {
    return new Greenlet();
  } finally {
    creatingMainOf = null;
  }
}

function checkRun(run: unknown, what: string): asserts run is GreenletRun {
  if (!(run instanceof GeneratorFunction)) {
    throw new InvalidArgumentError(
      `${what} must be a generator function (\`function*\`), got ${describeValue(run)}: ` +
        'a greenlet switches with `yield* gr.switch()`, which only a generator can do',
    );
  }
}
