/**
 * The coroutines this package returns (`sleep()`, `waitFor()`, `lock.acquire()`, `queue.get()`,
 * …) are generator objects, exactly like the coroutine objects Python's `async def` functions
 * return: `yield* sleep(1)` runs the body inline in the calling task, `createTask(sleep(1))`
 * wraps it in a task. They are also thenable, so plain async code can `await sleep(1)` too: the
 * first `then()` runs the coroutine as a task on the running loop.
 *
 * Thenability is given per generator function, by putting `then` on the prototype that its
 * generator objects share, so it costs nothing per call and never touches other generators.
 */
import { type Coroutine, type EventLoop, type Task, ensureFuture, getRunningLoop } from '@async/loop';

/** A coroutine that can also be awaited in plain async code (on the running loop). */
export type AwaitableCoroutine<T> = Coroutine<T> & PromiseLike<T>;

const GeneratorPrototype: object = Object.getPrototypeOf(function* () {}.prototype);

/* A coroutine awaited twice must not run twice: the task of its first `then()` is kept. */
const tasks = new WeakMap<object, Task<unknown>>();

function then<T, R1 = T, R2 = never>(
  this: Coroutine<T>,
  onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): Promise<R1 | R2> {
  let task = tasks.get(this) as Task<T> | undefined;
  if (task === undefined) {
    let loop: EventLoop;
    try {
      loop = getRunningLoop();
    } catch (error) {
      return Promise.reject(error).then(onfulfilled, onrejected);
    }
    task = ensureFuture(this, loop) as Task<T>;
    tasks.set(this, task);
  }
  return task.then(onfulfilled, onrejected);
}

/**
 * Makes every generator object of `generatorFunction` thenable, once and for all: for the hot
 * paths (a stream read, a drain), whose calls then return their coroutine as it is, without the
 * check `awaitable()` makes on each call.
 */
export function makeAwaitable(generatorFunction: (...args: never[]) => Coroutine<unknown>): void {
  Object.defineProperty(generatorFunction.prototype, 'then', { value: then, configurable: true, writable: true });
}

/**
 * Marks `coro`, a generator object of one of this package's generator functions, as thenable and
 * returns it typed so. Only the generator function's own prototype is changed.
 */
export function awaitable<T>(coro: Coroutine<T>): AwaitableCoroutine<T> {
  const proto: unknown = Object.getPrototypeOf(coro);
  if (proto !== GeneratorPrototype && typeof proto === 'object' && proto !== null && (proto as { then?: unknown }).then !== then) {
    Object.defineProperty(proto, 'then', { value: then, configurable: true, writable: true });
  }
  return coro as AwaitableCoroutine<T>;
}
