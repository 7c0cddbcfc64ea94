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
import { type Coroutine, type Waitable, isCoroutine } from './coroutine.js';
import { Future } from './future.js';
import { toFuture } from './converters.js';
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
 * @internal Where a loop's current task is kept: the engine's loops have the field themselves
 * (`null` when no task runs), so a step costs two field writes; any other loop gets a holder
 * object from `slots`. The step used to get and set a WeakMap entry, a tenth of a short task's cost.
 */
export interface CurrentTaskSlot {
  _currentTask: Task<unknown> | null;
}

// Weak, so that a closed loop is not kept alive by its holder.
const slots = new WeakMap<EventLoop, CurrentTaskSlot>();

function slotOf(loop: EventLoop): CurrentTaskSlot {
  if ((loop as Partial<CurrentTaskSlot>)._currentTask !== undefined) return loop as EventLoop & CurrentTaskSlot;
  let slot = slots.get(loop);
  if (slot === undefined) {
    slot = { _currentTask: null };
    slots.set(loop, slot);
  }
  return slot;
}

let taskCounter = 0;

/*
 * The unfinished tasks of each loop, for `allTasks()` (asyncio's `_scheduled_tasks`). A new task is
 * held strongly in `newborn` until its first wait on a future (the loop's ready queue references
 * it then anyway); from then on it is held weakly in `parked`, as asyncio holds tasks, so that a
 * task nobody can ever wake is still collected (and reported in debug mode). Both lists are
 * cleaned lazily, when they have doubled since the last cleaning, so creating a task costs one
 * array push and no hashing: task creation is on the hot path of `gather()` and `TaskGroup`.
 */
interface TaskRegistry {
  /** Slots are emptied (null) when a newborn finishes or parks, so it can be collected at once. */
  newborn: (Task<unknown> | null)[];
  newbornCleanAt: number;
  parked: Set<WeakRef<Task<unknown>>>;
  parkedCleanAt: number;
}
const registries = new WeakMap<EventLoop, TaskRegistry>();
const MIN_CLEAN_AT = 64;

function registryOf(loop: EventLoop): TaskRegistry {
  let registry = registries.get(loop);
  if (registry === undefined) {
    registry = { newborn: [], newbornCleanAt: MIN_CLEAN_AT, parked: new Set(), parkedCleanAt: MIN_CLEAN_AT };
    registries.set(loop, registry);
  }
  return registry;
}

function addNewborn(registry: TaskRegistry, task: Task<unknown>): number {
  if (registry.newborn.length >= registry.newbornCleanAt) {
    compactNewborn(registry);
    registry.newbornCleanAt = Math.max(MIN_CLEAN_AT, registry.newborn.length * 2);
  }
  return registry.newborn.push(task) - 1;
}

/** Drops the emptied slots in place; a task is told its new index only when it moves. */
function compactNewborn(registry: TaskRegistry): void {
  const list = registry.newborn;
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const task = list[i]!;
    if (task === null) continue;
    if (i !== kept) list[kept] = task._moveNewbornSlot(kept);
    kept++;
  }
  list.length = kept;
}

function parkWeakly(registry: TaskRegistry, ref: WeakRef<Task<unknown>>): void {
  registry.parked.add(ref);
  if (registry.parked.size >= registry.parkedCleanAt) {
    for (const r of registry.parked) if (r.deref() === undefined) registry.parked.delete(r);
    registry.parkedCleanAt = Math.max(MIN_CLEAN_AT, registry.parked.size * 2);
  }
}

/** Runs a task's first step; shared, so that scheduling a task allocates no closure. */
function startTask(task: Task<unknown>): void {
  task._resume(false, undefined);
}

/** Resumes a task with a value or an error; shared for the same reason. */
function resumeTask(task: Task<unknown>, throwIt: boolean, value: unknown): void {
  task._resume(throwIt, value);
}

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
  const registry = registries.get(loop);
  if (registry === undefined) return tasks;
  compactNewborn(registry);
  for (const task of registry.newborn) if (task !== null) tasks.add(task);
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

  private readonly _coro: Coroutine<T>;
  private _name: string | null;
  private readonly _number = ++taskCounter;
  private _waiter: Future<unknown> | null = null;
  private _mustCancel = false;
  private _cancelRequests = 0;
  private _tracked = false;
  /** Where `allTasks()` finds the task: strongly until its first wait on a future, then weakly. */
  private _registry: TaskRegistry | null;
  private _weakRef: WeakRef<Task<unknown>> | null = null;
  /** Index in the registry's `newborn` list, or -1. */
  private _newbornSlot = -1;
  /** The done callback given to each awaited future; made on the first wait only. */
  private _wakeup: ((future: Future<unknown>) => void) | null = null;

  /** Creates a task for `coro` on `loop`. Prefer `loop.createTask(coro)`. */
  constructor(coro: Coroutine<T>, loop: EventLoop, options: TaskOptions = {}) {
    super(loop);
    if (!isCoroutine(coro)) {
      throw new InvalidArgumentError(
        `a Task needs a coroutine (a generator object), got ${describeValue(coro)}: call the generator function`,
      );
    }
    this._coro = coro;
    this._name = options.name ?? null;
    if (loop.getDebug()) {
      abandoned.register(this, { loop, name: this.getName(), sourceTraceback: this.sourceTraceback }, this);
      this._tracked = true;
    }
    // Registered only once scheduling succeeded (a closed loop refuses it), before an eager step.
    if (!options.eagerStart) {
      // The engine's loops queue the task itself (its `_run()` is the first step); others get a
      // plain callSoon. Nobody can cancel that call: `cancel()` before it is seen by `_resume`.
      if (!queueRunnable(loop, this)) loop.callSoon(startTask, this as Task<unknown>);
    }
    this._registry = registryOf(loop);
    this._newbornSlot = addNewborn(this._registry, this as Task<unknown>);
    if (options.eagerStart) this._resume(false, undefined);
  }

  /** The task's name. */
  getName(): string {
    // Made on demand: most tasks are never asked their name.
    return (this._name ??= `Task-${this._number}`);
  }

  /** Renames the task. */
  setName(name: string): void {
    this._name = String(name);
  }

  /** The coroutine the task drives. */
  getCoro(): Coroutine<T> {
    return this._coro;
  }

  /**
   * Requests cancellation: a `CancelledError` is thrown into the coroutine at the point where it
   * waits (or at its first step). The coroutine may catch it and go on, as in asyncio. Returns
   * false if the task is already done.
   */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    this._cancelRequests++;
    this._cancelMessage = message;
    if (this._waiter !== null && this._waiter.cancel(message)) {
      // The waiter's cancellation wakes us up with a CancelledError at the yield point.
      return true;
    }
    this._mustCancel = true;
    return true;
  }

  /** How many cancellation requests are pending (not undone with `uncancel()`). */
  cancelling(): number {
    return this._cancelRequests;
  }

  /**
   * Withdraws one cancellation request; returns the remaining count. Withdrawing the last one
   * also drops a cancellation not delivered yet (as in Python 3.13): whoever takes back their
   * request (a `timeout()` scope, a task group) leaves no stray `CancelledError` for the next wait.
   */
  uncancel(): number {
    if (this._cancelRequests > 0) {
      this._cancelRequests--;
      if (this._cancelRequests === 0) this._mustCancel = false;
    }
    return this._cancelRequests;
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
    let waiter = this.done() ? null : this._waiter;
    while (waiter !== null && !waiter.done() && !chain.includes(waiter)) {
      chain.push(waiter);
      waiter = waiter instanceof Task ? (waiter as Task<unknown>)._waiter : null;
    }
    return chain;
  }

  override _describe(): string {
    return `Task ${this.getName()}`;
  }

  /** @internal Records the task's new index in its registry's `newborn` list; returns the task. */
  _moveNewbornSlot(slot: number): Task<unknown> {
    this._newbornSlot = slot;
    return this as Task<unknown>;
  }

  /** Empties the task's slot in `newborn`, if it has one. */
  private _leaveNewborn(): void {
    if (this._newbornSlot >= 0 && this._registry !== null) this._registry.newborn[this._newbornSlot] = null;
    this._newbornSlot = -1;
  }

  /**
   * @internal A step resumed with `undefined` (the first one, or the one after a bare `yield`),
   * when the loop queued the task itself (`queueRunnable`).
   */
  _run(): void {
    try {
      this._resume(false, undefined);
    } catch (exception) {
      // As a Handle does: what escapes a callback goes to the handler, never out of the loop.
      this.getLoop().callExceptionHandler({ message: `Exception in a step of ${this._describe()}`, exception });
    }
  }

  /** @internal One step of the coroutine: resume it with `value`, or throw `value` into it. */
  _resume(throwIt: boolean, value: unknown): void {
    if (this.done()) return;
    const loop = this.getLoop();
    if (this._mustCancel) {
      this._mustCancel = false;
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
      step = throwIt ? this._coro.throw(value) : this._coro.next(value);
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
      if (this._mustCancel) super.cancel(this._cancelMessage);
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
      if (!queueRunnable(loop, this)) loop.callSoon(resumeTask, this as Task<unknown>, false, undefined);
      return;
    }
    let future: Future<unknown>;
    try {
      future = isCoroutine(yielded) ? new Task(yielded, loop) : toFuture(yielded, loop);
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
      loop.callSoon(resumeTask, this as Task<unknown>, true, error);
      return;
    }
    future.addDoneCallback((this._wakeup ??= (done) => this._wakeUpWith(done)));
    this._waiter = future;
    if (this._weakRef === null && this._registry !== null) {
      this._weakRef = new WeakRef<Task<unknown>>(this as Task<unknown>);
      this._leaveNewborn();
      parkWeakly(this._registry, this._weakRef);
    }
    if (this._mustCancel && future.cancel(this._cancelMessage)) this._mustCancel = false;
  }

  private _wakeUpWith(future: Future<unknown>): void {
    let value: unknown;
    try {
      value = future.result();
    } catch (error) {
      this._resume(true, error);
      return;
    }
    this._resume(false, value);
  }

  private _finish(): void {
    if (this._registry !== null) {
      this._leaveNewborn();
      if (this._weakRef !== null) this._registry.parked.delete(this._weakRef);
      this._registry = null;
    }
    if (this._tracked) {
      this._tracked = false;
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
