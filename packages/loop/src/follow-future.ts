/**
 * `followFuture`: a future on one loop that mirrors a future of another — asyncio's
 * `_chain_future`, with cancellation passed back. A front hosted on a loop (a hub, a reactor, an
 * IOLoop) uses it for the work it delegates to that loop (opening a connection, a server), so
 * that what it hands out is bound to the front itself and a task of the front can wait on it.
 */
import type { EventLoop } from './event-loop.js';
import { Future } from './future.js';

/** The follower: cancelling it cancels the source at once, before the source can complete. */
class FollowerFuture<T> extends Future<T> {
  constructor(
    loop: EventLoop,
    private readonly _source: Future<T>,
  ) {
    super(loop);
  }

  override cancel(message?: string): boolean {
    if (!super.cancel(message)) return false;
    this._source.cancel(message);
    return true;
  }

  override _describe(): string {
    return 'Future';
  }
}

/**
 * A future on `loop` that completes as `source` does (result, exception or cancellation, one
 * loop iteration later); cancelling it cancels `source`. Returns `source` itself when it is
 * already bound to `loop`. If `source` still produces a result after the follower was cancelled
 * (it had completed, but the follower had not heard yet), nobody will receive it:
 * `disposeOrphan(result)` is called to release it (close a transport, a server).
 */
export function followFuture<T>(source: Future<T>, loop: EventLoop, disposeOrphan?: (result: T) => void): Future<T> {
  if (source.getLoop() === loop) return source;
  const follower = new FollowerFuture<T>(loop, source);
  source.addDoneCallback((done) => {
    if (done.cancelled()) {
      follower.cancel();
      return;
    }
    const error = done.exception();
    if (follower.done()) {
      if (error === null) disposeOrphan?.(done.result());
      return;
    }
    if (error !== null) follower.setException(error);
    else follower.setResult(done.result());
  });
  return follower;
}
