/**
 * Settling a list of waiting futures at once: the drain waiters of a connection when its
 * transport resumes writing or is lost, the `waitFinished()` futures of a response. Futures
 * already done (cancelled by their owner) are skipped.
 */
import type { Future } from '@async/loop';

/** Resolves every pending future of `waiters` (`error` null), or fails them with `error`. */
export function settleWaiters(waiters: readonly Future<void>[] | null, error: Error | null): void {
  if (waiters === null) return;
  for (const waiter of waiters) {
    if (waiter.done()) continue;
    if (error === null) waiter.setResult(undefined);
    else waiter.setException(error);
  }
}
