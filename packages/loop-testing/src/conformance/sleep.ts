/**
 * A coroutine that waits `seconds` of loop time, built from nothing but a future and a timer, so
 * the conformance suite can wait on any `EventLoop` without depending on a front's `sleep()`.
 */
import type { Coroutine, EventLoop } from '@async/loop';

/** Waits `seconds` of `loop` time; cancelling the waiting task cancels the timer too. */
export function* sleep(loop: EventLoop, seconds: number): Coroutine<void> {
  const wake = loop.createFuture<void>();
  const timer = loop.callLater(seconds, () => {
    if (!wake.done()) wake.setResult(undefined);
  });
  try {
    yield* wake;
  } finally {
    timer.cancel();
  }
}
