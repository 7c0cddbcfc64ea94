// The loop in one screen: five coroutines that each "fetch a page" (wait 0.2 s) run one after
// another, then all at once on one loop — the point of the talk this project comes from.
// Run it with `npm run demo`.
import { NodeEventLoop, type Coroutine, type EventLoop, type Future } from '@async/loop';

/** A future that completes after `seconds`, as asyncio's `sleep` would. */
function sleep(loop: EventLoop, seconds: number): Future<void> {
  const done = loop.createFuture<void>();
  loop.callLater(seconds, () => done.setResult());
  return done;
}

function* fetchPage(loop: EventLoop, n: number): Coroutine<string> {
  yield* sleep(loop, 0.2);
  return `page ${n}`;
}

function* sequential(loop: EventLoop, count: number): Coroutine<string[]> {
  const pages: string[] = [];
  for (let i = 1; i <= count; i++) pages.push(yield* fetchPage(loop, i));
  return pages;
}

function* concurrent(loop: EventLoop, count: number): Coroutine<string[]> {
  const tasks = Array.from({ length: count }, (_, i) => loop.createTask(fetchPage(loop, i + 1)));
  const pages: string[] = [];
  for (const task of tasks) pages.push(yield* task);
  return pages;
}

const loop = new NodeEventLoop();
for (const [name, run] of [['sequential', sequential], ['concurrent', concurrent]] as const) {
  const start = loop.time();
  const pages = await loop.runUntilComplete(run(loop, 5));
  console.log(`${name.padEnd(10)} ${pages.length} pages in ${(loop.time() - start).toFixed(2)} s`);
}
loop.close();
