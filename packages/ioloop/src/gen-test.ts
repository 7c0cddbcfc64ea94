/**
 * `genTest()`: Tornado's `tornado.testing.gen_test` (with what `AsyncTestCase` sets up) as a
 * function any test runner can call. Each run gets a fresh IOLoop on a fresh loop, made current
 * for the test, runs the coroutine with a timeout, and closes everything it opened afterwards,
 * so a failing test cannot leak a loop, a stream or a server into the next one.
 */
import { type EventLoop, NodeEventLoop, setEventLoop } from '@async/loop';
import { IOLoop } from './ioloop.js';
import { checkFunction, checkSeconds } from './argument-checks.js';

/** Options of `genTest()`. */
export interface GenTestOptions {
  /** Fail with `TimeoutError` after this many seconds (Tornado's default: 5). */
  timeout?: number;
  /** Makes the loop for each run. Default: a new `NodeEventLoop`. */
  loopFactory?: () => EventLoop;
}

/**
 * Wraps a test body (a generator function, or a function returning a future or a promise) that
 * receives the test's IOLoop; returns an async function to hand to `it()`.
 * @throws InvalidArgumentError for a non-function body or a bad timeout.
 *
 * @example
 * ```ts no-run
 * it('echoes', genTest(function* (ioloop) {
 *   yield gen.sleep(0.01);
 * }));
 * ```
 */
export function genTest<T>(body: (ioloop: IOLoop) => unknown, options: GenTestOptions = {}): () => Promise<T> {
  checkFunction(body, 'genTest(body)');
  const timeout = options.timeout ?? 5;
  checkSeconds(timeout, 'genTest() timeout');
  const factory = options.loopFactory ?? (() => new NodeEventLoop());
  checkFunction(factory, 'genTest() loopFactory');
  return async () => {
    const ioloop = new IOLoop({ loop: factory(), makeCurrent: true });
    try {
      return (await ioloop.runSync(() => body(ioloop) as T, { timeout })) as T;
    } finally {
      ioloop.close({ allFds: true });
      setEventLoop(null);
    }
  };
}
