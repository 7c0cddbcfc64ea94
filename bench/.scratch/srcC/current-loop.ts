/**
 * The process's current loop. Every front binds to it by default, so an application that mixes
 * all four styles shares one loop without any setup. It is asyncio's policy reduced to what a
 * single-threaded runtime needs.
 */
import type { EventLoop } from './event-loop.js';
import { NodeEventLoop } from './node-event-loop.js';
import { getRunningLoopOrNull } from './running-loop.js';

let current: EventLoop | null = null;

/**
 * The running loop if there is one; otherwise the loop set with `setEventLoop()`; otherwise a new
 * `NodeEventLoop`, which becomes the current loop.
 */
export function getEventLoop(): EventLoop {
  const running = getRunningLoopOrNull();
  if (running !== null) return running;
  if (current === null) current = new NodeEventLoop();
  return current;
}

/** Makes `loop` the current loop; `null` clears it (the next `getEventLoop()` creates one). */
export function setEventLoop(loop: EventLoop | null): void {
  current = loop;
}

/** A new `NodeEventLoop`, not made current. */
export function newEventLoop(): EventLoop {
  return new NodeEventLoop();
}
