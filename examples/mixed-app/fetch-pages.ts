// The asyncio and gevent fronts of the mixed app: an asyncio coroutine that fetches pages 1..n
// at once, one gevent greenlet per page, each blocking only itself in urlopen. If the task is
// cancelled, the greenlets are killed before the cancellation goes on.
import type { Coroutine } from '@async/loop';
import { type Greenlet, joinall, killall, spawn, urlopen } from '@async/hub';

/** A greenlet's body: one page, read to its end with urlopen (blocks this greenlet only). */
function* fetchPage(url: string) {
  // `Connection: close`: the hub's shared HTTP client would keep the connection alive in its
  // pool, which the app has no handle to close when it stops.
  const response = yield* urlopen({ url, headers: { Connection: 'close' } });
  try {
    return Buffer.from(yield* response.read()).toString();
  } finally {
    response.close();
  }
}

/**
 * An asyncio coroutine: the bodies of `${site}/page/1` … `/page/${count}`, in that order. Each
 * greenlet it spawns is also pushed on `greenlets`, for whoever wants to watch them.
 */
export function* fetchPages(site: string, count: number, greenlets: Greenlet<string>[] = []): Coroutine<string[]> {
  for (let n = 1; n <= count; n++) greenlets.push(spawn(fetchPage, `${site}/page/${n}`));
  try {
    // A task yield*s a gevent joinall through the hub's registered converter.
    yield* joinall(greenlets, { raiseError: true });
    return greenlets.map((g) => g.value as string);
  } finally {
    // Cancelled (or one page failed): GreenletExit where each other greenlet blocks, which
    // aborts its HTTP request; wait until they are all dead.
    yield* killall(greenlets);
  }
}
