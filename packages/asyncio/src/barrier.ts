/**
 * `Barrier`: Python's `asyncio.Barrier` (3.11). A fixed number of tasks wait until all of them
 * have arrived, then all go on together. A barrier cycles through filling (tasks arriving),
 * draining (the released tasks leaving), resetting (waiters being sent away by `reset()`) and
 * broken (after `abort()`); tasks arriving while it drains or resets wait for the next cycle.
 */
import { type Coroutine, InvalidArgumentError, describeValue } from '@async/loop';
import { type AwaitableCoroutine, awaitable } from './awaitable-coroutine.js';
import { Condition } from './condition.js';
import { BrokenBarrierError } from './exceptions.js';
import { type ScopeBody, checkScopeBody, startScopeBody } from './scope-body.js';

type State = 'filling' | 'draining' | 'resetting' | 'broken';

/** A meeting point for a fixed number of tasks. */
export class Barrier {
  private readonly _cond = new Condition();
  private readonly _parties: number;
  private _state: State = 'filling';
  private _count = 0;

  /**
   * @param parties how many tasks must call `wait()` before they all go on.
   * @throws InvalidArgumentError unless `parties` is an integer >= 1.
   */
  constructor(parties: number) {
    if (!Number.isInteger(parties) || parties < 1) {
      throw new InvalidArgumentError(`Barrier parties must be an integer >= 1, got ${describeValue(parties)}`);
    }
    this._parties = parties;
  }

  /**
   * Waits until `parties` tasks are waiting, and evaluates to this task's arrival index, from 0
   * to `parties - 1`.
   * @throws BrokenBarrierError if the barrier is broken or reset while waiting, or broken already.
   */
  wait(): AwaitableCoroutine<number> {
    return awaitable(this._wait());
  }

  /**
   * Waits at the barrier, then runs `body` with the arrival index: `async with barrier as i`.
   * @throws InvalidArgumentError if `body` is neither a generator function nor a coroutine.
   */
  run<T>(body: ScopeBody<number, T>): AwaitableCoroutine<T> {
    checkScopeBody(body, 'Barrier.run(body)');
    return awaitable(this._run(body));
  }

  private *_run<T>(body: ScopeBody<number, T>): Coroutine<T> {
    const index = yield* this._wait();
    return yield* startScopeBody(body, index, 'Barrier.run(body)');
  }

  private *_wait(): Coroutine<number> {
    yield* this._cond.acquire();
    try {
      yield* this._block();
      try {
        const index = this._count;
        this._count++;
        if (index + 1 === this._parties) this._release();
        else yield* this._waitForRelease();
        return index;
      } finally {
        this._count--;
        this._exit();
      }
    } finally {
      this._cond.release();
    }
  }

  /** Waits while the barrier drains or resets; fails if it is broken. */
  private *_block(): Coroutine<void> {
    yield* this._cond.waitFor(() => this._state !== 'draining' && this._state !== 'resetting');
    if (this._state === 'broken') throw new BrokenBarrierError('the barrier was aborted');
  }

  private _release(): void {
    this._state = 'draining';
    this._cond.notifyAll();
  }

  private *_waitForRelease(): Coroutine<void> {
    yield* this._cond.waitFor(() => this._state !== 'filling');
    if (this._state === 'broken' || this._state === 'resetting') {
      throw new BrokenBarrierError('the barrier was aborted or reset while waiting');
    }
  }

  /** The last task out ends the draining or resetting and lets the next cycle fill. */
  private _exit(): void {
    if (this._count === 0) {
      if (this._state === 'resetting' || this._state === 'draining') this._state = 'filling';
      this._cond.notifyAll();
    }
  }

  /** Puts the barrier back to its initial state; tasks waiting get `BrokenBarrierError`. */
  reset(): AwaitableCoroutine<void> {
    return awaitable(this._reset());
  }

  private *_reset(): Coroutine<void> {
    yield* this._cond.acquire();
    try {
      if (this._count > 0) {
        if (this._state !== 'resetting') this._state = 'resetting';
      } else {
        this._state = 'filling';
      }
      this._cond.notifyAll();
    } finally {
      this._cond.release();
    }
  }

  /** Breaks the barrier: waiting tasks, and later `wait()` calls, get `BrokenBarrierError`. */
  abort(): AwaitableCoroutine<void> {
    return awaitable(this._abort());
  }

  private *_abort(): Coroutine<void> {
    yield* this._cond.acquire();
    try {
      this._state = 'broken';
      this._cond.notifyAll();
    } finally {
      this._cond.release();
    }
  }

  /** How many tasks must wait for the barrier to open. */
  get parties(): number {
    return this._parties;
  }

  /** How many tasks wait in the current filling cycle (0 while draining, resetting or broken). */
  get nWaiting(): number {
    return this._state === 'filling' ? this._count : 0;
  }

  /** True after `abort()`. */
  get broken(): boolean {
    return this._state === 'broken';
  }

  toString(): string {
    const waiters = this.broken ? '' : `, waiters:${this.nWaiting}/${this._parties}`;
    return `<Barrier [${this._state}${waiters}]>`;
  }
}
