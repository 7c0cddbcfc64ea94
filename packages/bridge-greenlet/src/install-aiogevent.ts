/**
 * aiogevent: asyncio on gevent's hub. The hub is an `EventLoop`, so installing is making the hub
 * of a loop the current loop: asyncio tasks, Tornado's `IOLoop.current()` and the default
 * reactor then all run on the hub, and greenlets spawned from them share its loop.
 */
import { type EventLoop, InvalidArgumentError, describeValue, getEventLoop, setEventLoop } from '@async/loop';
import { type Hub, getHub } from '@async/hub';

/**
 * Makes the hub of `loop` (default: the current loop; a hub passed is used as it is) the
 * current loop and returns it. For a program run with asyncio's `run()`, the same in one line is
 * `run(main(), { loopFactory: () => getHub(newEventLoop()) })`.
 * @throws InvalidArgumentError if `loop` is not an event loop.
 */
export function installAiogevent(loop: EventLoop = getEventLoop()): Hub {
  if (typeof loop !== 'object' || loop === null || typeof loop.callSoon !== 'function') {
    throw new InvalidArgumentError(`installAiogevent(loop) takes an EventLoop, got ${describeValue(loop)}`);
  }
  const hub = getHub(loop);
  setEventLoop(hub);
  return hub;
}
