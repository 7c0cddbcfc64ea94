// The mixed app of examples/mixed-app/ (Tornado pages, a Twisted line server, asyncio tasks,
// gevent greenlets, one NodeEventLoop) and the guarantees docs/mixing-frameworks.md states for
// it: answers in request order, and a shutdown that cancels what is in flight from the Deferred
// down to the greenlets and leaves no timer, server or socket behind. Real sockets on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { CancelledError, type Coroutine, NodeEventLoop } from '@async/loop';
import { type StreamReader, type StreamWriter, openConnection } from '@async/asyncio';
import { GreenletExit } from '@async/hub';
import type { Failure } from '@async/reactor';
import { type MixedApp, type MixedAppOptions, startMixedApp } from '../../../examples/mixed-app/app.js';
import type { FetchRequest } from '../../../examples/mixed-app/fetch-protocol.js';

/** A NodeEventLoop that tells whether a timer or a callback is still pending. */
class InspectedLoop extends NodeEventLoop {
  pendingWork(): { timer: number | undefined; ready: number } {
    return { timer: this.nextTimerDeadline(), ready: this.readyCount };
  }
}

/** Node handles of TCP sockets and servers open in this process now (vitest talks over pipes). */
function tcpHandles(): string[] {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP'));
}

/** Lets libuv run its close callbacks (a closed handle is released on the next turn). */
async function libuvTurns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs `body` with an app on a fresh loop; then checks the loop is clean and closes it. */
async function withApp(options: MixedAppOptions, body: (app: MixedApp, loop: InspectedLoop) => Promise<void>): Promise<void> {
  const loop = new InspectedLoop();
  await loop.runUntilComplete(
    (async () => {
      const app = await startMixedApp(loop, options);
      try {
        await body(app, loop);
      } finally {
        await app.stop();
      }
    })(),
  );
  // Nothing left on the loop: no timer of any front, no callback waiting.
  expect(loop.pendingWork()).toEqual({ timer: undefined, ready: 0 });
  loop.close();
  await libuvTurns();
  expect(tcpHandles()).toEqual([]);
}

/** Connects an asyncio streams client (a task on `loop`). */
function connect(loop: NodeEventLoop, port: number) {
  return loop.createTask(openConnection('127.0.0.1', port) as Coroutine<[StreamReader, StreamWriter]>);
}

function* ask(reader: StreamReader, writer: StreamWriter, line: string): Coroutine<string> {
  writer.write(`${line}\r\n`);
  return (yield* reader.readline()).toString().trimEnd();
}

describe('the mixed app (examples/mixed-app)', () => {
  it('answers each FETCH with the pages in order, fetched by one greenlet each', async () => {
    const requests: FetchRequest[] = [];
    const pages: string[] = [];
    await withApp({ onRequest: (r) => requests.push(r), onPage: (n) => pages.push(n) }, async (app, loop) => {
      const [reader, writer] = await connect(loop, app.linePort);
      const answers = await loop.createTask(
        (function* () {
          return [yield* ask(reader, writer, 'FETCH 3'), yield* ask(reader, writer, 'FETCH 1'), yield* ask(reader, writer, 'HELLO')];
        })(),
      );
      expect(answers).toEqual(['OK 3 pages: page 1, page 2, page 3', 'OK 1 pages: page 1', 'ERROR expected FETCH <n>, got "HELLO"']);
      writer.close();
    });
    expect(pages.sort()).toEqual(['1', '1', '2', '3']);
    expect(requests.map((r) => [r.line, r.task.result(), r.greenlets.length])).toEqual([
      ['FETCH 3', ['page 1', 'page 2', 'page 3'], 3],
      ['FETCH 1', ['page 1'], 1],
    ]);
    expect(requests.flatMap((r) => r.greenlets).every((g) => g.dead && g.successful())).toBe(true);
  });

  it('a stop in the middle of a request kills its greenlets, cancels its task, errbacks its Deferred, closes the client', async () => {
    const requests: FetchRequest[] = [];
    const order: string[] = [];
    let failure: Failure | null = null;
    let allPagesAsked!: () => void;
    const pagesAsked = new Promise<void>((resolve) => (allPagesAsked = resolve));
    let pagesSeen = 0;
    const options: MixedAppOptions = {
      pageDelay: 30, // the pages would take 30 s: the request is surely in flight
      onRequest: (request) => {
        requests.push(request);
        // Added before the protocol's own callbacks: sees the outcome first, passes it on.
        request.deferred.addErrback((f: Failure) => {
          failure = f;
          order.push(`Deferred errback; task cancelled: ${request.task.cancelled()}; greenlets dead: ${request.greenlets.every((g) => g.dead)}`);
          return f;
        });
      },
      onPage: () => {
        if (++pagesSeen === 3) allPagesAsked();
      },
    };
    await withApp(options, async (app, loop) => {
      const [reader, writer] = await connect(loop, app.linePort);
      writer.write('FETCH 3\r\n');
      await pagesAsked; // all three greenlets wait in urlopen, the site holds the three pages
      const stopped = app.stop();
      const [answer, after] = await loop.createTask(
        (function* () {
          return [(yield* reader.readline()).toString(), (yield* reader.read()).toString()];
        })(),
      );
      await stopped;
      expect(answer).toBe('CANCELLED FETCH 3\r\n');
      expect(after).toBe(''); // then end of stream: the server closed the connection
      expect(reader.atEof()).toBe(true);
      writer.close();
    });
    const [request] = requests;
    expect(request!.task.cancelled()).toBe(true);
    expect(request!.greenlets).toHaveLength(3);
    for (const g of request!.greenlets) {
      expect(g.dead).toBe(true);
      expect(g.value).toBeInstanceOf(GreenletExit);
    }
    expect(failure!.value).toBeInstanceOf(CancelledError);
    // When the Deferred fires, its task is already cancelled and every greenlet dead.
    expect(order).toEqual(['Deferred errback; task cancelled: true; greenlets dead: true']);
  });

  it('a client that leaves in the middle of a request cancels that request', async () => {
    const requests: FetchRequest[] = [];
    let allPagesAsked!: () => void;
    const pagesAsked = new Promise<void>((resolve) => (allPagesAsked = resolve));
    let pagesSeen = 0;
    const options: MixedAppOptions = {
      pageDelay: 30,
      onRequest: (request) => requests.push(request),
      onPage: () => {
        if (++pagesSeen === 2) allPagesAsked();
      },
    };
    await withApp(options, async (app, loop) => {
      const [, writer] = await connect(loop, app.linePort);
      writer.write('FETCH 2\r\n');
      await pagesAsked;
      writer.close();
      await requests[0]!.task.then(
        () => {},
        () => {},
      );
    });
    expect(requests[0]!.task.cancelled()).toBe(true);
    expect(requests[0]!.greenlets.every((g) => g.value instanceof GreenletExit)).toBe(true);
  });

  it('stop() closes idle clients, and a second stop() is the same one', async () => {
    await withApp({}, async (app, loop) => {
      const [reader] = await connect(loop, app.linePort);
      const first = app.stop();
      expect(app.stop()).toBe(first);
      await first;
      await app.stopped;
      expect((await loop.createTask(reader.read())).length).toBe(0);
    });
  });
});
