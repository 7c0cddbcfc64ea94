/**
 * Twisted's `asyncioreactor.install(eventloop)`: Twisted code on the loop asyncio code runs on.
 * The default `reactor` of `@async/reactor` follows the current loop, so installing is making
 * that loop current; `new Reactor(loop)` is the same reactor without touching global state.
 */
import { type EventLoop, InvalidArgumentError, describeValue, getEventLoop, setEventLoop } from '@async/loop';
import { type Reactor, reactor } from '@async/reactor';

/**
 * Makes `loop` (default: the current loop) the current loop and returns the default `reactor`,
 * which now runs on it: Deferreds, `callLater`, `listenTCP`, and asyncio tasks on `loop` then
 * share one ready queue and one timer heap.
 * @throws InvalidArgumentError if `loop` is not an event loop, or is a reactor itself (the
 *   default reactor cannot run on itself; make a `new Reactor(loop)` for another one).
 */
export function installAsyncioReactor(loop: EventLoop = getEventLoop()): Reactor {
  if (typeof loop !== 'object' || loop === null || typeof loop.callSoon !== 'function') {
    throw new InvalidArgumentError(`installAsyncioReactor(loop) takes an EventLoop, got ${describeValue(loop)}`);
  }
  if (loop === reactor) {
    throw new InvalidArgumentError('installAsyncioReactor(loop): the default reactor cannot run on itself; pass the loop under it');
  }
  setEventLoop(loop);
  return reactor;
}
