/**
 * Which loop is running right now. JavaScript has one thread, but several loops may be running
 * at once (each is only a set of callbacks on Node's own loop), so "the running loop" is the one
 * dispatching the current callback, or else the only loop that is running.
 */
import type { EventLoop } from './event-loop.js';
import { LoopStateError } from './errors.js';

let dispatching: EventLoop | null = null;
const running = new Set<EventLoop>();

/** @internal Called by loops around each batch of callbacks; returns the previous value. */
export function _enterDispatch(loop: EventLoop | null): EventLoop | null {
  const previous = dispatching;
  dispatching = loop;
  return previous;
}

/** @internal Called by loops when they start and stop running. */
export function _setRunning(loop: EventLoop, isRunning: boolean): void {
  if (isRunning) running.add(loop);
  else running.delete(loop);
}

/** The running loop, or `null` when there is none (or several and none is dispatching). */
export function getRunningLoopOrNull(): EventLoop | null {
  if (dispatching !== null) return dispatching;
  if (running.size === 1) return running.values().next().value!;
  return null;
}

/**
 * The loop that is running the current callback or coroutine.
 * @throws LoopStateError when no loop is running: call it from code that a loop runs, or use
 *   `getEventLoop()` to get (or create) the current loop instead.
 */
export function getRunningLoop(): EventLoop {
  const loop = getRunningLoopOrNull();
  if (loop === null) {
    throw new LoopStateError(
      running.size === 0
        ? 'no running event loop: call getRunningLoop() from code a loop runs, or use getEventLoop()'
        : 'several event loops are running and none is dispatching this code: pass the loop explicitly',
    );
  }
  return loop;
}
