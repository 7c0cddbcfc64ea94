// The mixed app of examples/mixed-app/ (Tornado pages, a Twisted line server, asyncio tasks,
// gevent greenlets, all on one loop) and the guarantees docs/mixing-frameworks.md states for it:
// answers that wait for all their pages, and a shutdown that cancels what is in flight from the
// Deferred down to the greenlets and leaves no timer, server or socket behind. On a NodeEventLoop
// with real sockets on 127.0.0.1, and once on a VirtualEventLoop, to the exact virtual instant.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CancelledError, type Coroutine, type EventLoop, InvalidArgumentError, NodeEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
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
  const reported: string[] = [];
  loop.setExceptionHandler((_loop, context) => void reported.push(context.message));
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
  // No error reported by any front (an unhandled Deferred failure, a greenlet's error, a page's).
  expect(reported).toEqual([]);
  // Nothing left on the loop: no timer of any front, no callback waiting.
  expect(loop.pendingWork()).toEqual({ timer: undefined, ready: 0 });
  loop.close();
  await libuvTurns();
  expect(tcpHandles()).toEqual([]);
}

/**
 * Runs `body` on a fresh VirtualEventLoop, giving it `at(what)` to log an event with its virtual
 * time; checks no timer is left, closes the loop and returns the log.
 */
async function onVirtualLoop(body: (loop: VirtualEventLoop, at: (what: string) => void) => Promise<void>): Promise<string[]> {
  const loop = new VirtualEventLoop();
  const log: string[] = [];
  await loop.runUntilComplete(body(loop, (what) => void log.push(`${loop.time()} s: ${what}`)));
  expect(loop.nextDeadline()).toBeUndefined();
  loop.close();
  return log;
}

/** An `onPage` hook and a promise that resolves once `count` pages have reached the site. */
function pagesReaching(count: number): { onPage: () => void; reached: Promise<void> } {
  let seen = 0;
  let resolve!: () => void;
  const reached = new Promise<void>((r) => (resolve = r));
  return { onPage: () => void (++seen === count && resolve()), reached };
}

/** Connects an asyncio streams client (a task on `loop`). */
function connect(loop: EventLoop, port: number) {
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
          return [
            yield* ask(reader, writer, 'FETCH 3'),
            yield* ask(reader, writer, 'FETCH 1'),
            yield* ask(reader, writer, 'HELLO'),
            yield* ask(reader, writer, 'FETCH 0'),
            yield* ask(reader, writer, 'FETCH 21'),
          ];
        })(),
      );
      expect(answers).toEqual([
        'OK 3 pages: page 1, page 2, page 3',
        'OK 1 pages: page 1',
        'ERROR expected FETCH <n> with n from 1 to 20, got "HELLO"',
        'ERROR expected FETCH <n> with n from 1 to 20, got "FETCH 0"',
        'ERROR expected FETCH <n> with n from 1 to 20, got "FETCH 21"',
      ]);
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
    const pages = pagesReaching(3);
    const order: string[] = [];
    let failure: Failure | null = null;
    const options: MixedAppOptions = {
      pageDelay: 30, // the pages would take 30 s: the request is surely in flight
      onRequest: (request) => {
        requests.push(request);
        // Added before the protocol's own callbacks: sees the outcome first, passes it on.
        request.deferred.addErrback((f: Failure) => {
          failure = f;
          order.push(
            `Deferred errback; task cancelled: ${request.task.cancelled()}; greenlets dead: ${request.greenlets.every(
              (g) => g.dead,
            )}`,
          );
          return f;
        });
      },
      onPage: pages.onPage,
    };
    await withApp(options, async (app, loop) => {
      const [reader, writer] = await connect(loop, app.linePort);
      writer.write('FETCH 3\r\n');
      await pages.reached; // all three greenlets wait in urlopen, the site holds the three pages
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
    const pages = pagesReaching(2);
    const options: MixedAppOptions = {
      pageDelay: 30,
      onRequest: (request) => requests.push(request),
      onPage: pages.onPage,
    };
    await withApp(options, async (app, loop) => {
      const [, writer] = await connect(loop, app.linePort);
      writer.write('FETCH 2\r\n');
      await pages.reached;
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

  it('refuses a page delay that is not a number of seconds, opening nothing', async () => {
    const loop = new InspectedLoop();
    for (const pageDelay of [-1, Number.NaN, Infinity, '1' as unknown as number]) {
      await expect(loop.runUntilComplete(startMixedApp(loop, { pageDelay }))).rejects.toThrow(InvalidArgumentError);
    }
    expect(loop.pendingWork()).toEqual({ timer: undefined, ready: 0 });
    loop.close();
  });

  it('run as a script, SIGINT in the middle of a request stops it the same way, and the process exits 0', async () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const child = spawn(
      `${root}node_modules/.bin/tsx`,
      ['--tsconfig', 'tsconfig.tests.json', 'examples/mixed-app.ts', '--serve', '--page-delay=30'],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const loop = new NodeEventLoop();
    let answers = '';
    let talked = false;
    try {
      answers = await loop.runUntilComplete(
        loop.createTask(
          (function* (): Coroutine<string> {
            // Wait for the banner, send a request, wait until the app has it, then Ctrl-C.
            const port = yield new Promise<number>((resolve) => {
              child.stdout!.on('data', (chunk: Buffer) => {
                stdout += chunk.toString();
                const match = /FETCH <n> on 127\.0\.0\.1:(\d+)/.exec(stdout);
                if (match) resolve(Number(match[1]));
              });
            });
            const [reader, writer] = yield* openConnection('127.0.0.1', port as number);
            writer.write('FETCH 2\r\n');
            yield new Promise<void>((resolve) => {
              const check = (): void =>
                void (stdout.includes('request: FETCH 2') ? resolve() : child.stdout!.once('data', check));
              check();
            });
            child.kill('SIGINT');
            const answer = (yield* reader.read()).toString();
            writer.close();
            return answer;
          })(),
        ),
      );
      talked = true;
    } finally {
      loop.close();
      // A test that failed on the way must not leave the server running.
      if (!talked) child.kill('SIGKILL');
    }
    expect(await exited).toBe(0);
    expect(answers).toBe('CANCELLED FETCH 2\r\n'); // then the connection closed (read() hit its end)
    expect(stdout.split('\n').slice(1)).toEqual(['request: FETCH 2', 'app stopped', 'loop closed', '']);
  }, 60_000); // tsx compiles the workspace's sources at startup: seconds on a busy machine

  it('on a VirtualEventLoop (in-memory network, virtual time) runs the same, to the exact instant', async () => {
    // The app never names a loop class, so it runs as is on the virtual loop: pages fetched at
    // once take one page delay, and a shutdown takes no time at all.
    const log = await onVirtualLoop(async (loop, at) => {
      const app = await startMixedApp(loop, {
        pageDelay: 1,
        onRequest: (request) => {
          at(`request ${request.line}`);
          request.deferred.addBoth((outcome: unknown) => {
            at(`Deferred of ${request.line} fired, greenlets dead: ${request.greenlets.every((g) => g.dead)}`);
            return outcome;
          });
        },
        onPage: (n) => at(`page ${n} asked`),
      });
      const [reader, writer] = await connect(loop, app.linePort);
      const readLine = async (): Promise<void> => {
        const line = (await loop.createTask(reader.readline())).toString().trimEnd();
        at(`client got ${line || 'the end of the stream'}`);
      };
      writer.write('FETCH 3\r\n');
      await readLine();
      writer.write('FETCH 2\r\n');
      loop.callLater(0.5, () => {
        at('stop');
        void app.stop().then(() => at('stopped'));
      });
      await readLine();
      await readLine();
      await app.stopped;
    });
    expect(log).toEqual([
      '0 s: request FETCH 3',
      '0 s: page 1 asked',
      '0 s: page 2 asked',
      '0 s: page 3 asked',
      '1 s: Deferred of FETCH 3 fired, greenlets dead: true',
      '1 s: client got OK 3 pages: page 1, page 2, page 3',
      '1 s: request FETCH 2',
      '1 s: page 1 asked',
      '1 s: page 2 asked',
      '1.5 s: stop',
      '1.5 s: Deferred of FETCH 2 fired, greenlets dead: true',
      '1.5 s: client got CANCELLED FETCH 2',
      '1.5 s: client got the end of the stream',
      '1.5 s: stopped',
    ]);
  });

  it('closing the site answers a waiting page 503 and closes its connection; a request never finished is dropped after the grace', async () => {
    const log = await onVirtualLoop(async (loop, at) => {
      const app = await startMixedApp(loop, { pageDelay: 1 });
      const [waiting, waitingWriter] = await connect(loop, app.webPort);
      const [stuck, stuckWriter] = await connect(loop, app.webPort);
      waitingWriter.write('GET /page/7 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      stuckWriter.write('GET /page/8 HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // the head never ends
      loop.callLater(0.5, () => void app.stop().then(() => at('stopped')));
      const response = (await loop.createTask(waiting.read())).toString(); // up to the end of the stream
      at(`${response.split('\r\n')[0]}, ${/^Connection: close$/m.test(response) ? 'then closed' : 'kept alive'}`);
      await loop.createTask(stuck.read()).then(
        () => at('stuck client: closed'),
        (error: unknown) => at(`stuck client: ${(error as Error).name}`),
      );
      await app.stopped;
    });
    expect(log).toEqual([
      '0.5 s: HTTP/1.1 503 Service Unavailable, then closed',
      '1.5 s: stuck client: ConnectionResetError',
      '1.5 s: stopped',
    ]);
  });
});
