// The reactor's web client: getPage (Twisted's status rules, errors, timeout, cancellation, the
// shared keep-alive client) and Agent/readBody/RedirectAgent/ContentDecoderAgent, against
// @async/http servers on 127.0.0.1 (port 0) and on the virtual loop's network.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CancelledError, ConnectionRefusedError, NodeEventLoop, TimeoutError, type EventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { type Coroutine, http, sleep } from '@async/asyncio';
import { listenHTTP, type HTTPHandler, type HTTPServer } from '@async/http';
import {
  Agent,
  ContentDecoderAgent,
  type Deferred,
  FileBodyProducer,
  HTTPConnectionPool,
  Headers,
  InfiniteRedirection,
  PageRedirect,
  Reactor,
  RedirectAgent,
  SchemeNotSupported,
  UNKNOWN_LENGTH,
  WebError,
  getPage,
  inlineCallbacks,
  readBody,
  type Response,
} from '@async/reactor';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** Pages for the tests: /page, /status/<n>, /redirect/<n> (n hops to /page), /echo, /gzip, /slow. */
const pages: HTTPHandler = (request, response) => {
  const [, what = '', arg = ''] = request.path.split('/');
  if (what === 'page') response.end(`page via ${request.method} (${request.headers.get('user-agent') ?? '-'})`);
  else if (what === 'status') response.writeHead(Number(arg)).end(`status ${arg}`);
  else if (what === 'redirect') {
    const n = Number(arg);
    response.writeHead(302, { Location: n > 1 ? `/redirect/${n - 1}` : '/page' }).end('moved');
  } else if (what === 'echo') response.end(`${request.method} ${request.headers.get('x-test') ?? ''} ${text(request.body)}`);
  else if (what === 'gzip') response.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync('unzipped body'));
  else if (what === 'slow') return; // never answers
  else response.writeHead(404).end('nothing here');
};

async function withServer<T>(body: (reactor: Reactor, base: string, server: HTTPServer, loop: EventLoop) => Deferred<T>): Promise<T> {
  const loop = new NodeEventLoop();
  const reactor = new Reactor(loop);
  const server = await loop.runUntilComplete(listenHTTP(loop, pages, { host: '127.0.0.1', port: 0 }));
  try {
    return await loop.runUntilComplete(body(reactor, `http://127.0.0.1:${server.port}`, server, loop));
  } finally {
    server.close();
    server.abortConnections();
    await loop.runUntilComplete(server.waitClosed());
    loop.close();
  }
}

describe('getPage', () => {
  it('fires with the body of a 200, follows redirects, and reuses its keep-alive connection', async () => {
    const result = await withServer((reactor, base, server) =>
      inlineCallbacks(function* () {
        const first = text(yield* getPage(`${base}/page`, { reactor }));
        const second = text(yield* getPage(`${base}/redirect/2`, { reactor }));
        const posted = text(yield* getPage(`${base}/echo`, { reactor, method: 'PUT', postdata: 'data', headers: { 'X-Test': 'yes' } }));
        return [first, second, posted, server.connectionCount];
      })(),
    );
    expect(result).toEqual(['page via GET (Twisted PageGetter)', 'page via GET (Twisted PageGetter)', 'PUT yes data', 1]);
  });

  it('fails with WebError for statuses other than 200, 201 and 202 (including 204), keeping the body', async () => {
    const outcomes = await withServer((reactor, base) =>
      inlineCallbacks(function* () {
        const out: string[] = [];
        for (const status of [201, 202, 204, 404, 500]) {
          try {
            out.push(`${status}: ok ${text(yield* getPage(`${base}/status/${status}`, { reactor }))}`);
          } catch (error) {
            const e = error as WebError;
            expect(e).toBeInstanceOf(WebError);
            out.push(`${status}: ${e.name} ${e.message} status=${e.status} reason=${e.reason} body=${e.responseText()}`);
          }
        }
        return out;
      })(),
    );
    expect(outcomes).toEqual([
      '201: ok status 201',
      '202: ok status 202',
      '204: Error 204 No Content status=204 reason=No Content body=',
      '404: Error 404 Not Found status=404 reason=Not Found body=status 404',
      '500: Error 500 Internal Server Error status=500 reason=Internal Server Error body=status 500',
    ]);
  });

  it('PageRedirect without followRedirect, InfiniteRedirection past redirectLimit', async () => {
    const errors = await withServer((reactor, base) =>
      inlineCallbacks(function* () {
        const out: unknown[] = [];
        for (const options of [{ followRedirect: false }, { redirectLimit: 2 }]) {
          try {
            yield* getPage(`${base}/redirect/3`, { reactor, ...options });
          } catch (error) {
            out.push([(error as Error).constructor.name, (error as PageRedirect).status, (error as PageRedirect).location]);
          }
        }
        return out;
      })(),
    );
    expect(errors).toEqual([
      ['PageRedirect', '302', '/redirect/2'],
      ['InfiniteRedirection', '302', '/page'],
    ]);
    expect(new InfiniteRedirection(301, null, null, null).message).toBe('301 Moved Permanently');
  });

  it('fails with the core ConnectionRefusedError when nothing listens, and SchemeNotSupported for ftp:', async () => {
    const loop = new NodeEventLoop();
    const reactor = new Reactor(loop);
    const port = await loop.runUntilComplete(listenHTTP(loop, pages, { host: '127.0.0.1', port: 0 }).then((s) => {
      const p = s.port;
      s.close();
      return p;
    }));
    const outcome = await loop.runUntilComplete(
      inlineCallbacks(function* () {
        const out: string[] = [];
        for (const url of [`http://127.0.0.1:${port}/`, 'ftp://example.com/', 'not a url']) {
          try {
            yield* getPage(url, { reactor });
          } catch (error) {
            out.push((error as Error).constructor.name);
          }
        }
        return out;
      })(),
    );
    expect(outcome).toEqual([ConnectionRefusedError.name, SchemeNotSupported.name, SchemeNotSupported.name]);
    expect(() => getPage(42 as unknown as string)).toThrow(TypeError);
    expect(() => getPage('http://x/', { timeout: -1 })).toThrow(/timeout/);
    loop.close();
  });

  it('times out with the core TimeoutError (virtual time), and cancelling aborts the request', () => {
    const loop = new VirtualEventLoop();
    const reactor = new Reactor(loop);
    const listening = listenHTTP(loop, pages, { host: '127.0.0.1', port: 8080 });
    loop.runUntilIdle();
    const server = listening.result();
    const outcomes: string[] = [];
    getPage('http://127.0.0.1:8080/slow', { reactor, timeout: 5 }).addErrback((f) => {
      outcomes.push(`${(f.value as Error).constructor.name} at ${loop.time()}`);
    });
    const cancelled = getPage('http://127.0.0.1:8080/slow', { reactor });
    cancelled.addErrback((f) => {
      outcomes.push(`${(f.value as Error).constructor.name} at ${loop.time()}`);
    });
    loop.advance(1);
    expect(server.connectionCount).toBe(2);
    cancelled.cancel();
    loop.runUntilIdle();
    expect(server.connectionCount).toBe(1);
    loop.advance(10);
    expect(outcomes).toEqual([`${CancelledError.name} at 1`, `${TimeoutError.name} at 5`]);
    expect(server.connectionCount).toBe(0);
    server.close();
    loop.close();
  });

  it('closes the shared client when the reactor shuts down', async () => {
    const loop = new NodeEventLoop();
    const reactor = new Reactor(loop);
    const server = await loop.runUntilComplete(listenHTTP(loop, pages, { host: '127.0.0.1', port: 0 }));
    const seen: unknown[] = [];
    reactor.callWhenRunning(() => {
      getPage(`http://127.0.0.1:${server.port}/page`, { reactor }).addBoth((page) => {
        seen.push(text(page as Uint8Array), server.connectionCount);
        reactor.stop();
      });
    });
    await reactor.run();
    // The server sees the client's close within a few loop iterations (bounded, no timer).
    const closed = loop.createFuture<boolean>();
    let turns = 0;
    const check = (): void => {
      if (server.connectionCount === 0 || ++turns > 5000) closed.setResult(server.connectionCount === 0);
      else loop.callSoon(check);
    };
    loop.callSoon(check);
    expect(await loop.runUntilComplete(closed)).toBe(true);
    expect(seen).toEqual(['page via GET (Twisted PageGetter)', 1]);
    server.close();
    await loop.runUntilComplete(server.waitClosed());
    loop.close();
  });
});

describe('Agent', () => {
  it('gives every status as a Response; readBody reads the body; headers are Twisted Headers', async () => {
    const result = await withServer((reactor, base) =>
      inlineCallbacks(function* () {
        const agent = new Agent(reactor);
        const headers = new Headers({ 'x-test': ['agent'] });
        const response: Response = yield* agent.request('POST', `${base}/echo`, headers, new FileBodyProducer('body!'));
        const body = text(yield* readBody(response));
        const missing: Response = yield* agent.request('GET', `${base}/missing`);
        const missingBody = text(yield* readBody(missing));
        let again = '';
        try {
          yield* readBody(missing);
        } catch (error) {
          again = (error as Error).name;
        }
        return [
          response.code,
          response.phrase,
          response.version,
          response.length,
          response.headers.getRawHeaders('content-length'),
          response.headers.hasHeader('Content-Length'),
          response.request.absoluteURI,
          body,
          missing.code,
          missingBody,
          again,
        ];
      })(),
    );
    expect(result).toEqual([200, 'OK', ['HTTP', 1, 1], 16, ['16'], true, expect.stringMatching(/\/echo$/), 'POST agent body!', 404, 'nothing here', 'InvalidStateError']);
  });

  it('a persistent pool keeps the connection; a default agent closes it after each response', async () => {
    const result = await withServer((reactor, base, server) =>
      inlineCallbacks(function* () {
        const pool = new HTTPConnectionPool(reactor);
        const kept = new Agent(reactor, { pool });
        yield* readBody(yield* kept.request('GET', `${base}/page`));
        yield* readBody(yield* kept.request('GET', `${base}/page`));
        const cached = pool.cachedConnections;
        yield* pool.closeCachedConnections();
        const oneShot = new Agent(reactor);
        yield* readBody(yield* oneShot.request('GET', `${base}/page`));
        return [cached, oneShot.pool.cachedConnections, oneShot.pool.persistent, server.connectionCount >= 0];
      })(),
    );
    expect(result).toEqual([1, 0, false, true]);
  });

  it('RedirectAgent follows redirects and links previousResponse; ContentDecoderAgent gunzips', async () => {
    const result = await withServer((reactor, base) =>
      inlineCallbacks(function* () {
        const agent = new Agent(reactor, { pool: new HTTPConnectionPool(reactor) });
        const redirected: Response = yield* new RedirectAgent(agent).request('GET', `${base}/redirect/2`);
        const body = text(yield* readBody(redirected));
        let tooMany = '';
        try {
          yield* new RedirectAgent(agent, 1).request('GET', `${base}/redirect/3`);
        } catch (error) {
          tooMany = (error as Error).constructor.name;
        }
        let post = '';
        try {
          yield* new RedirectAgent(agent).request('POST', `${base}/redirect/1`);
        } catch (error) {
          post = (error as Error).constructor.name;
        }
        const zipped: Response = yield* new ContentDecoderAgent(agent).request('GET', `${base}/gzip`);
        const unzipped = text(yield* readBody(zipped));
        return [redirected.code, body, redirected.previousResponse?.code, redirected.previousResponse?.previousResponse?.code, tooMany, post, unzipped, zipped.length === UNKNOWN_LENGTH, zipped.headers.hasHeader('content-encoding')];
      })(),
    );
    expect(result).toEqual([200, 'page via GET (-)', 302, 302, 'InfiniteRedirection', 'PageRedirect', 'unzipped body', true, false]);
  });

  it('refuses bad arguments with typed errors', () => {
    const reactor = new Reactor(new VirtualEventLoop());
    expect(() => new Agent({} as Reactor)).toThrow(TypeError);
    expect(() => new Agent(reactor, { connectTimeout: 0 })).toThrow(/connectTimeout/);
    expect(() => new Agent(reactor).request('GET', 'http://x/', {} as Headers)).toThrow(TypeError);
    expect(() => new ContentDecoderAgent(new Agent(reactor), ['br'])).toThrow(/unsupported coding/);
    expect(() => new FileBodyProducer(42 as unknown as string)).toThrow(TypeError);
    expect(() => new Headers().setRawHeaders('a', 'b' as unknown as string[])).toThrow(TypeError);
    const failures: string[] = [];
    new Agent(reactor).request('GET', 'gopher://x/').addErrback((f) => failures.push((f.value as Error).constructor.name));
    expect(failures).toEqual(['SchemeNotSupported']);
  });
});

describe('getPage against an asyncio http.startServer (cross-front)', () => {
  it('fetches a page from an aiohttp-style coroutine handler on the same loop', async () => {
    const loop = new NodeEventLoop();
    const reactor = new Reactor(loop);
    function* handler(request: http.Request): Coroutine<http.Response> {
      yield* sleep(0.001);
      return new http.Response({ status: request.path === '/gone' ? 410 : 200, text: `asyncio says hi to ${request.headers.get('user-agent')}` });
    }
    const server = await loop.runUntilComplete(
      loop.createTask(
        (function* () {
          return yield* http.startServer(handler, '127.0.0.1', 0);
        })(),
      ),
    );
    const result = await loop.runUntilComplete(
      inlineCallbacks(function* () {
        const page = text(yield* getPage(`http://127.0.0.1:${server.port}/`, { reactor }));
        let gone = '';
        try {
          yield* getPage(`http://127.0.0.1:${server.port}/gone`, { reactor });
        } catch (error) {
          gone = `${(error as WebError).status} ${(error as WebError).responseText()}`;
        }
        return [page, gone];
      })(),
    );
    server.close();
    server.abortConnections();
    await loop.runUntilComplete(server.waitClosed());
    loop.close();
    expect(result).toEqual(['asyncio says hi to Twisted PageGetter', '410 asyncio says hi to Twisted PageGetter']);
  });
});

describe('Headers and Agent cancellation', () => {
  it("keeps raw values per case-insensitive name and lists Twisted's canonical names", () => {
    const h = new Headers({ 'content-type': ['text/html'], etag: ['"x"'] });
    h.addRawHeader('X-Many', 'a');
    h.addRawHeader('x-many', 'b');
    h.setRawHeaders('WWW-authenticate', ['Basic']);
    expect(h.getRawHeaders('X-MANY')).toEqual(['a', 'b']);
    expect(h.getRawHeaders('missing')).toBeNull();
    expect(h.getRawHeaders('missing', ['d'])).toEqual(['d']);
    expect([...h.getAllRawHeaders()].map(([name]) => name)).toEqual(['Content-Type', 'ETag', 'X-Many', 'WWW-Authenticate']);
    const copy = h.copy();
    h.removeHeader('x-many');
    expect([h.hasHeader('x-many'), copy.hasHeader('x-many')]).toEqual([false, true]);
    expect(() => h.addRawHeader('', 'x')).toThrow(TypeError);
  });

  it('cancelling an Agent request aborts it (virtual time)', () => {
    const loop = new VirtualEventLoop();
    const reactor = new Reactor(loop);
    const listening = listenHTTP(loop, pages, { host: '127.0.0.1', port: 8080 });
    loop.runUntilIdle();
    const server = listening.result();
    const outcome: string[] = [];
    const d = new Agent(reactor).request('POST', 'http://127.0.0.1:8080/slow', null, new FileBodyProducer('x'));
    d.addErrback((f) => {
      outcome.push((f.value as Error).constructor.name);
    });
    loop.advance(1);
    expect(server.connectionCount).toBe(1);
    d.cancel();
    loop.advance(1);
    expect([outcome, server.connectionCount]).toEqual([[CancelledError.name], 0]);
    server.close();
    loop.close();
  });
});
