// AsyncHTTPClient: responses and HTTPClientError, raiseError, redirects, Tornado's 599 timeouts
// (virtual time), maxClients queueing, the shared instance per IOLoop, and bad input; then real
// sockets on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { ConnectionRefusedError, InvalidArgumentError, InvalidStateError, NodeEventLoop, type Future } from '@async/loop';
import {
  Application,
  AsyncHTTPClient,
  HTTPClientError,
  HTTPRequest,
  type HTTPResponse,
  HTTPTimeoutError,
  IOLoop,
  RequestHandler,
  gen,
  httpclient,
} from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';
import { BASE, serve } from './http-fixture.js';

class Echo extends RequestHandler {
  override get(): void {
    this.write({
      path: this.request.path,
      ua: this.request.headers.get('user-agent') ?? null,
      auth: this.request.headers.get('authorization') ?? null,
      x: this.request.headers.get('x-test') ?? null,
    });
  }
  override post(): void {
    this.write(`${this.request.headers.get('content-type')}|${Buffer.from(this.request.body).toString()}`);
  }
}
class NotFound extends RequestHandler {
  override get(): void {
    this.setStatus(404);
    this.write('nothing here');
  }
}
class Hop extends RequestHandler {
  override get(n: string): void {
    const left = Number(n);
    if (left === 0) this.write('landed');
    else this.redirect(`/hop/${left - 1}`);
  }
}

/** Answers `/slow/<n>` after n seconds, counting how many it answers at once. */
function slowApp(stats: { inFlight: number; most: number; order: string[] }): Application {
  class Slow extends RequestHandler {
    override *get(seconds: string) {
      stats.inFlight++;
      stats.most = Math.max(stats.most, stats.inFlight);
      stats.order.push(seconds);
      yield gen.sleep(Number(seconds));
      stats.inFlight--;
      this.write(`slept ${seconds}`);
    }
  }
  return new Application([['/slow/(.*)', Slow]]);
}

const app = new Application([
  ['/echo', Echo],
  ['/missing', NotFound],
  ['/hop/(\\d+)', Hop],
]);

describe('AsyncHTTPClient.fetch()', () => {
  it('resolves with an HTTPResponse on the IOLoop, usable with yield* in a coroutine', async () => {
    const { ioloop } = virtualIOLoop();
    const client = new AsyncHTTPClient({ ioloop });
    let loopOfFuture: unknown;
    const response = await ioloop.runSync(function* () {
      yield* serve(app);
      const future = client.fetch(`${BASE}/echo`, { headers: { 'X-Test': 'yes' } });
      loopOfFuture = future.getLoop();
      return yield* future;
    });
    expect(loopOfFuture).toBe(ioloop);
    expect(response.code).toBe(200);
    expect(response.reason).toBe('OK');
    expect(response.error).toBeNull();
    expect(response.effectiveUrl).toBe(`${BASE}/echo`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(typeof response.requestTime).toBe('number');
    expect(response.request.url).toBe(`${BASE}/echo`);
    expect(JSON.parse(Buffer.from(response.body).toString())).toEqual({
      path: '/echo',
      ua: 'Tornado/6.2 (@async/ioloop)',
      auth: null,
      x: 'yes',
    });
    expect(() => response.rethrow()).not.toThrow();
  });

  it('raises HTTPClientError for a non-2xx status, or returns it with raiseError: false', async () => {
    const { ioloop } = virtualIOLoop();
    const client = new AsyncHTTPClient();
    const [error, response] = await ioloop.runSync(function* () {
      yield* serve(app);
      let raised: unknown;
      try {
        yield* client.fetch(`${BASE}/missing`);
      } catch (e) {
        raised = e;
      }
      const kept = yield* client.fetch(`${BASE}/missing`, { raiseError: false });
      return [raised, kept] as const;
    });
    expect(error).toBeInstanceOf(HTTPClientError);
    const e = error as HTTPClientError;
    expect(e.code).toBe(404);
    expect(e.message).toBe('HTTP 404: Not Found');
    expect(e.reason).toBe('Not Found');
    expect(Buffer.from(e.response!.body).toString()).toBe('nothing here');
    expect(httpclient.HTTPError).toBe(HTTPClientError);
    expect(response.code).toBe(404);
    expect(response.error).toBeInstanceOf(HTTPClientError);
    expect(() => response.rethrow()).toThrow('HTTP 404: Not Found');
  });

  it('follows redirects, or raises the 3xx when not following or past maxRedirects', async () => {
    const { ioloop } = virtualIOLoop();
    const client = new AsyncHTTPClient();
    const results = await ioloop.runSync(function* () {
      yield* serve(app);
      const followed = yield* client.fetch(`${BASE}/hop/3`);
      const notFollowed = yield* client.fetch(`${BASE}/hop/3`, { followRedirects: false, raiseError: false });
      let tooMany: unknown;
      try {
        yield* client.fetch(`${BASE}/hop/3`, { maxRedirects: 2 });
      } catch (e) {
        tooMany = e;
      }
      return { followed, notFollowed, tooMany };
    });
    expect(Buffer.from(results.followed.body).toString()).toBe('landed');
    expect(results.followed.effectiveUrl).toBe(`${BASE}/hop/0`);
    expect(results.notFollowed.code).toBe(302);
    expect(results.notFollowed.headers.get('location')).toBe('/hop/2');
    expect(results.tooMany).toBeInstanceOf(HTTPClientError);
    expect((results.tooMany as HTTPClientError).code).toBe(302);
    expect((results.tooMany as HTTPClientError).response!.effectiveUrl).toBe(`${BASE}/hop/1`);
  });

  it('POSTs a form body (Content-Type defaults to a form), with basic auth and a user agent', async () => {
    const { ioloop } = virtualIOLoop();
    const client = new AsyncHTTPClient({ defaults: { userAgent: 'agent/1' } });
    const [posted, echoed] = await ioloop.runSync(function* () {
      yield* serve(app);
      const p = yield* client.fetch(`${BASE}/echo`, { method: 'POST', body: 'a=1' });
      const e = yield* client.fetch(new HTTPRequest(`${BASE}/echo`, { authUsername: 'me', authPassword: 'pw' }));
      return [p, e];
    });
    expect(Buffer.from(posted.body).toString()).toBe('application/x-www-form-urlencoded|a=1');
    const json = JSON.parse(Buffer.from(echoed.body).toString());
    expect(json.ua).toBe('agent/1');
    expect(json.auth).toBe(`Basic ${Buffer.from('me:pw').toString('base64')}`);
  });
});

describe("AsyncHTTPClient timeouts and queueing (Tornado's 599)", () => {
  it('fails with HTTPTimeoutError 599 "Timeout during request", even with raiseError: false', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const stats = { inFlight: 0, most: 0, order: [] as string[] };
    const client = new AsyncHTTPClient();
    const error = await ioloop.runSync(function* () {
      yield* serve(slowApp(stats));
      try {
        yield* client.fetch(`${BASE}/slow/30`, { requestTimeout: 5, raiseError: false });
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(error).toBeInstanceOf(HTTPTimeoutError);
    expect(error).toBeInstanceOf(HTTPClientError);
    expect((error as HTTPTimeoutError).code).toBe(599);
    expect((error as HTTPTimeoutError).message).toBe('HTTP 599: Timeout during request');
    expect((error as HTTPTimeoutError).response).toBeNull();
    expect(loop.time()).toBeCloseTo(5, 5);
  });

  it('runs at most maxClients at once, in FIFO order; a request waiting too long times out in the queue', async () => {
    const { ioloop } = virtualIOLoop();
    const stats = { inFlight: 0, most: 0, order: [] as string[] };
    const client = new AsyncHTTPClient({ forceInstance: true, maxClients: 2 });
    const outcome = await ioloop.runSync(function* () {
      yield* serve(slowApp(stats));
      const fetches: Future<HTTPResponse>[] = ['1', '2', '3', '4'].map((s) => client.fetch(`${BASE}/slow/${s}`));
      const queued = client.fetch(`${BASE}/slow/9`, { requestTimeout: 0.5 });
      const bodies = [];
      for (const f of fetches) bodies.push(Buffer.from((yield* f).body).toString());
      let queueError: unknown;
      try {
        yield* queued;
      } catch (e) {
        queueError = e;
      }
      return { bodies, queueError };
    });
    expect(outcome.bodies).toEqual(['slept 1', 'slept 2', 'slept 3', 'slept 4']);
    expect(stats.most).toBe(2);
    expect(stats.order).toEqual(['1', '2', '3', '4']);
    expect(outcome.queueError).toBeInstanceOf(HTTPTimeoutError);
    expect((outcome.queueError as Error).message).toBe('HTTP 599: Timeout in request queue');
  });

  it('cancelling a fetch gives it up, and a queued one leaves the queue', async () => {
    const { ioloop } = virtualIOLoop();
    const stats = { inFlight: 0, most: 0, order: [] as string[] };
    const client = new AsyncHTTPClient({ forceInstance: true, maxClients: 1 });
    const after = await ioloop.runSync(function* () {
      yield* serve(slowApp(stats));
      const running = client.fetch(`${BASE}/slow/10`);
      const queued = client.fetch(`${BASE}/slow/20`);
      yield gen.sleep(1);
      queued.cancel();
      running.cancel();
      const next = yield* client.fetch(`${BASE}/slow/0`);
      return { running: running.cancelled(), queued: queued.cancelled(), body: Buffer.from(next.body).toString() };
    });
    expect(after).toEqual({ running: true, queued: true, body: 'slept 0' });
    expect(stats.order).toEqual(['10', '0']);
  });
});

describe('AsyncHTTPClient instances and bad input', () => {
  it('is one shared client per IOLoop unless forceInstance; close() ends sharing and refuses fetch()', () => {
    const { ioloop } = virtualIOLoop();
    const shared = new AsyncHTTPClient();
    expect(new AsyncHTTPClient({ ioloop })).toBe(shared);
    expect(new AsyncHTTPClient({ maxClients: 3 }).maxClients).toBe(10);
    const own = new AsyncHTTPClient({ forceInstance: true, maxClients: 3 });
    expect(own).not.toBe(shared);
    expect(own.maxClients).toBe(3);
    shared.close();
    shared.close();
    expect(() => shared.fetch(`${BASE}/`)).toThrow(InvalidStateError);
    const fresh = new AsyncHTTPClient();
    expect(fresh).not.toBe(shared);
    const other = new IOLoop({ loop: new NodeEventLoop() });
    try {
      expect(new AsyncHTTPClient({ ioloop: other })).not.toBe(fresh);
    } finally {
      other.close({ allFds: true });
    }
  });

  it('refuses a body on GET, none on POST, unknown methods, and options with an HTTPRequest', async () => {
    const { ioloop } = virtualIOLoop();
    const client = new AsyncHTTPClient();
    const failures = await ioloop.runSync(function* () {
      const out: unknown[] = [];
      for (const options of [{ body: 'x' }, { method: 'POST' }, { method: 'BREW' }]) {
        try {
          yield* client.fetch(`${BASE}/`, options);
        } catch (e) {
          out.push(e);
        }
      }
      return out;
    });
    expect(failures).toHaveLength(3);
    for (const f of failures) expect(f).toBeInstanceOf(InvalidArgumentError);
    expect((failures[0] as Error).message).toContain('Body must be None for method GET');
    expect((failures[1] as Error).message).toContain('Body must not be None for method POST');
    expect(() => client.fetch(new HTTPRequest(`${BASE}/`), { method: 'POST' })).toThrow(InvalidArgumentError);
    expect(() => client.fetch(42 as unknown as string)).toThrow(InvalidArgumentError);
    expect(() => new AsyncHTTPClient({ forceInstance: true, maxClients: 0 })).toThrow(InvalidArgumentError);
    expect(() => new HTTPRequest(`${BASE}/`, { body: 5 as unknown as string })).toThrow(InvalidArgumentError);
  });

  it('fails with "Timeout while connecting" when the connection is not accepted in connectTimeout', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const error = await ioloop.runSync(function* () {
      // Connecting takes one link latency on the virtual network.
      loop.network.configure({ latency: 10 });
      try {
        yield* new AsyncHTTPClient().fetch('http://127.0.0.1:9100/', { connectTimeout: 3, raiseError: false });
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(error).toBeInstanceOf(HTTPTimeoutError);
    expect((error as Error).message).toBe('HTTP 599: Timeout while connecting');
    expect(loop.time()).toBeCloseTo(3, 5);
  });

  it('raises the connection error itself (ConnectionRefusedError) even with raiseError: false', async () => {
    const { ioloop } = virtualIOLoop();
    const error = await ioloop
      .runSync(() => new AsyncHTTPClient().fetch('http://127.0.0.1:9/', { raiseError: false }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionRefusedError);
  });
});

describe('AsyncHTTPClient over real sockets', () => {
  it('fetches from an Application on 127.0.0.1, and node fetch() reads the same Application', async () => {
    const ioloop = new IOLoop({ loop: new NodeEventLoop() });
    try {
      const result = await ioloop.runSync(function* () {
        const server = app.listen(0, '127.0.0.1');
        yield server.listening;
        const url = `http://127.0.0.1:${server.port}/echo`;
        const ours = yield* new AsyncHTTPClient().fetch(url);
        const theirs = (yield fetch(url, { headers: { 'x-test': 'node' } })) as Response;
        const theirsBody = (yield theirs.json()) as Record<string, unknown>;
        server.stop();
        yield server.closeAllConnections();
        return { ours: JSON.parse(Buffer.from(ours.body).toString()), status: theirs.status, theirsBody };
      });
      expect(result.ours.path).toBe('/echo');
      expect(result.status).toBe(200);
      expect(result.theirsBody).toMatchObject({ path: '/echo', x: 'node' });
    } finally {
      ioloop.close({ allFds: true });
    }
  });
});
