/**
 * Waiting on many objects at once: `iwait` gives them in the order they become ready, `wait`
 * collects them, `joinall` waits for greenlets (optionally raising the first error), `killall`
 * kills several and `kill` one without waiting.
 */
import { type Coroutine, InvalidArgumentError, type TimerHandle, describeValue } from '@async/loop';
import { GreenletExit } from '@async/greenlet';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import { type Linkable, isLinkable } from './linkable.js';
import { Greenlet as RawGreenlet } from '@async/greenlet';
import { Greenlet, type KillException, checkSeconds } from './greenlet.js';

/** Options of `iwait` and `wait`. */
export interface WaitOptions {
  /** Seconds to wait at most, in all. */
  timeout?: number | null;
  /** Stop after this many objects are ready. */
  count?: number | null;
}

/**
 * The objects given to `iwait`, in the order they become ready. In a greenlet:
 * `for (let o = yield* it.next(); o !== undefined; o = yield* it.next())`; in plain code,
 * `for await (const o of it)`.
 */
export class Iwait<T extends Linkable> implements AsyncIterable<T> {
  private readonly _ready: T[] = [];
  private readonly _pending: Set<T>;
  private _given = 0;
  private _deadline: number | null;
  private _notify: (() => void) | null = null;
  private readonly _link = (source: T): void => {
    if (!this._pending.delete(source)) return;
    source.unlink(this._link as never); // an Event or AsyncResult keeps its links otherwise
    this._ready.push(source);
    this._notify?.();
  };

  constructor(
    private readonly _hub: Hub,
    objects: Iterable<T>,
    private readonly _count: number | null,
    timeout: number | null,
  ) {
    this._pending = new Set(objects);
    for (const o of this._pending) {
      if (!isLinkable(o)) {
        throw new InvalidArgumentError(
          `iwait()/wait() wait on greenlets, AsyncResults, Events or other linkable objects, got ${describeValue(o)}`,
        );
      }
    }
    this._deadline = timeout === null ? null : _hub.loop.time() + timeout;
    for (const o of [...this._pending]) o.rawlink(this._link as never);
  }

  /** The next ready object, or `undefined` when all were given, `count` is reached or time is up. */
  next(): Op<T | undefined> {
    return Op.primitive(this._hub, (wake) => {
      const finish = (value: T | undefined): void => {
        if (value === undefined) this.close();
        wake(false, value);
      };
      if (this._count !== null && this._given >= this._count) return finish(undefined);
      let timer: TimerHandle | null = null;
      const take = (): void => {
        this._notify = null;
        timer?.cancel();
        this._given++;
        finish(this._ready.shift());
      };
      if (this._ready.length !== 0) return take();
      if (this._pending.size === 0) return finish(undefined);
      const remaining = this._deadline === null ? null : Math.max(0, this._deadline - this._hub.loop.time());
      timer =
        remaining === null
          ? null
          : this._hub.loop.callLater(remaining, () => {
              this._notify = null;
              finish(undefined);
            });
      this._notify = take;
      return () => {
        this._notify = null;
        timer?.cancel();
      };
    });
  }

  /** Stops listening to the objects not yet ready. */
  close(): void {
    for (const o of this._pending) o.unlink(this._link as never);
    this._pending.clear();
  }

  /** `for await` from plain code. Not an async generator, which would unwrap thenable objects. */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return {
      next: async (): Promise<IteratorResult<T, undefined>> => {
        const [o] = await this.next()._boxed();
        return o === undefined ? { done: true, value: undefined } : { done: false, value: o };
      },
      return: async (): Promise<IteratorResult<T, undefined>> => {
        this.close();
        return { done: true, value: undefined };
      },
    };
  }
}

/** Yields `objects` as they become ready: gevent's `iwait`. */
export function iwait<T extends Linkable>(objects: Iterable<T>, options: WaitOptions = {}): Iwait<T> {
  const { timeout = null, count = null } = checkWaitOptions(options, 'iwait');
  return new Iwait(currentHub(), objects, count, timeout);
}

/**
 * Waits until all `objects` are ready (or `count` of them, or `timeout` seconds) and evaluates
 * to those that are: gevent's `wait`.
 */
export function wait<T extends Linkable>(objects: Iterable<T>, options: WaitOptions = {}): Op<T[]> {
  const it = iwait(objects, options);
  return Op.composite(currentHub(), function* () {
    const done: T[] = [];
    try {
      for (let o = yield* it.next(); o !== undefined; o = yield* it.next()) done.push(o);
    } finally {
      it.close();
    }
    return done;
  });
}

/** Options of `joinall`. */
export interface JoinallOptions extends WaitOptions {
  /** Raise the error of the first greenlet that fails, as soon as it does. */
  raiseError?: boolean;
}

/**
 * Waits for the greenlets to finish (or `count` of them, or `timeout` seconds) and evaluates to
 * those that did. With `raiseError`, the first failure is raised at once.
 */
export function joinall<T extends Greenlet<unknown>>(greenlets: Iterable<T>, options: JoinallOptions = {}): Op<T[]> {
  const { raiseError = false } = options;
  const list = [...greenlets];
  const it = iwait(list, options);
  return Op.composite(currentHub(), function* (): Coroutine<T[]> {
    const done: T[] = [];
    try {
      for (let g = yield* it.next(); g !== undefined; g = yield* it.next()) {
        if (raiseError && !g.successful()) throw g.exception;
        done.push(g);
      }
    } finally {
      it.close();
    }
    return done;
  });
}

/** Options of `killall`. */
export interface KillallOptions {
  /** Wait until they are dead (default `true`). */
  block?: boolean;
  /** Seconds to wait at most. */
  timeout?: number | null;
}

/** Kills every greenlet with `exception` (default `GreenletExit`) and, unless `block` is false, waits. */
export function killall(
  greenlets: Iterable<Greenlet<unknown>>,
  exception: KillException = GreenletExit,
  options: KillallOptions = {},
): Op<void> {
  const { block = true, timeout = null } = options;
  const list = [...greenlets];
  for (const g of list) g.kill(exception, { block: false });
  if (!block) return Op.settled(currentHub(), false, undefined);
  const all = wait(list, { timeout });
  return Op.composite(currentHub(), function* () {
    yield* all;
  });
}

/**
 * gevent's `gevent.kill`: raises `exception` (default `GreenletExit`) in `greenlet` without
 * waiting. A `Greenlet` is killed with `kill(exception, { block: false })`; a raw greenlet (from
 * `spawnRaw`) has it thrown in where it blocks, from the hub. A dead greenlet is left alone.
 * @throws InvalidArgumentError if `greenlet` is not a greenlet.
 */
export function kill(greenlet: RawGreenlet, exception: KillException = GreenletExit): void {
  if (greenlet instanceof Greenlet) {
    greenlet.kill(exception, { block: false });
    return;
  }
  if (!(greenlet instanceof RawGreenlet)) {
    throw new InvalidArgumentError(`kill(greenlet) takes a greenlet, got ${describeValue(greenlet)}`);
  }
  if (greenlet.dead) return;
  const hub = currentHub();
  const error = typeof exception === 'function' ? new exception() : exception;
  hub.loop.callSoon(() => hub._interrupt(greenlet, error));
}

function checkWaitOptions(options: WaitOptions, what: string): WaitOptions {
  if (options.timeout !== undefined && options.timeout !== null) checkSeconds(options.timeout, `${what}({ timeout })`);
  const count = options.count;
  if (count !== undefined && count !== null && !(Number.isInteger(count) && count >= 0)) {
    throw new InvalidArgumentError(`${what}({ count }) must be a non-negative integer, got ${describeValue(count)}`);
  }
  return options;
}
