// The http namespace: http.request / ClientSession / ClientResponse against http.startServer over
// real 127.0.0.1 sockets (port 0), timeouts and cancellation on the VirtualEventLoop, and a
// cross-front round trip against a gevent WSGIServer.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CancelledError, ConnectionRefusedError, type ExceptionContext, NodeEventLoop, TimeoutError, setEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { listenHTTP } from '@async/http';
import { type Coroutine, createTask, gather, http, run, sleep } from '@async/asyncio';
import { WSGIServer, type StartResponse, type WSGIEnviron, getHub, sleep as geventSleep } from '@async/hub';
import { runVirtual, type VirtualRun } from './virtual-run.js';

function* handler(request: http.Request): Coroutine<http.Response> {
  switch (request.path) {
    case '/page':
      return new http.Response({ text: `page for ${request.method} ${request.query.get('q') ?? '-'} from ${request.remote}` });
    case '/json':
      return new http.Response({ json: { got: yield* request.json() } });
    case '/slow':
      yield* sleep(0.01);
      return new http.Response({ status: 201, reason: 'Made', body: Buffer.from('slow') });
    case '/gzip':
      return new http.Response({ body: gzipSync('unzipped'), headers: { 'Content-Encoding': 'gzip' } });
    case '/fail':
      throw new RangeError('handler failed');
    case '/bad':
      return 'not a response' as unknown as http.Response;
    default:
      return new http.Response({ status: 404, text: 'nothing' });
  }
}

async function withServer<T>(body: (base: string) => Coroutine<T>): Promise<{ result: T; reported: ExceptionContext[] }> {
  const reported: ExceptionContext[] = [];
  const result = await run(
    (function* (): Coroutine<T> {
      const server = yield* http.startServer(handler, '127.0.0.1', 0);
      try {
        return yield* body(`http://127.0.0.1:${server.port}`);
      } finally {
        server.close();
        server.abortConnections();
        yield* server.waitClosed();
      }
    })(),
    {
      loopFactory: () => {
        const loop = new NodeEventLoop();
        loop.setExceptionHandler((_l, context) => reported.push(context));
        return loop;
      },
    },
  );
  return { result, reported };
}

describe('http.request against http.startServer', () => {
  it('reads status, reason, headers and body; text() and json(); any status is a response', async () => {
    const { result } = await withServer(function* (base) {
      const response = yield* http.request('GET', `${base}/page?q=1`);
      const data = yield* response.read();
      const again = yield* response.text();
      const json = yield* http.request('POST', `${base}/json`, { json: { a: [1, 2] } });
      const missing = yield* http.request('GET', `${base}/missing`);
      const slow = yield* http.request('GET', `${base}/slow`);
      return [
        response.status,
        response.reason,
        response.ok,
        response.headers.get('content-type'),
        Buffer.from(data).toString(),
        again,
        yield* json.json(),
        missing.status,
        missing.ok,
        yield* missing.text(),
        slow.status,
        slow.reason,
        slow.headers.get('content-type'),
        yield* slow.text(),
      ];
    });
    expect(result).toEqual([
      200,
      'OK',
      true,
      'text/plain; charset=utf-8',
      'page for GET 1 from 127.0.0.1',
      'page for GET 1 from 127.0.0.1',
      { got: { a: [1, 2] } },
      404,
      false,
      'nothing',
      201,
      'Made',
      'application/octet-stream',
      'slow',
    ]);
  });

  it('a ClientSession reuses one connection, decodes gzip, runs requests concurrently, and closes', async () => {
    const { result } = await withServer(function* (base) {
      const session = new http.ClientSession();
      const ports: string[] = [];
      for (let i = 0; i < 3; i++) ports.push(yield* (yield* session.get(`${base}/page`)).text());
      const zipped = yield* session.get(`${base}/gzip`);
      const unzipped = yield* zipped.text();
      const many = yield* gather(...Array.from({ length: 4 }, () => (function* () {
        return yield* (yield* session.get(`${base}/slow`)).text();
      })()));
      session.close();
      let closed = '';
      try {
        yield* session.get(`${base}/page`);
      } catch (error) {
        closed = (error as Error).name;
      }
      return [new Set(ports).size, unzipped, many, session.closed, closed];
    });
    expect(result).toEqual([1, 'unzipped', ['slow', 'slow', 'slow', 'slow'], true, 'InvalidStateError']);
  });

  it('a handler that raises or returns no Response gets a 500 and is reported', async () => {
    const { result, reported } = await withServer(function* (base) {
      const failed = yield* http.request('GET', `${base}/fail`);
      const bad = yield* http.request('GET', `${base}/bad`);
      return [failed.status, (yield* failed.text()).split('\n')[0], bad.status];
    });
    expect(result).toEqual([500, '500 Internal Server Error', 500]);
    expect(reported.map((c) => (c.exception as Error).constructor.name)).toEqual(['RangeError', 'InvalidArgumentError']);
  });

  it('raises the core ConnectionRefusedError when nothing listens; bad arguments raise typed errors', async () => {
    const outcome = await run(
      (function* () {
        const server = yield* http.startServer(handler, '127.0.0.1', 0);
        const port = server.port;
        server.close();
        yield* server.waitClosed();
        try {
          yield* http.request('GET', `http://127.0.0.1:${port}/`);
        } catch (error) {
          return (error as Error).constructor.name;
        }
        return 'no error';
      })(),
    );
    expect(outcome).toBe(ConnectionRefusedError.name);
    expect(() => new http.Response({ status: 42 })).toThrow(TypeError);
    expect(() => new http.Response({ body: 3 as unknown as string })).toThrow(TypeError);
    expect(() => new http.ClientSession({ timeout: -1, loop: new VirtualEventLoop() })).toThrow(/timeout/);
    expect(() => http.startServer(handler, '127.0.0.1', 70000)).toThrow(/port/);
    expect(() => http.request('GET', 'http://x/')).toThrow(/no running event loop|running/i);
  });
});

describe('ClientResponse.release and the server side', () => {
  it('release() closes a response, read or not, and the session goes on working', async () => {
    const { result } = await withServer(function* (base) {
      const session = new http.ClientSession();
      const unread = yield* session.get(`${base}/page`);
      unread.release();
      const read = yield* session.get(`${base}/page`);
      const first = yield* read.text();
      read.release();
      const again = yield* session.get(`${base}/page`);
      const second = yield* again.text();
      session.close();
      return [unread.closed, first === second, String(again).startsWith('<ClientResponse(')];
    });
    expect(result).toEqual([true, true, true]);
  });

  it('a plain-function handler works, and the request exposes headers, query and version', async () => {
    const outcome = await run(
      (function* () {
        const server = yield* http.startServer(
          (request) => new http.Response({ json: [request.method, request.pathQs, request.queryString, request.headers.get('x-a'), request.version] }),
          '127.0.0.1',
          0,
        );
        const response = yield* http.request('DELETE', `http://127.0.0.1:${server.port}/p?x=1`, { headers: { 'X-A': 'b' } });
        const body = yield* response.json();
        server.close();
        yield* server.waitClosed();
        return body;
      })(),
    );
    expect(outcome).toEqual(['DELETE', '/p?x=1', 'x=1', 'b', 'HTTP/1.1']);
  });
});

describe('timeouts and cancellation (virtual time)', () => {
  it('times out with the core TimeoutError; cancelling the task aborts the request', async () => {
    const record: VirtualRun = { loop: null, reported: [] };
    const outcome = await runVirtual(
      (function* () {
        const loop = record.loop!;
        const server = yield* listenHTTP(loop, () => {}, { host: '127.0.0.1', port: 8080 });
        const out: string[] = [];
        try {
          yield* http.request('GET', 'http://127.0.0.1:8080/', { timeout: 2 });
        } catch (error) {
          out.push(`${(error as Error).constructor.name} at ${loop.time()}`);
        }
        const task = createTask(http.request('GET', 'http://127.0.0.1:8080/'));
        yield* sleep(1);
        out.push(`connections ${server.connectionCount}`);
        task.cancel();
        try {
          yield* task;
        } catch (error) {
          out.push(`${(error as Error).constructor.name} at ${loop.time()}`);
        }
        yield* sleep(0);
        out.push(`connections ${server.connectionCount}`);
        server.close();
        return out;
      })(),
      record,
    );
    expect(outcome).toEqual([`${TimeoutError.name} at 2`, 'connections 1', `${CancelledError.name} at 3`, 'connections 0']);
  });
});

describe('http.request against a gevent WSGIServer (cross-front)', () => {
  it('fetches from a pywsgi-style app whose greenlet blocks cooperatively', async () => {
    const loop = new NodeEventLoop();
    setEventLoop(loop);
    try {
      const hub = getHub(loop);
      const app = function* (environ: WSGIEnviron, startResponse: StartResponse) {
        yield* geventSleep(0.005);
        startResponse('200 OK', [['Content-Type', 'text/plain']]);
        return [`hello from gevent, ${environ.REQUEST_METHOD} ${environ.PATH_INFO}`];
      };
      const server = new WSGIServer(['127.0.0.1', 0], app);
      await server.start();
      const text = await loop.runUntilComplete(
        loop.createTask(
          (function* () {
            const response = yield* http.request('GET', `http://127.0.0.1:${server.address[1]}/x`);
            return yield* response.text();
          })(),
        ),
      );
      await server.stop();
      expect(text).toBe('hello from gevent, GET /x');
      expect(hub.loop).toBe(loop);
    } finally {
      setEventLoop(null);
      loop.close();
    }
  });
});
