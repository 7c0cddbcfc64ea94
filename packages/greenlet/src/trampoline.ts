/**
 * `Trampoline`: one tree of greenlets (the twin of a Python thread's greenlets) and the loop that
 * makes every switch in it. A greenlet never resumes another one: its generator yields a `Switch`
 * to the loop, and the loop resumes the target's generator. So the JavaScript stack stays as deep
 * as the loop plus one greenlet's frames, however many switches are made.
 *
 * The loop runs only while main code waits in a `switch()` call: a switch from code outside every
 * greenlet starts it, and it returns when control comes back to main. A switch made inside a
 * greenlet is a `Switch` for `yield*`. Only one trampoline runs at a time (JavaScript has one
 * stack), so a greenlet can never reach into another tree (`ForeignGreenletError`).
 */
import { type Greenlet, ACTIVE, DEAD, NEW, createMainGreenlet } from './greenlet.js';
import { DROPPED, HANDED_OUT, PENDING, RAISED, RETURNED, SWITCHED, Switch, usedMessage } from './switch.js';
import { InvalidArgumentError, stepCoroutine } from '@async/loop';
import { DeadGreenletError, ForeignGreenletError, GreenletError, GreenletExit } from './errors.js';
import { describeValue } from './describe-value.js';

/**
 * Called on every transfer of control between two different greenlets, before the target runs:
 * `'switch'` for a switch or a return to the parent, `'throw'` when an error is raised in the
 * target. If it throws, the tracer is removed and its error is raised in the target instead, as
 * in Python.
 */
export type TraceFunction = (event: 'switch' | 'throw', args: [origin: Greenlet, target: Greenlet]) => void;

/**
 * Decides what happens when a greenlet yields something other than a `Switch` (a future, for
 * `yield* future`). It returns the switch to make instead, typically to a hub after arranging for
 * the hub to switch back to `greenlet` when the future is done. If it throws, the error is raised
 * in the greenlet at its `yield`.
 */
export type YieldHandler = (yielded: unknown, greenlet: Greenlet) => Switch;

/** The arguments of a switch that passes none. */
const NO_ARGS: unknown[] = [];
/**
 * The arguments of a start with `undefined` (a hub's `_enter(g, false, undefined)`), shared: the
 * body gets copies of them, never the array.
 */
const ONE_UNDEFINED: unknown[] = [undefined];

/** `_run` starts with a transfer to deliver: `_enter` took no step of its own. */
const NOT_STEPPED = 0;
/** `_run` starts after a step `_enter` took, in which the greenlet threw. */
const THREW = 1;

/** What an exit hook handed on (see `Trampoline._exitHook`), read at once and cleared. */
let exitResult: unknown;

/** The trampoline whose loop is running, if any: at most one runs, since there is one stack. */
let active: Trampoline | null = null;
let defaultTrampoline: Trampoline | null = null;

/**
 * @internal The trampoline the calling code is in: the running one, else the default trampoline
 * (created on first use, so that importing the package costs nothing).
 */
export function currentTrampoline(): Trampoline {
  return active ?? (defaultTrampoline ??= new Trampoline());
}

/**
 * @internal The trampoline whose loop is running, or `null` outside every greenlet: for a hub,
 * to tell whether the caller runs in one of its greenlets without going through `getcurrent()`.
 */
export function runningTrampoline(): Trampoline | null {
  return active;
}

/**
 * A separate greenlet tree with its own main greenlet, the equivalent of a thread's greenlets in
 * Python. Most programs use only the default trampoline, which `new Greenlet(run)` joins when
 * called outside every greenlet. Create another for a greenlet world that must not mix with the
 * default one (a library's private greenlets, a test's): its greenlets are those whose parent
 * chain leads to its `main`, and none of them can switch to a greenlet of another tree.
 *
 * ```ts no-run
 * const world = new Trampoline();
 * const gr = new Greenlet(function* () { return 42; }, world.main);
 * gr.switch().value; // 42: code outside every greenlet is the main greenlet of each tree
 * ```
 */
export class Trampoline {
  /** The root of the tree: whatever code calls `switch()` while this trampoline is idle. */
  readonly main: Greenlet;
  private _current: Greenlet;
  private _trace: TraceFunction | null = null;
  private _yieldHandler: YieldHandler | null = null;
  /**
   * The first switch made during the current greenlet step, to catch one not handed to `yield*`;
   * any further ones go to `_moreMade`. A step makes at most one switch unless it forgets one, so
   * the common case costs a field write, not an array push and pop.
   */
  private _made: Switch | null = null;
  /** The switches after the first made during the current step (a step that forgot one). */
  private readonly _moreMade: Switch[] = [];
  /** What `_toMain` hands out, reused. */
  private readonly _mainSwitch: Switch;
  /**
   * @internal What drives this tree, if anything does (a hub sets itself here, so that finding
   * the hub of the running greenlet is a field read, not a map lookup). The trampoline never
   * reads it.
   */
  _owner: object | null = null;

  constructor() {
    this.main = createMainGreenlet(this);
    this._current = this.main;
    this._mainSwitch = new Switch(this.main, false, NO_ARGS, false);
  }

  /** The greenlet of this tree that is running, or `main` while the trampoline is idle. */
  get current(): Greenlet {
    return this._current;
  }

  /** True while a switch from `main` is in progress (some greenlet of this tree runs). */
  get running(): boolean {
    return active === this;
  }

  /** Installs a tracer for this trampoline's switches (`null` removes it); returns the previous one. */
  settrace(trace: TraceFunction | null): TraceFunction | null {
    if (trace !== null && typeof trace !== 'function') {
      throw new InvalidArgumentError(`a trace function must be a function or null, got ${describeValue(trace)}`);
    }
    const previous = this._trace;
    this._trace = trace;
    return previous;
  }

  /** The installed tracer, or `null`. */
  gettrace(): TraceFunction | null {
    return this._trace;
  }

  /**
   * Installs what to do when a greenlet yields something other than a `Switch` (`null` restores
   * the default, which raises a `GreenletError` at that `yield`); returns the previous handler.
   * This is the hook a hub uses to make `yield* future` work inside greenlets.
   */
  setYieldHandler(handler: YieldHandler | null): YieldHandler | null {
    if (handler !== null && typeof handler !== 'function') {
      throw new InvalidArgumentError(`a yield handler must be a function or null, got ${describeValue(handler)}`);
    }
    const previous = this._yieldHandler;
    this._yieldHandler = handler;
    return previous;
  }

  toString(): string {
    return `<Trampoline ${active === this ? `running ${this._current}` : 'idle'}>`;
  }

  /**
   * @internal For a yield handler: the switch to main with no value, as `main.switch()` would
   * make it. One object serves them all: the trampoline makes it as soon as the handler returns
   * it and no user code ever sees it, so nothing reads it afterwards, and a greenlet blocked on a
   * hub does not keep a switch of its own (and its arguments) alive for as long as it waits.
   */
  _toMain(): Switch {
    const op = this._mainSwitch;
    op._state = PENDING;
    return op;
  }

  /**
   * @internal Carries out `op` at once when no trampoline runs (the caller is main code), else
   * returns it for the running greenlet to hand to `yield*`.
   */
  _request(op: Switch): Switch {
    if (active === null) {
      this._run(op, this.main, false, undefined, this.main, NOT_STEPPED);
      return op;
    }
    if (active !== this) {
      throw new ForeignGreenletError(
        `cannot switch to ${op.target} from ${active._current}: they belong to different trampolines ` +
          '(separate greenlet trees); switch to main and call it from there',
      );
    }
    if (this._made === null) this._made = op;
    else this._moreMade.push(op);
    return op;
  }

  /**
   * @internal For a hub, which switches from main into a greenlet in every loop callback that
   * wakes one: `target.switch(value)` (or, with `raise`, `target.throw(value)`) when nobody reads
   * what comes back to main, without the `Switch` and the argument array a switch allocates.
   * While a trampoline runs it falls back to the public calls, which refuse or defer as they do.
   * @throws DeadGreenletError if `target` has finished; whatever reaches main.
   */
  _enter(target: Greenlet, raise: boolean, value: unknown): void {
    if (active !== null) {
      if (raise) target.throw(value as Error);
      else target.switch(value);
      return;
    }
    if (target._state === DEAD) throw deadTarget(target, raise);
    if (this._trace !== null) {
      this._run(null, target, raise, value, this.main, NOT_STEPPED);
      return;
    }
    // `_run`'s first turn, written out for what a hub's greenlet does almost every time it is
    // switched into: block again (the yield handler parks it and hands back to main) or end (its
    // exit hook hands the outcome on to main). A small function, where `_run` is a large loop
    // that V8 does not inline (docs/architecture.md has the figures). Anything else goes on in
    // `_run`, from the step taken here.
    const main = this.main;
    active = this;
    this._current = target;
    try {
      let step: IteratorResult<unknown, unknown>;
      try {
        step = resume(target, raise, value, true);
      } catch (error) {
        this._run(null, target, true, error, target, THREW);
        return;
      }
      if (this._made !== null) {
        this._run(null, target, false, undefined, target, step);
      } else if (!step.done) {
        const yielded = step.value;
        if (yielded instanceof Switch) this._run(yielded, target, false, undefined, target, NOT_STEPPED);
        else this._deliverHandled(this._onYield(yielded, target), target);
      } else if (target._exit !== undefined) {
        const raised = this._exitHook(target, false, step.value, false);
        const result = exitResult;
        exitResult = undefined;
        finish(target);
        const parent = liveParent(target);
        if (parent === main && this._trace === null) resumeMain(main, raised, result);
        else this._run(null, parent, raised, result, target, NOT_STEPPED);
      } else {
        this._run(null, target, false, undefined, target, step);
      }
    } finally {
      this._current = main;
      active = null;
      if (this._made !== null) this._dropMade(undefined);
    }
  }

  /**
   * What the yield handler returned for `greenlet`'s yield, carried out: main resumes at once when
   * it parked the greenlet (the common way out of a loop callback that switched into one: main
   * gets nothing, as `main.switch()` would give it, so the shared switch to main need not record
   * anything), else `_run` goes on with the handler's switch or raises its error in the greenlet.
   */
  private _deliverHandled(next: Switch | Error, greenlet: Greenlet): void {
    if (this._parked(next)) {
      this._current = this.main;
      resumeMain(this.main, false, undefined);
      return;
    }
    // The handler's own switches (usually the one it returns): made now.
    this._dropMade(next);
    if (next instanceof Switch) this._run(next, greenlet, false, undefined, greenlet, NOT_STEPPED);
    else this._run(null, greenlet, true, next, greenlet, NOT_STEPPED);
  }

  /**
   * True when the yield handler parked the greenlet and hands control back to main with nothing
   * else to do: no switch of its own made, no tracer to tell.
   */
  private _parked(next: Switch | Error): boolean {
    return next === this._mainSwitch && this._made === null && this._trace === null;
  }

  /**
   * The loop. Each turn delivers one transfer (a value or an error) to a target and takes the next
   * transfer from what the target does: yield a `Switch`, return, or throw. It ends when a
   * transfer reaches main. The first transfer comes from `origin`: the switch `first`, or (when
   * it is `null`) `target` with `raise` and a value that needs no packing. Or, when `stepped` is
   * not `NOT_STEPPED`, `_enter` has delivered the first one itself and `target` did `stepped`:
   * returned or yielded that step, or (`THREW`) threw `payload`.
   */
  private _run(
    first: Switch | null,
    target: Greenlet,
    raise: boolean,
    payload: unknown,
    origin: Greenlet,
    stepped: IteratorResult<unknown, unknown> | typeof NOT_STEPPED | typeof THREW,
  ): void {
    const main = this.main;
    let op: Switch | null = first;
    // True when `payload` is the value itself, false when it is a switch's argument array: only a
    // greenlet that starts needs the arguments as they were passed, the others get them packed.
    let packed = true;
    let step = stepped;
    active = this;
    try {
      for (;;) {
        if (step === NOT_STEPPED) {
          if (op !== null) {
            // The checks of `_refusal`, inline: every switch passes them.
            if (op._state <= HANDED_OUT && op.target._state !== DEAD) {
              op._state = SWITCHED;
              origin._waiting = op;
              target = op.target;
              raise = op._raise;
              payload = op._payload;
              packed = op._packed;
            } else {
              // Raised where the switch was attempted.
              target = origin;
              raise = true;
              payload = this._refusal(op);
              packed = true;
            }
            op = null;
          }
          if (this._trace !== null && target !== origin) {
            const trace = this._trace;
            try {
              trace(raise ? 'throw' : 'switch', [origin, target]);
            } catch (error) {
              this._trace = null;
              raise = true;
              payload = error;
              packed = true;
            }
          }
          this._current = target;
          if (target === main) {
            resumeMain(main, raise, packed ? payload : pack(payload as unknown[]));
            return;
          }
          try {
            step = resume(target, raise, payload, packed);
          } catch (error) {
            step = THREW;
            payload = error;
          }
        }
        origin = target;

        if (step === THREW) {
          // The greenlet died of an error (or was killed before it started): the error goes to
          // the parent, except GreenletExit, which the parent receives as a value. A greenlet with
          // an exit hook that had started hands the hook's result on instead.
          const error = payload;
          const unyielded = this._dropMade(undefined);
          packed = true;
          if (target._exit !== undefined && target._state === ACTIVE) {
            raise = this._exitHook(target, true, error, unyielded);
            payload = exitResult;
          } else {
            raise = !(error instanceof GreenletExit);
            payload = error;
          }
          exitResult = undefined;
          finish(origin);
          target = liveParent(origin);
          step = NOT_STEPPED;
          continue;
        }

        const done = step.done;
        const yielded = step.value;
        step = NOT_STEPPED;
        if (done) {
          packed = true;
          if (target._exit !== undefined) {
            raise = this._exitHook(target, false, yielded, this._dropMade(undefined));
            payload = exitResult;
            exitResult = undefined;
          } else if (this._dropMade(undefined)) {
            raise = true;
            payload = notYielded(origin);
          } else {
            raise = false;
            payload = yielded;
          }
          finish(origin);
          target = liveParent(origin);
          continue;
        }

        const made = this._made;
        if (made !== null) {
          // The step made a switch: it must be the one yielded, and the only one.
          if (made !== yielded || this._moreMade.length !== 0) {
            this._dropMade(yielded);
            raise = true;
            payload = notYielded(origin);
            packed = true;
            continue;
          }
          this._made = null;
          op = made;
          continue;
        }
        if (yielded instanceof Switch) {
          // Made in an earlier step (or by main): refused at the top of the loop unless pending.
          op = yielded;
          continue;
        }
        const next = this._onYield(yielded, origin);
        if (this._parked(next)) {
          this._current = main;
          resumeMain(main, false, undefined);
          return;
        }
        // The handler's own switches (usually the one it returns): made now.
        this._dropMade(next);
        if (next instanceof Switch) {
          op = next;
        } else {
          raise = true;
          payload = next;
          packed = true;
        }
      }
    } finally {
      this._current = main;
      active = null;
      if (this._made !== null) this._dropMade(undefined);
    }
  }

  /**
   * Forgets the switches made during the step, marking those other than `kept` as unusable (a
   * switch made and not handed to `yield*` is never made); returns true if there were any.
   */
  private _dropMade(kept: unknown): boolean {
    const made = this._made;
    if (made === null) return false;
    this._made = null;
    if (made !== kept && made._state <= HANDED_OUT) made._state = DROPPED;
    const more = this._moreMade;
    for (const other of more) if (other !== kept && other._state <= HANDED_OUT) other._state = DROPPED;
    while (more.length !== 0) more.pop();
    return true;
  }

  /**
   * Runs the exit hook of `greenlet`, whose body has just returned `value` (or, with `raise`,
   * thrown it), while the greenlet is still the current one, as code at the end of its body
   * would run. Leaves what goes to the parent in `exitResult` and returns true when it is an
   * error: the hook's error, or the one for switches the body (or the hook) made and did not
   * hand to `yield*` (`unyielded`), as for a greenlet without a hook.
   */
  private _exitHook(greenlet: Greenlet, raise: boolean, value: unknown, unyielded: boolean): boolean {
    try {
      exitResult = greenlet._exit!(raise, value);
    } catch (error) {
      this._dropMade(undefined);
      exitResult = error;
      return true;
    }
    if (this._dropMade(undefined)) unyielded = true;
    if (!unyielded) return false;
    exitResult = notYielded(greenlet);
    return true;
  }

  /** Why `op` cannot be made from this trampoline's running greenlet, or `null` if it can. */
  private _refusal(op: Switch): Error | null {
    if (op._state > HANDED_OUT) return new GreenletError(usedMessage(op));
    // A Switch to another tree never gets here: _request refuses to make it.
    const target = op.target;
    if (target._state === DEAD) return deadTarget(target, op._raise);
    return null;
  }

  /** The switch to make for a greenlet that yielded something else, or the error to raise in it. */
  private _onYield(yielded: unknown, greenlet: Greenlet): Switch | Error {
    const handler = this._yieldHandler;
    if (handler === null) {
      return new GreenletError(
        `${greenlet} yielded ${describeValue(yielded)}: a greenlet ` +
          'switches with `yield* gr.switch(...)`; to wait for futures, run it under a hub (@async/hub)',
      );
    }
    try {
      const next = handler(yielded, greenlet);
      if (next instanceof Switch) return next;
      return new GreenletError(`the yield handler returned ${describeValue(next)} instead of a Switch`);
    } catch (error) {
      return error instanceof Error ? error : new GreenletError(`the yield handler threw ${String(error)}`);
    }
  }
}

/** Installs a tracer on the current trampoline (Python's `greenlet.settrace`); returns the previous one. */
export function settrace(trace: TraceFunction | null): TraceFunction | null {
  return currentTrampoline().settrace(trace);
}

/** The current trampoline's tracer, or `null` (Python's `greenlet.gettrace`). */
export function gettrace(): TraceFunction | null {
  return currentTrampoline().gettrace();
}

/**
 * Runs `target` until it yields, returns or throws, delivering the error it was sent, or the value:
 * `payload` itself when `packed`, else a switch's argument array.
 */
function resume(target: Greenlet, raise: boolean, payload: unknown, packed: boolean): IteratorResult<unknown, unknown> {
  if (target._state === NEW) {
    if (raise) throw payload; // killed before its body ever ran
    target._state = ACTIVE;
    const gen = target._start(packed ? (payload === undefined ? ONE_UNDEFINED : [payload]) : (payload as unknown[]));
    target._gen = gen;
    return stepCoroutine(gen, false, undefined);
  }
  const gen = target._gen!;
  const waiting = target._waiting;
  target._waiting = null;
  if (raise) {
    if (waiting !== null) waiting._state = RAISED;
    return stepCoroutine(gen, true, payload);
  }
  const value = packed ? payload : pack(payload as unknown[]);
  if (waiting !== null) {
    waiting._value = value;
    waiting._state = RETURNED;
  }
  return stepCoroutine(gen, false, value);
}

/**
 * Delivers the final transfer to main: the `switch()` call from main returns or throws. `value`
 * is packed already.
 */
function resumeMain(main: Greenlet, raise: boolean, value: unknown): void {
  const waiting = main._waiting;
  main._waiting = null;
  if (raise) {
    if (waiting !== null) waiting._state = RAISED;
    throw value;
  }
  if (waiting !== null) {
    waiting._value = value;
    waiting._state = RETURNED;
  }
}

/** Python's packing of switch arguments: none → `undefined`, one → itself, several → an array. */
function pack(args: unknown[]): unknown {
  return args.length === 0 ? undefined : args.length === 1 ? args[0] : args;
}

function finish(greenlet: Greenlet): void {
  greenlet._state = DEAD;
  greenlet._gen = null;
  greenlet._waiting = null;
}

/** Where a finished greenlet's result goes: its first parent that is not dead (main never is). */
function liveParent(greenlet: Greenlet): Greenlet {
  let parent = greenlet._parent!;
  while (parent._state === DEAD) parent = parent._parent!;
  return parent;
}

function deadTarget(target: Greenlet, raise: boolean): DeadGreenletError {
  return new DeadGreenletError(
    `cannot ${raise ? 'throw into' : 'switch to'} ${target}: it has finished; ` +
      'check gr.dead first, or switch to gr.parent',
  );
}

function notYielded(greenlet: Greenlet): GreenletError {
  return new GreenletError(
    `${greenlet} called switch() or throw() without handing the Switch to \`yield*\`, so no switch ` +
      'was made: write `yield* gr.switch(...)` right where the switch is made',
  );
}
