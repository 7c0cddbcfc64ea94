// urlopen (urllib under gevent) and WSGIServer (pywsgi) over real 127.0.0.1 sockets on a
// NodeEventLoop made current per test; timeouts on the VirtualEventLoop's network.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionRefusedError, type ExceptionContext, NodeEventLoop, TimeoutError, setEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { listenHTTP, type HTTPHandler } from '@async/http';
import {
  HTTPError,
  type HTTPResponse,
  Timeout,
  URLError,
  WSGIServer,
  type WSGIEnviron,
  type StartResponse,
  getHub,
  joinall,
  sleep,
  spawn,
  urlopen,
} from '@async/hub';
import { type IPv4Address, type ListeningPort, Reactor, Resource, Site, type Request } from '@async/reactor';

let loop: NodeEventLoop;
let reported: ExceptionContext[];
beforeEach(() => {
  loop = new NodeEventLoop();
  reported = [];
  loop.setExceptionHandler((_loop, context) => reported.push(context));
  setEventLoop(loop);
});
afterEach(() => {
  setEventLoop(null);
  if (!loop.isRunning()) loop.close();
});

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

function* app(environ: WSGIEnviron, startResponse: StartResponse) {
  const path = environ.PATH_INFO;
  if (path === '/slow') yield* sleep(0.01);
  if (path === '/missing') {
    startResponse('404 Not Found', [['Content-Type', 'text/plain']]);
    return ['no such page'];
  }
  if (path === '/fail') throw new RangeError('app failed');
  if (path === '/server') {
    startResponse('200 OK', [['Content-Type', 'text/plain']]);
    return [`${environ.SERVER_NAME}:${environ.SERVER_PORT}`];
  }
  if (path === '/stream') {
    startResponse('200 OK', [['Content-Type', 'text/plain']]);
    return (function* () {
      yield 'line 1\n';
      yield Buffer.from('line 2\n');
      yield 'end';
    })();
  }
  startResponse('200 OK', [['Content-Type', 'text/plain'], ['X-Path', path]]);
  const body = text(environ['wsgi.input'].read());
  return [`${environ.REQUEST_METHOD} ${path}?${environ.QUERY_STRING} `, `${String(environ.HTTP_X_TEST ?? '-')} ${environ.CONTENT_LENGTH ?? '-'} ${body}`];
}

async function withWSGI<T>(body: (base: string) => Generator<unknown, T, any>): Promise<T> {
  const server = new WSGIServer(['127.0.0.1', 0], app);
  await server.start();
  try {
    const g = spawn(() => body(`http://127.0.0.1:${server.address[1]}`));
    await joinall([g]);
    if (!g.successful()) throw g.exception;
    return g.value as T;
  } finally {
    await server.stop();
  }
}

describe('urlopen against WSGIServer', () => {
  it('reads n bytes, then the rest; gives status, headers and url; sends method, headers and body', async () => {
    const result = await withWSGI(function* (base) {
      const f: HTTPResponse = yield* urlopen(`${base}/page?x=1`);
      const head = text(yield* f.read(10));
      const rest = text(yield* f.read());
      const end = (yield* f.read()).length;
      const posted: HTTPResponse = yield* urlopen({ url: `${base}/echo`, method: 'PUT', headers: { 'X-Test': 'yes' }, body: 'data!' });
      const echoed = text(yield* posted.read());
      const defaulted: HTTPResponse = yield* urlopen({ url: `${base}/post`, body: 'x' });
      return [f.status, f.getcode(), f.reason, f.getheader('x-path'), f.headers.get('content-type'), f.geturl() === `${base}/page?x=1`, head, rest, end, f.closed, echoed, text(yield* defaulted.read(4))];
    });
    expect(result).toEqual([200, 200, 'OK', '/page', 'text/plain', true, 'GET /page?', 'x=1 - - ', 0, true, 'PUT /echo? yes 5 data!', 'POST']);
  });

  it('gives the application the address listened on, the real port when started with port 0', async () => {
    const result = await withWSGI(function* (base) {
      const first = text(yield* (yield* urlopen(`${base}/server`)).read());
      const second = text(yield* (yield* urlopen(`${base}/server`)).read());
      return [first, second, base];
    });
    const port = Number(new URL(result[2]!).port);
    expect(port).toBeGreaterThan(0);
    expect(result.slice(0, 2)).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  });

  it('readline reads a streamed (chunked) body line by line; fetches run concurrently in greenlets', async () => {
    const result = await withWSGI(function* (base) {
      const f: HTTPResponse = yield* urlopen(`${base}/stream`);
      const lines = [text(yield* f.readline()), text(yield* f.readline()), text(yield* f.readline()), text(yield* f.readline())];
      const fetches = Array.from({ length: 5 }, () => spawn(function* () {
        return text(yield* (yield* urlopen(`${base}/slow`)).read(4));
      }));
      yield* joinall(fetches);
      return [lines, f.headers.get('transfer-encoding'), fetches.map((g) => g.value)];
    });
    expect(result).toEqual([['line 1\n', 'line 2\n', 'end', ''], 'chunked', Array(5).fill('GET ')]);
  });

  it('raises HTTPError for 4xx/5xx with a readable body; an app that fails gets a 500 and is reported', async () => {
    const result = await withWSGI(function* (base) {
      const out: unknown[] = [];
      for (const path of ['/missing', '/fail']) {
        try {
          yield* urlopen(`${base}${path}`);
        } catch (error) {
          const e = error as HTTPError;
          out.push([e instanceof HTTPError, e instanceof URLError, e.code, e.status, e.reason, e.message, text(yield* e.read()), e.headers.get('content-type')]);
        }
      }
      return out;
    });
    expect(result).toEqual([
      [true, true, 404, 404, 'Not Found', 'HTTP Error 404: Not Found', 'no such page', 'text/plain'],
      [true, true, 500, 500, 'Internal Server Error', 'HTTP Error 500: Internal Server Error', 'Internal Server Error', 'text/plain'],
    ]);
    expect(reported.map((c) => (c.exception as Error).message)).toEqual(['app failed']);
  });

  it('raises URLError with the core ConnectionRefusedError as reason; bad arguments raise at once', async () => {
    const server = new WSGIServer(['127.0.0.1', 0], app);
    await server.start();
    const port = server.address[1];
    await server.stop();
    const g = spawn(function* () {
      try {
        yield* urlopen(`http://127.0.0.1:${port}/`);
      } catch (error) {
        return [(error as URLError).constructor.name, (error as URLError).reason.constructor.name, (error as Error).message.startsWith('<urlopen error ')];
      }
      return null;
    });
    await joinall([g]);
    expect(g.value).toEqual(['URLError', ConnectionRefusedError.name, true]);
    expect(() => urlopen('ftp://x/')).toThrow(/unknown url type: ftp/);
    expect(() => urlopen(42 as unknown as string)).toThrow(TypeError);
    expect(() => urlopen('http://x/', { timeout: 0 })).toThrow(/timeout/);
    expect(() => new WSGIServer(['127.0.0.1', 0], 'app' as unknown as () => void)).toThrow(TypeError);
  });

  it('requests of one hub reuse a keep-alive connection; the server stops cleanly', async () => {
    const server = new WSGIServer(['127.0.0.1', 0], (environ: WSGIEnviron, startResponse: StartResponse) => {
      startResponse('200 OK', []);
      return [environ.REMOTE_PORT];
    });
    await server.start();
    const base = `http://127.0.0.1:${server.address[1]}`;
    const g = spawn(function* () {
      const ports: string[] = [];
      for (let i = 0; i < 3; i++) ports.push(text(yield* (yield* urlopen(`${base}/p${i}`)).read()));
      return [new Set(ports).size, server.toString()];
    });
    await joinall([g]);
    expect(g.value).toEqual([1, `<WSGIServer on 127.0.0.1:${server.address[1]}>`]);
    await server.stop();
    expect(server.started).toBe(false);
  });
});

describe('WSGIServer misuse', () => {
  it('answers 500 and reports an app that calls startResponse twice, returns no iterable, or never starts', async () => {
    const apps: Record<string, (environ: WSGIEnviron, startResponse: StartResponse) => unknown> = {
      '/twice': (_e, start) => {
        start('200 OK', []);
        start('200 OK', []);
        return [];
      },
      '/number': (_e, start) => {
        start('200 OK', []);
        return 42;
      },
      '/nostart': () => ['body'],
      '/badstatus': (_e, start) => {
        start('OK', []);
        return [];
      },
    };
    const server = new WSGIServer(['127.0.0.1', 0], (environ: WSGIEnviron, start: StartResponse) => apps[environ.PATH_INFO]!(environ, start));
    await server.start();
    const g = spawn(function* () {
      const codes: number[] = [];
      for (const path of Object.keys(apps)) {
        try {
          yield* urlopen(`http://127.0.0.1:${server.address[1]}${path}`);
        } catch (error) {
          codes.push((error as HTTPError).code);
        }
      }
      return codes;
    });
    await joinall([g]);
    await server.stop();
    expect(g.value).toEqual([500, 500, 500, 500]);
    expect(reported.map((c) => (c.exception as Error).name)).toEqual(['InvalidStateError', 'InvalidArgumentError', 'InvalidStateError', 'InvalidArgumentError']);
  });
});

describe('urlopen against a Twisted Site (cross-front)', () => {
  it('fetches a page rendered by @async/reactor on the same loop', async () => {
    class Hello extends Resource {
      override isLeaf = true;
      render_GET(request: Request): string {
        return `hello from twisted at ${request.path}`;
      }
    }
    const reactor = new Reactor(loop);
    const port: ListeningPort = await loop.runUntilComplete(reactor.listenTCP(0, new Site(new Hello(), { reactor }), { interface: '127.0.0.1' }));
    const g = spawn(function* () {
      const f = yield* urlopen(`http://127.0.0.1:${(port.getHost() as IPv4Address).port}/a/b`);
      return [f.getheader('server'), text(yield* f.read())];
    });
    await joinall([g]);
    await loop.runUntilComplete(port.stopListening());
    expect(g.value).toEqual(['TwistedWeb/22.4.0 (@async/reactor)', 'hello from twisted at /a/b']);
  });
});

describe('timeouts and kills (virtual time)', () => {
  it('a timeout raises the core TimeoutError; a gevent Timeout or a kill aborts the request', () => {
    const vloop = new VirtualEventLoop();
    setEventLoop(vloop);
    const hub = getHub(vloop);
    const never: HTTPHandler = () => {};
    const listening = listenHTTP(vloop, never, { host: '127.0.0.1', port: 8080 });
    vloop.runUntilIdle();
    const server = listening.result();
    const outcomes: string[] = [];
    const record = (label: string, fn: () => Iterable<unknown, unknown, unknown>) =>
      spawn(function* () {
        try {
          yield* fn();
        } catch (error) {
          outcomes.push(`${label}: ${(error as Error).constructor.name} at ${hub.time()}`);
        }
      });
    record('timeout', () => urlopen('http://127.0.0.1:8080/', { timeout: 3 }));
    record('gevent Timeout', function* () {
      const t = Timeout.startNew(2);
      try {
        yield* urlopen('http://127.0.0.1:8080/');
      } finally {
        t.cancel();
      }
    });
    const killed = spawn(function* () {
      yield* urlopen('http://127.0.0.1:8080/');
    });
    vloop.advance(1);
    expect(server.connectionCount).toBe(3);
    killed.kill(undefined, { block: false });
    vloop.advance(10);
    expect(outcomes).toEqual(['gevent Timeout: Timeout at 2', `timeout: ${TimeoutError.name} at 3`]);
    expect(killed.dead).toBe(true);
    expect(server.connectionCount).toBe(0);
    server.close();
    setEventLoop(loop);
    vloop.close();
  });
});
