/**
 * The stand-in loop of the core's map anchors. `Handle`, `TimerHandle`, `Future` and `Task` each
 * keep one never-used instance in a private static field (`NodeEventLoop` keeps a loop that never
 * runs): V8 keeps a class's hidden class (and the code it compiled against it) only through live
 * objects that have it, so after a full GC at which every real instance had died, everything that
 * makes or reads them was deoptimized ("weak objects" in `--trace-deopt`) and warmed up again.
 * Their constructors only ask the loop whether debug mode is on, which is all this object
 * answers. See docs/architecture.md, "Performance decisions".
 */
import type { EventLoop } from './event-loop.js';

/**
 * @internal A loop for the anchors' constructors: never in debug mode, and what is queued on it
 * (the anchor task's first step) never runs.
 */
export const ANCHOR_LOOP = {
  getDebug: (): boolean => false,
  _callSoonRunnable: (): void => {},
} as unknown as EventLoop;

/** @internal The callback of the anchored handles, never called. */
export function anchorCallback(): void {}
