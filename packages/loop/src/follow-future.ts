/**
 * `followFuture`: a future on one loop that mirrors a future of another — asyncio's
 * `_chain_future`, with cancellation passed back. A front hosted on a loop (a hub, a reactor, an
 * IOLoop) uses it for the work it delegates to that loop (opening a connection, a server), so
 * that what it hands out is bound to the front itself and a task of the front can wait on it.
 */
import type { EventLoop } from './event-loop.js';
import type { Future } from './future.js';

/**
 * A future on `loop` that completes as `source` does (result, exception or cancellation, one
 * loop iteration later); cancelling it cancels `source`. Returns `source` itself when it is
 * already bound to `loop`.
 */
export function followFuture<T>(source: Future<T>, loop: EventLoop): Future<T> {
  if (source.getLoop() === loop) return source;
  const follower = loop.createFuture<T>();
  source.addDoneCallback((done) => {
    if (follower.done()) return;
    if (done.cancelled()) {
      follower.cancel();
      return;
    }
    const error = done.exception();
    if (error !== null) follower.setException(error);
    else follower.setResult(done.result());
  });
  follower.addDoneCallback((done) => {
    if (done.cancelled()) source.cancel();
  });
  return follower;
}
