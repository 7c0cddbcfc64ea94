/**
 * `TaskGroup`: Python's `asyncio.TaskGroup`, structured concurrency. Tasks created in the group
 * cannot outlive it: its scope ends only when they are all done. The first task to fail cancels
 * the others and the body of the group (its parent task); once everything has stopped, the
 * errors are raised together as an `ExceptionGroup`. A cancellation of the parent from outside
 * cancels the tasks and is raised as a `CancelledError` once they are done, unless a task failed.
 *
 * The scope's exit must wait for the tasks, which a dispose method cannot do, so the group has
 * only the `run()` form: `yield* new TaskGroup().run(function* (tg) { tg.createTask(...) })`.
 * The bookkeeping of the parent's `cancelling()` count follows current CPython, including
 * `cancel()`, which stops the whole group without raising.
 */
import {
  type Coroutine,
  type EventLoop,
  type Future,
  type Task,
  CancelledError,
  InvalidArgumentError,
  InvalidStateError,
  describeValue,
  getRunningLoop,
  isCoroutine,
} from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { ExceptionGroup } from './exception-group.js';
import { type ScopeBody, checkScopeBody, startScopeBody } from './scope-body.js';
import { type CreateTaskOptions, currentTask } from './tasks.js';

/** A scope owning the tasks created in it. Use each group once. */
export class TaskGroup {
  private _entered = false;
  private _exiting = false;
  private _aborting = false;
  private _loop: EventLoop | null = null;
  private _parentTask: Task<unknown> | null = null;
  private _parentCancelRequested = false;
  private readonly _tasks = new Set<Task<unknown>>();
  private _errors: unknown[] = [];
  private _onCompleted: Future<boolean> | null = null;
  private _cancelOnEnter = false;
  private readonly _onTaskDone = (task: Future<unknown>): void => this._taskDone(task as Task<unknown>);

  /**
   * Runs `body` (a generator function given this group, or a coroutine) as the group's scope:
   * `async with TaskGroup() as tg: body`. Evaluates to the body's result once every task of the
   * group is done, or to `undefined` if `cancel()` cut the body short.
   * @throws ExceptionGroup with the errors of the tasks (and of the body) if any failed;
   *   CancelledError if the parent task was cancelled; InvalidArgumentError for a bad `body`.
   */
  run<T>(body: ScopeBody<TaskGroup, T>): AwaitableCoroutine<T | undefined> {
    checkScopeBody(body, 'TaskGroup.run(body)');
    return awaitable(this._run(body));
  }

  private *_run<T>(body: ScopeBody<TaskGroup, T>): Coroutine<T | undefined> {
    this._enter();
    let result: T;
    try {
      result = yield* startScopeBody(body, this, 'TaskGroup.run(body)');
    } catch (error) {
      yield* this._exit(true, error);
      return undefined;
    }
    yield* this._exit(false, undefined);
    return result;
  }

  /**
   * Creates a task in the group (as `createTask()`): the group waits for it, and its failure
   * cancels the group.
   * @throws InvalidStateError if the group is not running (not entered, finished or shutting
   *   down); InvalidArgumentError if `coro` is not a coroutine.
   */
  createTask<T>(coro: Coroutine<T>, options: CreateTaskOptions = {}): Task<T> {
    if (!isCoroutine(coro)) {
      throw new InvalidArgumentError(
        `TaskGroup.createTask() needs a coroutine (a generator object), got ${describeValue(coro)}: call the generator function`,
      );
    }
    let refusal: string | null = null;
    if (!this._entered) refusal = 'has not been entered: create tasks inside tg.run()';
    else if (this._exiting && this._tasks.size === 0) refusal = 'is finished';
    else if (this._aborting) refusal = 'is shutting down';
    if (refusal !== null) {
      // Python closes the coroutine it will never run.
      coro.return(undefined as T);
      throw new InvalidStateError(`TaskGroup ${refusal}`);
    }
    const task = this._loop!.createTask(coro, { name: options.name, eagerStart: Boolean(options.eagerStart) });
    // Always through the callback, even for a task that finished eagerly, so that a failure
    // cancels the parent from a loop callback rather than from inside createTask().
    this._tasks.add(task as Task<unknown>);
    task.addDoneCallback(this._onTaskDone);
    // An eager task may have aborted the group before joining it.
    if (this._aborting && !task.done()) task.cancel();
    return task;
  }

  /**
   * Cancels the group: its tasks and its body. The scope then ends without raising (unless a
   * task failed). Before the group is entered, it is cancelled as soon as it is; after it is
   * finished, nothing happens.
   */
  cancel(): void {
    if (!this._entered) {
      this._cancelOnEnter = true;
      return;
    }
    if (this._exiting && this._tasks.size === 0) return;
    if (!this._aborting) {
      this._abort();
      if (this._parentTask !== null && !this._parentCancelRequested) {
        this._parentCancelRequested = true;
        this._parentTask.cancel();
      }
    }
  }

  private _enter(): void {
    if (this._entered) throw new InvalidStateError('this TaskGroup has already been entered: use a new one');
    const loop = getRunningLoop();
    const parent = currentTask(loop);
    if (parent === null) {
      throw new InvalidStateError('TaskGroup cannot determine the parent task: run it from a coroutine in a task');
    }
    this._loop = loop;
    this._parentTask = parent;
    this._entered = true;
    if (this._cancelOnEnter) this.cancel();
  }

  /** Python's `__aexit__`: returns normally when what leaves the scope is suppressed. */
  private *_exit(hasError: boolean, error: unknown): Coroutine<void> {
    this._exiting = true;
    const parent = this._parentTask!;
    try {
      let propagateCancellation: unknown = hasError && error instanceof CancelledError ? error : null;
      if (hasError && !this._aborting) {
        // The body failed, or the parent is being cancelled: stop the tasks.
        this._abort();
      }

      // A loop, because the wait may be cancelled several times while the tasks stop.
      let pendingCancellation: unknown = null;
      while (this._tasks.size > 0) {
        this._onCompleted ??= this._loop!.createFuture<boolean>();
        try {
          yield* this._onCompleted;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          pendingCancellation = e;
          if (!this._aborting) {
            // The parent is cancelled while the body is done and tasks still run.
            propagateCancellation = e;
            this._abort();
          }
        }
        this._onCompleted = null;
      }

      if (this._parentCancelRequested) {
        // We cancelled the parent ourselves; take that request back.
        if (parent.uncancel() === 0) propagateCancellation = null;
        else if (propagateCancellation === null) propagateCancellation = pendingCancellation;
      }

      // A cancellation propagates unless tasks failed: errors take priority.
      if (propagateCancellation !== null && this._errors.length === 0) throw propagateCancellation;

      if (hasError && !(error instanceof CancelledError)) this._errors.push(error);

      if (this._errors.length > 0) {
        // A cancellation from outside must survive the ExceptionGroup: re-request it, keeping
        // the count, so the parent's next wait raises CancelledError.
        if (parent.cancelling() > 0) {
          parent.uncancel();
          parent.cancel();
        }
        throw new ExceptionGroup('unhandled errors in a TaskGroup', this._errors);
      }
    } finally {
      this._parentTask = null;
      this._errors = [];
    }
  }

  private _abort(): void {
    this._aborting = true;
    for (const task of this._tasks) if (!task.done()) task.cancel();
  }

  private _taskDone(task: Task<unknown>): void {
    this._tasks.delete(task);
    if (this._onCompleted !== null && this._tasks.size === 0 && !this._onCompleted.done()) {
      this._onCompleted.setResult(true);
    }
    if (task.cancelled()) return;
    const error = task.exception();
    if (error === null) return;
    this._errors.push(error);

    const parent = this._parentTask;
    if (parent === null || parent.done()) {
      this._loop!.callExceptionHandler({
        message: `Task ${task.getName()} has errored out but its parent task is already completed`,
        exception: error,
        task,
      });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      // Interrupt whatever the body is waiting on; _exit() takes this cancellation back.
      this._abort();
      this._parentCancelRequested = true;
      parent.cancel();
    }
  }

  toString(): string {
    const info: string[] = [];
    if (this._tasks.size > 0) info.push(`tasks=${this._tasks.size}`);
    if (this._errors.length > 0) info.push(`errors=${this._errors.length}`);
    if (this._aborting) info.push('cancelling');
    else if (this._entered) info.push('entered');
    return `<TaskGroup${info.length > 0 ? ' ' + info.join(' ') : ''}>`;
  }
}
