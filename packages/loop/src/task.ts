/**
 * `Task<T>`: the one generic coroutine driver. It steps a generator on its loop, waits on each
 * thing the generator yields (converted to a `Future`), and resumes the generator with the
 * result or throws the error in at the `yield`. Every resume is a loop callback, so the order in
 * which coroutines advance is deterministic.
 *
 * It follows asyncio's `Task` (`cancel()` throws `CancelledError` into the coroutine where it
 * waits; `cancelling()`/`uncancel()` count requests), with one option for the fronts that differ:
 * `eagerStart` runs the first step at once, as Twisted's `inlineCallbacks` and Tornado's
 * `gen.coroutine` do, instead of on the next loop iteration.
 */
import type { EventLoop } from './event-loop.js';
import { type Coroutine, type Waitable, isCoroutine, stepCoroutine } from './coroutine.js';
import { FIRST_SUBCLASS_FLAG, Future } from './future.js';
import { convertForeign, ownFuture, toFuture } from './converters.js';
import { CancelledError, InvalidArgumentError } from './errors.js';
import { describeValue } from './argument-checks.js';
import { queueRunnable } from './handle.js';
import { ANCHOR_LOOP } from './map-anchor.js';

/** Options for creating a task. */
export interface TaskOptions {
  /** A name for debugging; defaults to `Task-<n>`. */
  name?: string;
  /** Run the first step synchronously, inside the constructor. Default: false (scheduled). */
  eagerStart?: boolean;
}

/**
 * @internal Where a loop's current task and its tasks' registry are kept: the engine's loops have
 * the fields themselves (`null` when no task runs), so a step costs two field writes; any other
 * loop gets a holder object from `slots`. The step used to get and set a WeakMap entry, a tenth of
 * a short task's cost.
 */
export interface CurrentTaskSlot {
  _currentTask: Task<unknown> | null;
  /** The loop's unfinished tasks, for `allTasks()`; made with the loop's first task. */
  _taskRegistry: TaskRegistry | null;
}

// Weak, so that a closed loop is not kept alive by its holder.
const slots = new WeakMap<EventLoop, CurrentTaskSlot>();

function slotOf(loop: EventLoop): CurrentTaskSlot {
  if ((loop as Partial<CurrentTaskSlot>)._currentTask !== undefined) return loop as EventLoop & CurrentTaskSlot;
  let slot = slots.get(loop);
  if (slot === undefined) {
    slot = { _currentTask: null, _taskRegistry: null };
    slots.set(loop, slot);
  }
  return slot;
}

let taskCounter = 0;

/**
 * @internal The unfinished tasks of a loop, for `allTasks()` (asyncio's `_scheduled_tasks`). A new
 * task is held strongly in the `newborn` list until its first wait on a future (the loop's ready
 * queue references it then anyway); from then on it is held weakly in `parked`, as asyncio holds
 * tasks, so that a task nobody can ever wake is still collected (and reported in debug mode).
 *
 * The newborn list is linked through the tasks themselves (`_prev`, `_next`), so creating a task
 * costs no hashing and no array: a push onto an array that has grown into the old generation
 * costs a write barrier per young task stored and a copy at each growth (about 95 ns per push
 * against 3 for a store into a young object, measured with 1e5 tasks). Task creation is on the hot
 * path of `gather()` and `TaskGroup`. `parked` is cleaned lazily, when it has doubled since the
 * last cleaning.
 */
export interface TaskRegistry {
  /** The oldest and the newest newborn task. */
  head: Task<unknown> | null;
  tail: Task<unknown> | null;
  parked: Set<WeakRef<Task<unknown>>>;
  parkedCleanAt: number;
}
const MIN_CLEAN_AT = 64;

function registryOf(slot: CurrentTaskSlot): TaskRegistry {
  return (slot._taskRegistry ??= { head: null, tail: null, parked: new Set(), parkedCleanAt: MIN_CLEAN_AT });
}

function parkWeakly(registry: TaskRegistry, ref: WeakRef<Task<unknown>>): void {
  registry.parked.add(ref);
  if (registry.parked.size >= registry.parkedCleanAt) {
    for (const r of registry.parked) if (r.deref() === undefined) registry.parked.delete(r);
    registry.parkedCleanAt = Math.max(MIN_CLEAN_AT, registry.parked.size * 2);
  }
}

/**
 * Runs a task's next step where the loop does not take runnables; shared, so that scheduling a
 * task allocates no closure.
 */
function stepTask(task: Task<unknown>): void {
  task._step();
}

/** Resumes a task with an error; shared for the same reason. */
function throwIntoTask(task: Task<unknown>, error: unknown): void {
  task._resume(true, error);
}

/*
 * A task's flags, in the bits of `_state` that `Future` leaves to subclasses. The rarely used
 * fields (the cancel message, the count of cancellation requests) live in the future's extra
 * record; what it waits on is kept in the future's value field, unused while it is pending. A
 * task is nine fields, 96 bytes (192 before).
 */
/** The task is in its loop's ready queue for a step (its `_run` steps it, not its callbacks). */
const STEP_QUEUED = FIRST_SUBCLASS_FLAG;
/** A cancellation is to be thrown in at the next step (asyncio's `_must_cancel`). */
const MUST_CANCEL = FIRST_SUBCLASS_FLAG << 1;
/** Registered with `abandoned` (debug mode). */
const TRACKED = FIRST_SUBCLASS_FLAG << 2;
/** In its registry's newborn list. */
const NEWBORN = FIRST_SUBCLASS_FLAG << 3;

/*
 * In debug mode a task that is collected while still pending is reported, with where it was
 * created: it was waiting on something that nobody will ever complete.
 */
const abandoned = new FinalizationRegistry<{ loop: EventLoop; name: string; sourceTraceback: string | undefined }>(
  (info) => {
    if (info.loop.isClosed()) return;
    info.loop.callExceptionHandler({
      message: `Task was destroyed but it is pending: ${info.name}`,
      sourceTraceback: info.sourceTraceback,
    });
  },
);

/** The task whose coroutine is running on `loop` right now, or `null`. */
export function currentTask(loop: EventLoop): Task<unknown> | null {
  return slotOf(loop)._currentTask;
}

/** The tasks of `loop` that are not done yet (asyncio's `all_tasks(loop)`). */
export function allTasks(loop: EventLoop): Set<Task<unknown>> {
  const tasks = new Set<Task<unknown>>();
  const registry = slotOf(loop)._taskRegistry;
  if (registry === null) return tasks;
  for (let task = registry.head; task !== null; task = task._next) tasks.add(task);
  for (const ref of registry.parked) {
    const task = ref.deref();
    if (task === undefined || task.done()) registry.parked.delete(ref);
    else tasks.add(task);
  }
  return tasks;
}

/** A coroutine driven on an event loop; itself a `Future` of the coroutine's return value. */
export class Task<T = unknown> extends Future<T> {
  /**
   * Keeps the class's hidden class alive across full GCs (see `map-anchor.ts`): a task on the
   * stand-in loop, whose first step is never run. It does not count in the tasks' numbering.
   */
  static readonly #mapAnchor: Task<never> = Task.#makeAnchor();

  static #makeAnchor(): Task<never> {
    // eslint-disable-next-line require-yield
    const anchor = new Task<never>((function* (): Coroutine<never> {
      throw new Error('the map anchor task never runs');
    })(), ANCHOR_LOOP);
    taskCounter--;
    return anchor;
  }

  /** Released when the first step finishes the task, as Python 3.12 does for eager tasks. */
  private _coro: Coroutine<T> | null;
  /** The name given, or the task's number until the default name is asked for. */
  private _name: string | number;
  /*
   * Where `allTasks()` finds the task: in the registry's `newborn` list (NEWBORN is set) until its
   * first wait on a future, then through the weak reference held in `parked`; neither once it is
   * finished. One field serves both: `_prev` is the previous newborn while the task is one, the
   * weak reference once it has parked.
   */
  /** @internal */ _prev: Task<unknown> | WeakRef<Task<unknown>> | null = null;
  /** @internal The next newborn task, while this one is one. */
  _next: Task<unknown> | null = null;

  /** Creates a task for `coro` on `loop`. Prefer `loop.createTask(coro)`. */
  constructor(coro: Coroutine<T>, loop: EventLoop, options: TaskOptions = {}) {
    super(loop);
    if (!isCoroutine(coro)) {
      throw new InvalidArgumentError(
        `a Task needs a coroutine (a generator object), got ${describeValue(coro)}: call the generator function`,
      );
    }
    this._coro = coro;
    this._name = options.name ?? ++taskCounter;
    if (loop.getDebug()) {
      abandoned.register(this, { loop, name: this.getName(), sourceTraceback: this.sourceTraceback }, this);
      this._state |= TRACKED;
    }
    // Registered only once scheduling succeeded (a closed loop refuses it), before an eager step.
    const eager = Boolean(options.eagerStart);
    // Nobody can cancel the first step's call: `cancel()` before it is seen by `_resume`.
    if (!eager) this._queueStep();
    this._enterNewborn(registryOf(slotOf(loop)));
    if (eager) {
      this._resume(false, undefined);
      // Python 3.12 lets go of a coroutine that finished eagerly (`get_coro()` is None then):
      // a generator that is done is garbage, and it was a third of such a task's bytes.
      if (this.done()) this._coro = null;
    }
  }

  /*
   * What the task waits on. A pending future has no value yet, so the task keeps it in the value
   * field (one field fewer); a done task waits on nothing.
   */
  private get _waiter(): Future<unknown> | null {
    return this.done() ? null : ((this._value as Future<unknown> | null | undefined) ?? null);
  }

  private set _waiter(future: Future<unknown> | null) {
    this._value = future;
  }

  /** The task's name. */
  getName(): string {
    // Made on demand: most tasks are never asked their name.
    const name = this._name;
    return typeof name === 'string' ? name : (this._name = `Task-${name}`);
  }

  /** Renames the task. */
  setName(name: string): void {
    this._name = String(name);
  }

  /**
   * The coroutine the task drives; `null` for a task that finished in its eager first step, as
   * in Python 3.12.
   */
  getCoro(): Coroutine<T> | null {
    return this._coro;
  }

  /**
   * Requests cancellation: a `CancelledError` is thrown into the coroutine at the point where it
   * waits (or at its first step). The coroutine may catch it and go on, as in asyncio. Returns
   * false if the task is already done.
   */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    const extra = this._extraRecord();
    extra.cancelRequests++;
    extra.cancelMessage = message;
    if (this._waiter !== null && this._waiter.cancel(message)) {
      // The waiter's cancellation wakes us up with a CancelledError at the yield point.
      return true;
    }
    this._state |= MUST_CANCEL;
    return true;
  }

  /** How many cancellation requests are pending (not undone with `uncancel()`). */
  cancelling(): number {
    return this._extra === null ? 0 : this._extra.cancelRequests;
  }

  /**
   * Withdraws one cancellation request; returns the remaining count. Withdrawing the last one
   * also drops a cancellation not delivered yet (as in Python 3.13): whoever takes back their
   * request (a `timeout()` scope, a task group) leaves no stray `CancelledError` for the next wait.
   */
  uncancel(): number {
    const extra = this._extra;
    if (extra === null) return 0;
    if (extra.cancelRequests > 0) {
      extra.cancelRequests--;
      if (extra.cancelRequests === 0) this._state &= ~MUST_CANCEL;
    }
    return extra.cancelRequests;
  }

  /**
   * What the task waits on, nearest first: the future its coroutine yielded and, while that is a
   * task too, what that one waits on, and so on. It stands in for asyncio's `get_stack()`, as a
   * suspended generator's frames cannot be inspected in JavaScript; in debug mode each future's
   * `sourceTraceback` shows where it was created, inside the coroutine that waits on it.
   * Empty when the task is done or about to run.
   */
  getStack(): Future<unknown>[] {
    const chain: Future<unknown>[] = [];
    let waiter = this._waiter;
    while (waiter !== null && !waiter.done() && !chain.includes(waiter)) {
      chain.push(waiter);
      waiter = waiter instanceof Task ? (waiter as Task<unknown>)._waiter : null;
    }
    return chain;
  }

  override _describe(): string {
    return `Task ${this.getName()}`;
  }

  /** Appends the task to `registry`'s newborn list. */
  private _enterNewborn(registry: TaskRegistry): void {
    const tail = registry.tail;
    this._prev = tail;
    if (tail === null) registry.head = this as Task<unknown>;
    else tail._next = this as Task<unknown>;
    registry.tail = this as Task<unknown>;
    this._state |= NEWBORN;
  }

  /** Takes the task out of `registry`'s newborn list. */
  private _leaveNewborn(registry: TaskRegistry): void {
    const prev = this._prev as Task<unknown> | null;
    const next = this._next;
    if (prev === null) registry.head = next;
    else prev._next = next;
    if (next === null) registry.tail = prev;
    else next._prev = prev;
    this._prev = null;
    this._next = null;
    this._state &= ~NEWBORN;
  }

  /**
   * Queues the task's next step: the engine's loops queue the task itself (its `_run()` steps
   * it), others get a plain callSoon.
   */
  private _queueStep(): void {
    const loop = this.getLoop();
    if (queueRunnable(loop, this)) this._state |= STEP_QUEUED;
    else loop.callSoon(stepTask, this as Task<unknown>);
  }

  /**
   * @internal The task's turn in the ready queue: its next step if one was queued, else (the task
   * is done) its done callbacks. A task that is completed from outside (`setResult`) while its
   * step is queued is in the queue twice; the step comes first and does nothing.
   */
  override _run(): void {
    if ((this._state & STEP_QUEUED) === 0) {
      super._run();
      return;
    }
    this._state &= ~STEP_QUEUED;
    this._step();
  }

  /**
   * @internal The next step: with the outcome of the future the task waits on (it was done when
   * yielded), or with `undefined` (the first step, or the one after a bare `yield`).
   */
  _step(): void {
    const waiter = this._waiter;
    if (waiter !== null) {
      this._wakeUp(waiter);
      return;
    }
    try {
      this._resume(false, undefined);
    } catch (exception) {
      this._reportStepFailure(exception);
    }
  }

  /** @internal Resumes the task with the outcome of `future`, the one it waited on. */
  _wakeUp(future: Future<unknown>): void {
    let value: unknown;
    let throwIt = false;
    try {
      value = future.result();
    } catch (error) {
      throwIt = true;
      value = error;
    }
    try {
      this._resume(throwIt, value);
    } catch (exception) {
      this._reportStepFailure(exception);
    }
  }

  private _reportStepFailure(exception: unknown): void {
    // As a Handle does: what escapes a callback goes to the handler, never out of the loop.
    this.getLoop().callExceptionHandler({ message: `Exception in a step of ${this._describe()}`, exception });
  }

  /** @internal One step of the coroutine: resume it with `value`, or throw `value` into it. */
  _resume(throwIt: boolean, value: unknown): void {
    if (this.done()) return;
    const loop = this.getLoop();
    if ((this._state & MUST_CANCEL) !== 0) {
      this._state &= ~MUST_CANCEL;
      // A CancelledError already on its way in (from the cancelled waiter) keeps its message.
      if (!(throwIt && value instanceof CancelledError)) {
        throwIt = true;
        value = this._makeCancelledError();
      }
    }
    this._waiter = null;
    const slot = slotOf(loop);
    const previous = slot._currentTask;
    slot._currentTask = this as Task<unknown>;
    let step: IteratorResult<unknown, T>;
    try {
      const coro = this._coro!;
      step = stepCoroutine(coro, throwIt, value);
    } catch (error) {
      this._finish();
      if (error instanceof CancelledError) super.cancel(error.message);
      else this.setException(error);
      return;
    } finally {
      slot._currentTask = previous;
    }
    if (step.done) {
      this._finish();
      if ((this._state & MUST_CANCEL) !== 0) super.cancel(this._extra!.cancelMessage);
      else this.setResult(step.value);
      return;
    }
    this._wait(step.value);
  }

  /** Arranges to be woken when `yielded` is done. */
  private _wait(yielded: unknown): void {
    const loop = this.getLoop();
    if (yielded === undefined) {
      // A bare `yield` gives other callbacks one turn, like asyncio's `sleep(0)`. As for the first
      // step, the engine's loops queue the task itself: no Handle, no argument array.
      this._queueStep();
      return;
    }
    let future: Future<unknown>;
    try {
      // Cheapest first: a future (a task, the common case), a waitable of another front that
      // converts itself, a coroutine (its check walks the prototype chain), anything else.
      if (yielded instanceof Future) future = yielded;
      else future = ownFuture(yielded, loop) ?? (isCoroutine(yielded) ? new Task(yielded, loop) : convertForeign(yielded, loop));
      if (future.getLoop() !== loop) {
        throw new InvalidArgumentError(
          `${this._describe()} waited on a future attached to a different loop: ` +
            'create the future on the task\'s loop, or convert it with a bridge',
        );
      }
      if (future === (this as Future<unknown>)) {
        throw new InvalidArgumentError(`${this._describe()} cannot wait on itself`);
      }
    } catch (error) {
      loop.callSoon(throwIntoTask, this as Task<unknown>, error);
      return;
    }
    this._waiter = future;
    // The future keeps the task itself and wakes it (`_wakeUp`); one that is done already gets
    // the task queued for a step, which takes the outcome from `_waiter`. Either way the task runs
    // where asyncio's `add_done_callback(self.__wakeup)` would run it.
    if (future.done()) this._queueStep();
    else future._addWaiter(this);
    if ((this._state & NEWBORN) !== 0) {
      const registry = registryOf(slotOf(loop));
      this._leaveNewborn(registry);
      const ref = new WeakRef<Task<unknown>>(this as Task<unknown>);
      this._prev = ref;
      parkWeakly(registry, ref);
    }
    if ((this._state & MUST_CANCEL) !== 0 && future.cancel(this._extra!.cancelMessage)) this._state &= ~MUST_CANCEL;
  }

  private _finish(): void {
    if ((this._state & NEWBORN) !== 0) {
      this._leaveNewborn(registryOf(slotOf(this.getLoop())));
    } else if (this._prev !== null) {
      registryOf(slotOf(this.getLoop())).parked.delete(this._prev as WeakRef<Task<unknown>>);
      this._prev = null;
    }
    if ((this._state & TRACKED) !== 0) {
      this._state &= ~TRACKED;
      abandoned.unregister(this);
    }
  }
}

/**
 * A `Future` for any waitable: a coroutine is wrapped in a `Task` on `loop`, everything else goes
 * through `toFuture` (futures as they are, promises, async functions, registered converters).
 */
export function ensureFuture<T>(waitable: Waitable<T>, loop: EventLoop): Future<T> {
  if (isCoroutine(waitable)) return new Task(waitable as Coroutine<T>, loop);
  return toFuture(waitable, loop) as Future<T>;
}
