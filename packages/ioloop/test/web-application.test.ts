// web.Application and RequestHandler: routing and path arguments, the handler life cycle (sync,
// Future, Promise and coroutine methods, prepare, initialize, onFinish, auto-finish), writing
// (text, bytes, JSON, flush), statuses and headers, arguments, errors (HTTPError, 405, 500,
// Finish, sendError/writeError), Etag and 304, HEAD, redirects, RedirectHandler, ErrorHandler.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AddressInUseError, InvalidArgumentError, InvalidStateError, type Future } from '@async/loop';
import {
  Application,
  AsyncHTTPClient,
  ErrorHandler,
  Finish,
  HTTPError,
  HTTPHeaders,
  HTTPRequest,
  type HTTPResponse,
  HTTPServerRequest,
  type HandlerKwargs,
  MissingArgumentError,
  RedirectHandler,
  RequestHandler,
  type ErrorDetails,
  URLSpec,
  gen,
  web,
} from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';
import { BASE, bodyOf, rawRequest, serve } from './http-fixture.js';

const text = (r: HTTPResponse): string => Buffer.from(r.body).toString();

/** Serves `app` on the virtual network and fetches each request (never raising for a status). */
async function fetchAll(app: Application, requests: (string | [string, Record<string, unknown>])[]) {
  const { ioloop, reported } = virtualIOLoop();
  const responses = await ioloop.runSync(function* () {
    yield* serve(app);
    const client = new AsyncHTTPClient();
    const out: HTTPResponse[] = [];
    for (const r of requests) {
      const [path, options] = typeof r === 'string' ? [r, {}] : r;
      out.push(yield* client.fetch(`${BASE}${path}`, { raiseError: false, ...options }));
    }
    return out;
  });
  return { responses, reported, ioloop };
}

class Args extends RequestHandler {
  override get(...args: unknown[]): void {
    this.write({ args, pathArgs: this.pathArgs, pathKwargs: this.pathKwargs });
  }
}

/** Answers `<label> for <host> <path>` with the `status` kwarg (default 200). */
class Labelled extends RequestHandler {
  private label = '';
  private status = 200;
  override initialize(kwargs: HandlerKwargs): void {
    this.label = kwargs['label'] as string;
    this.status = (kwargs['status'] as number | undefined) ?? 200;
  }
  override get(): void {
    this.setStatus(this.status);
    this.write(`${this.label} for ${this.request.hostName} ${this.request.path}`);
  }
}

describe('Application routing', () => {
  it('matches whole paths in order, passing decoded groups, or named groups as one object', async () => {
    const app = new Application([
      ['/items/([^/]+)/(\\d+)?', Args],
      [/\/users\/(?<id>\d+)\/(?<tab>\w+)?/, Args],
      ['/py/(?P<name>.+)', Args],
      ['/items/(.*)', Args],
    ]);
    const { responses } = await fetchAll(app, ['/items/a%20b%2Fc/7', '/items/x/', '/users/12/', '/py/caf%C3%A9', '/items/x/y/z', '/items', '/nope/items/x']);
    const json = responses.map((r) => (r.code === 200 ? JSON.parse(text(r)) : r.code));
    expect(json[0]).toEqual({ args: ['a b/c', '7'], pathArgs: ['a b/c', '7'], pathKwargs: {} });
    expect(json[1]).toEqual({ args: ['x', null], pathArgs: ['x', null], pathKwargs: {} });
    expect(json[2]).toEqual({ args: [{ id: '12' }], pathArgs: [], pathKwargs: { id: '12' } });
    expect(json[3]).toEqual({ args: [{ name: 'café' }], pathArgs: [], pathKwargs: { name: 'café' } });
    expect(json[4]).toEqual({ args: ['x/y/z'], pathArgs: ['x/y/z'], pathKwargs: {} });
    expect(json.slice(5)).toEqual([404, 404]);
    expect(text(responses[5]!)).toBe('<html><title>404: Not Found</title><body>404: Not Found</body></html>');
  });

  it('answers a path argument that is not UTF-8 with a 400, and unknown paths with defaultHandlerClass', async () => {
    const app = new Application([['/(.*)/x', Args]], { defaultHandlerClass: Labelled, defaultHandlerArgs: { label: 'fallback', status: 404 } });
    const { responses } = await fetchAll(app, ['/%FF/x', '/else']);
    expect(responses[0]!.code).toBe(400);
    expect(responses[1]!.code).toBe(404);
    expect(text(responses[1]!)).toBe('fallback for 127.0.0.1 /else');
  });

  it('rejects malformed rules and settings', () => {
    expect(() => new Application([['/(', Args]])).toThrow(InvalidArgumentError);
    expect(() => new Application([['/x'] as never])).toThrow(InvalidArgumentError);
    expect(() => new Application([[42 as never, Args]])).toThrow(InvalidArgumentError);
    expect(() => new Application([['/x', 'Args' as never]])).toThrow(InvalidArgumentError);
    expect(() => new Application({} as never)).toThrow(InvalidArgumentError);
    expect(() => new Application([], null as never)).toThrow(InvalidArgumentError);
    expect(web.url('/a', Args, { k: 1 }, 'a')).toBeInstanceOf(URLSpec);
  });
});

describe('RequestHandler life cycle', () => {
  it('runs initialize, prepare and the method, sync or waiting (Future, Promise, coroutine), then auto-finishes', async () => {
    const events: string[] = [];
    class Life extends RequestHandler {
      private greeting = '';
      override initialize(kwargs: HandlerKwargs): void {
        this.greeting = kwargs['greeting'] as string;
        events.push('initialize');
      }
      override *prepare() {
        yield gen.sleep(0.5);
        events.push('prepare');
      }
      override get(kind: string): unknown {
        events.push(`get ${kind}`);
        if (kind === 'sync') return this.write(`${this.greeting} sync`);
        if (kind === 'future') {
          const f: Future<void> = this.ioloop.createFuture();
          this.ioloop.callLater(1, () => {
            this.write(`${this.greeting} future`);
            f.setResult(undefined);
          });
          return f;
        }
        if (kind === 'promise') return Promise.resolve().then(() => this.write(`${this.greeting} promise`));
        return (function* (handler: Life) {
          yield gen.sleep(2);
          handler.write(`${handler.greeting} coroutine`);
        })(this);
      }
      override onFinish(): void {
        events.push(`finished ${this.getStatus()}`);
      }
    }
    const app = new Application([['/life/(\\w+)', Life, { greeting: 'hello' }]]);
    const { responses } = await fetchAll(app, ['/life/sync', '/life/future', '/life/promise', '/life/coroutine']);
    expect(responses.map(text)).toEqual(['hello sync', 'hello future', 'hello promise', 'hello coroutine']);
    expect(events.slice(0, 4)).toEqual(['initialize', 'prepare', 'get sync', 'finished 200']);
    expect(events).toHaveLength(16);
  });

  it('skips the method when prepare() finishes, and leaves a response finished by the method alone', async () => {
    const calls: string[] = [];
    class Guarded extends RequestHandler {
      override prepare(): void {
        if (this.request.query === 'deny') this.finish('denied');
      }
      override get(): void {
        calls.push('get');
        this.finish('done by get');
      }
    }
    const { responses } = await fetchAll(new Application([['/', Guarded]]), ['/?deny', '/']);
    expect(responses.map(text)).toEqual(['denied', 'done by get']);
    expect(calls).toEqual(['get']);
  });

  it('answers 405 for a method the handler lacks or does not support, and HEAD only if defined', async () => {
    class OnlyGet extends RequestHandler {
      static override SUPPORTED_METHODS = ['GET', 'HEAD', 'POST'];
      override get(): void {
        this.write('got');
      }
    }
    const { responses } = await fetchAll(new Application([['/', OnlyGet]]), [
      ['/', { method: 'POST', body: '' }],
      ['/', { method: 'DELETE' }],
      ['/', { method: 'HEAD' }],
      '/',
    ]);
    expect(responses.map((r) => r.code)).toEqual([405, 405, 405, 200]);
    expect(text(responses[0]!)).toBe('<html><title>405: Method Not Allowed</title><body>405: Method Not Allowed</body></html>');
  });
});

describe('RequestHandler output', () => {
  it('writes text, bytes and JSON objects; refuses arrays and writes after finish', async () => {
    const problems: unknown[] = [];
    class Out extends RequestHandler {
      override get(kind: string): void {
        if (kind === 'json') {
          this.write({ a: [1, 2], html: '</script>' });
          return;
        }
        this.write('text, ');
        this.write(Buffer.from('bytes'));
        try {
          this.write([1, 2] as never);
        } catch (e) {
          problems.push(e);
        }
        this.finish();
        try {
          this.write('late');
        } catch (e) {
          problems.push(e);
        }
        try {
          this.finish();
        } catch (e) {
          problems.push(e);
        }
      }
    }
    const { responses } = await fetchAll(new Application([['/(\\w+)', Out]]), ['/plain', '/json']);
    expect(text(responses[0]!)).toBe('text, bytes');
    expect(responses[0]!.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(responses[0]!.headers.get('content-length')).toBe('11');
    expect(responses[0]!.headers.get('server')).toBe('TornadoServer/6.2 (@async/ioloop)');
    expect(text(responses[1]!)).toBe('{"a":[1,2],"html":"<\\/script>"}');
    expect(responses[1]!.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(problems.map((p) => (p as Error).message)).toEqual([
      expect.stringContaining('Lists not accepted'),
      'Cannot write() after finish()',
      'finish() called twice',
    ]);
  });

  it('sets statuses, reasons and headers; an unsafe header value is a 500', async () => {
    class Headers extends RequestHandler {
      override setDefaultHeaders(): void {
        this.setHeader('X-Default', 'yes');
      }
      override get(kind: string): void {
        if (kind === 'unsafe') {
          this.setHeader('X-Bad', 'a\nb');
          return;
        }
        this.setStatus(299, 'Fine Enough');
        this.setHeader('X-Number', 42);
        this.setHeader('X-Date', new Date(Date.UTC(2020, 0, 2, 3, 4, 5)));
        this.addHeader('X-Many', 'a');
        this.addHeader('X-Many', 'b');
        this.clearHeader('Server');
        this.write(String(this.getStatus()));
      }
    }
    const { responses, reported } = await fetchAll(new Application([['/(\\w+)', Headers]]), ['/ok', '/unsafe']);
    const ok = responses[0]!;
    expect([ok.code, ok.reason, text(ok)]).toEqual([299, 'Fine Enough', '299']);
    expect(ok.headers.get('x-default')).toBe('yes');
    expect(ok.headers.get('x-number')).toBe('42');
    expect(ok.headers.get('x-date')).toBe('Thu, 02 Jan 2020 03:04:05 GMT');
    expect(ok.headers.getAll('x-many')).toEqual(['a', 'b']);
    expect(ok.headers.has('server')).toBe(false);
    expect(ok.headers.has('etag')).toBe(false);
    expect(responses[1]!.code).toBe(500);
    expect(responses[1]!.headers.get('x-default')).toBe('yes');
    expect(reported.map((c) => c.exception)).toEqual([expect.any(InvalidArgumentError)]);
  });

  it('streams with flush() (chunked) and finishes after', async () => {
    const { ioloop } = virtualIOLoop();
    class Stream extends RequestHandler {
      override *get() {
        this.write('one,');
        yield this.flush();
        this.write('two');
      }
    }
    const raw = await ioloop.runSync(function* () {
      yield* serve(new Application([['/', Stream]]));
      return yield* rawRequest(ioloop, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    expect(raw).toContain('Transfer-Encoding: chunked');
    expect(bodyOf(raw)).toBe('4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n');
  });

  it('sets an Etag on 200 GETs and answers a matching If-None-Match with 304; HEAD has no body', async () => {
    class Page extends RequestHandler {
      override get(): void {
        this.write('page body');
      }
      override head(): void {
        this.write('page body');
      }
    }
    const app = new Application([['/', Page]]);
    const first = await fetchAll(app, ['/']);
    const etag = first.responses[0]!.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const { responses } = await fetchAll(app, [
      ['/', { headers: { 'If-None-Match': `"other", W/${etag}` } }],
      ['/', { headers: { 'If-None-Match': '*' } }],
      ['/', { headers: { 'If-None-Match': '"other"' } }],
      ['/', { method: 'HEAD' }],
    ]);
    expect(responses.map((r) => r.code)).toEqual([304, 304, 200, 200]);
    expect(text(responses[0]!)).toBe('');
    expect(responses[0]!.headers.has('content-type')).toBe(false);
    expect(text(responses[3]!)).toBe('');
    expect(responses[3]!.headers.get('content-length')).toBe('9');
  });

  it('redirects (302, 301, a given 3xx); redirect() with another status is refused', async () => {
    class Go extends RequestHandler {
      override get(kind: string): void {
        if (kind === 'temp') this.redirect('/there');
        else if (kind === 'perm') this.redirect('/there', true);
        else if (kind === 'see') this.redirect('/there', false, 303);
        else this.redirect('/there', false, 200);
      }
    }
    const { responses } = await fetchAll(new Application([['/(\\w+)', Go]]), [
      ['/temp', { followRedirects: false }],
      ['/perm', { followRedirects: false }],
      ['/see', { followRedirects: false }],
      ['/bad', { followRedirects: false }],
    ]);
    expect(responses.map((r) => [r.code, r.headers.get('location') ?? null])).toEqual([
      [302, '/there'],
      [301, '/there'],
      [303, '/there'],
      [500, null],
    ]);
  });
});

describe('RequestHandler arguments', () => {
  it('reads query and body arguments, with defaults, stripping and control characters replaced', async () => {
    class Read extends RequestHandler {
      override post(): void {
        this.write({
          name: this.getArgument('name'),
          names: this.getArguments('name'),
          unstripped: this.getArgument('name', null, false),
          query: this.getQueryArgument('name'),
          body: this.getBodyArguments('name'),
          missing: this.getArgument('missing', 'fallback'),
          missingNull: this.getArgument('missing', null),
          ctl: this.getBodyArgument('ctl'),
        });
      }
    }
    const { responses } = await fetchAll(new Application([['/', Read]]), [['/?name=q', { method: 'POST', body: 'name=+b+&ctl=a%01b' }]]);
    expect(JSON.parse(text(responses[0]!))).toEqual({
      name: 'b',
      names: ['q', 'b'],
      unstripped: ' b ',
      query: 'q',
      body: ['b'],
      missing: 'fallback',
      missingNull: null,
      ctl: 'a b',
    });
  });

  it('answers a missing argument or one that is not UTF-8 with a 400', async () => {
    let missing: unknown;
    class Need extends RequestHandler {
      override get(): void {
        try {
          this.getArgument('id');
        } catch (e) {
          missing = e;
          throw e;
        }
      }
      override post(): void {
        this.write(this.getArgument('id'));
      }
    }
    const { responses, reported } = await fetchAll(new Application([['/', Need]]), ['/', ['/', { method: 'POST', body: 'id=%FF' }]]);
    expect(responses.map((r) => r.code)).toEqual([400, 400]);
    expect(missing).toBeInstanceOf(MissingArgumentError);
    expect((missing as MissingArgumentError).argName).toBe('id');
    expect((missing as Error).message).toBe('HTTP 400: Bad Request (Missing argument id)');
    expect(reported).toEqual([]);
  });
});

describe('RequestHandler errors', () => {
  it('answers HTTPError with its status and reason, reports other exceptions as 500s, and Finish ends quietly', async () => {
    class Fail extends RequestHandler {
      override *get(kind: string) {
        yield gen.sleep(0.1);
        if (kind === 'teapot') throw new HTTPError(418, 'brewing %s', 'tea');
        if (kind === 'reason') throw new HTTPError(404, { reason: 'No Such Page', logMessage: 'gone' });
        if (kind === 'finish') {
          this.write('partial, ');
          throw new Finish('finished');
        }
        throw new Error('boom');
      }
    }
    const { responses, reported } = await fetchAll(new Application([['/(\\w+)', Fail]]), ['/teapot', '/reason', '/finish', '/crash']);
    expect(responses.map((r) => [r.code, r.reason])).toEqual([
      [418, "I'm a Teapot"],
      [404, 'No Such Page'],
      [200, 'OK'],
      [500, 'Internal Server Error'],
    ]);
    expect(text(responses[0]!)).toBe("<html><title>418: I&#39;m a Teapot</title><body>418: I&#39;m a Teapot</body></html>");
    expect(text(responses[2]!)).toBe('partial, finished');
    expect(reported.map((c) => [(c.exception as Error).message, c.message])).toEqual([['boom', 'Uncaught exception GET /crash (127.0.0.1)']]);
    expect(new HTTPError(418, 'brewing %s', 'tea').message).toBe("HTTP 418: I'm a Teapot (brewing tea)");
    expect(new HTTPError(499).message).toBe('HTTP 499: Unknown');
    expect(new HTTPError().statusCode).toBe(500);
  });

  it('uses an overridden writeError(), and sendError() drops what was buffered', async () => {
    class Custom extends RequestHandler {
      override get(): void {
        this.write('never sent');
        this.sendError(503, { reason: 'Later' });
      }
      override writeError(statusCode: number, kwargs: ErrorDetails): void {
        this.write({ error: statusCode, reason: kwargs.reason ?? null });
      }
    }
    const { responses } = await fetchAll(new Application([['/', Custom]]), ['/']);
    expect([responses[0]!.code, responses[0]!.reason]).toEqual([503, 'Later']);
    expect(JSON.parse(text(responses[0]!))).toEqual({ error: 503, reason: 'Later' });
  });

  it('can only end a response whose head was sent when an error follows', async () => {
    const { ioloop, reported } = virtualIOLoop();
    class Late extends RequestHandler {
      override *get() {
        this.write('started');
        yield this.flush();
        throw new Error('too late');
      }
    }
    const raw = await ioloop.runSync(function* () {
      yield* serve(new Application([['/', Late]]));
      return yield* rawRequest(ioloop, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(bodyOf(raw)).toBe('7\r\nstarted\r\n0\r\n\r\n');
    expect(reported.map((c) => c.message)).toEqual(['Uncaught exception GET / (127.0.0.1)', 'Cannot send error response after headers written']);
  });
});

describe('RedirectHandler and ErrorHandler', () => {
  it('redirects with groups filled in and the query kept; ErrorHandler answers its status', async () => {
    const app = new Application([
      ['/old/(\\w+)', RedirectHandler, { url: '/new/{0}' }],
      ['/temp', RedirectHandler, { url: '/elsewhere', permanent: false }],
      ['/gone', ErrorHandler, { statusCode: 410 }],
    ]);
    const { responses } = await fetchAll(app, [
      ['/old/page?x=1', { followRedirects: false }],
      ['/temp', { followRedirects: false }],
      ['/gone', { method: 'POST', body: '' }],
    ]);
    expect(responses.map((r) => [r.code, r.headers.get('location') ?? null])).toEqual([
      [301, '/new/page?x=1'],
      [302, '/elsewhere'],
      [410, null],
    ]);
  });
});

describe('bad input', () => {
  it('refuses bad statuses and header values, and answering without a connection', () => {
    virtualIOLoop();
    const request = new HTTPServerRequest({
      method: 'POST',
      uri: '/p?q=1',
      headers: new HTTPHeaders({ 'Content-Type': 'application/x-www-form-urlencoded' }),
      body: Buffer.from('b=2'),
    });
    const handler = new RequestHandler(new Application(), request);
    handler.clear();
    expect(handler.getArguments('q')).toEqual(['1']);
    expect(handler.getBodyArgument('b')).toBe('2');
    expect(() => handler.setStatus(99)).toThrow(InvalidArgumentError);
    expect(() => handler.setStatus(200.5)).toThrow(InvalidArgumentError);
    expect(() => handler.setHeader('X-Tab', 'a\tb')).toThrow(InvalidArgumentError);
    expect(() => handler.setHeader('X-Obj', {} as never)).toThrow(InvalidArgumentError);
    expect(() => handler.setHeader('Bad Name', 'x')).toThrow(InvalidArgumentError);
    expect(() => handler.write(7 as never)).toThrow(InvalidArgumentError);
    expect(() => handler.finish('x')).toThrow(InvalidStateError);
    expect(() => new HTTPRequest(42 as never)).toThrow(InvalidArgumentError);
    expect(() => new HTTPRequest('http://x/', { ifModifiedSince: new Date(Number.NaN) })).toThrow(InvalidArgumentError);
  });

  it('fails server.listening with the bind error when the port is taken', async () => {
    const { ioloop } = virtualIOLoop();
    const error = await ioloop.runSync(function* () {
      const first = new Application().listen(8080, '127.0.0.1');
      yield first.listening;
      const second = new Application().listen(8080, '127.0.0.1');
      try {
        yield second.listening;
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(error).toBeInstanceOf(AddressInUseError);
  });
});

describe('cookies', () => {
  it("reads the Cookie header and writes Set-Cookie headers as Tornado (Python's Morsel) does", async () => {
    let read: unknown;
    class Cookies extends RequestHandler {
      override get(): void {
        read = [this.getCookie('s'), this.getCookie('t', 'dflt'), this.getCookie('u'), this.getCookie('missing'), Object.keys(this.cookies)];
        this.setCookie('a', '1');
        this.setCookie('b', 'xy', { domain: 'ex.com', maxAge: 5, httpOnly: true, secure: true, sameSite: 'Lax', expires: new Date(Date.UTC(2030, 0, 1)) });
        this.setCookie('c', 'q,=\\"é', { path: '/p' });
        this.clearCookie('d');
        this.setCookie('a', '2');
        expect(() => this.setCookie('bad', 'x y')).toThrow(InvalidArgumentError);
        expect(() => this.setCookie('b=d', 'x')).toThrow(InvalidArgumentError);
      }
    }
    const { responses } = await fetchAll(new Application([['/', Cookies]]), [['/', { headers: { Cookie: 's=1; u="a\\"b"; bad; v=2=3' } }]]);
    expect(responses[0]!.code).toBe(200);
    expect(read).toEqual(['1', 'dflt', 'a"b', undefined, ['s', 'u', 'v']]);
    const set = responses[0]!.headers.getAll('set-cookie');
    expect(set).toHaveLength(4);
    expect(set[0]).toBe('a=2; Path=/');
    expect(set[1]).toBe('b=xy; Domain=ex.com; expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Max-Age=5; Path=/; SameSite=Lax; Secure');
    expect(set[2]).toBe('c="q\\054=\\\\\\"\\351"; Path=/p');
    expect(set[3]).toMatch(/^d=""; expires=\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT; Path=\/$/);
  });
});

describe('reverseUrl', () => {
  it('rebuilds the path of a named rule from its arguments, as Tornado does', () => {
    const app = new Application([
      web.url('/items/(\\d+)/(\\w+)', Args, null, 'item'),
      ['/favicon\\.ico', Args, null, 'icon'],
      [/\/users\/(?<id>\d+)/, Args, null, 'user'],
      ['/complex/(?:a|b)/(\\d+)', Args, null, 'complex'],
      ['/class\\d', Args, null, 'class'],
    ]);
    expect(app.reverseUrl('item', 7, 'a b/c')).toBe('/items/7/a%20b/c');
    expect(app.reverseUrl('icon')).toBe('/favicon.ico');
    expect(app.reverseUrl('user', "o'k")).toBe('/users/o%27k');
    expect(() => app.reverseUrl('item', 7)).toThrow(InvalidArgumentError);
    expect(() => app.reverseUrl('complex', 1)).toThrow('Cannot reverse url regex');
    expect(() => app.reverseUrl('class')).toThrow('Cannot reverse url regex');
    expect(() => app.reverseUrl('nope')).toThrow('nope not found in named urls');
  });
});

describe('addHandlers', () => {
  it('routes by host name first, falling through to the rules for every host', async () => {
    const app = new Application([['/.*', Labelled, { label: 'any host' }]]);
    app.addHandlers('api\\.example\\.com', [['/v1', Labelled, { label: 'api' }]]);
    app.addHandlers(/.*\.example\.com/, [['/v1', Labelled, { label: 'subdomain' }]]);
    const { responses } = await fetchAll(app, [
      ['/v1', { headers: { Host: 'API.example.com:8080' } }],
      ['/v1', { headers: { Host: 'www.example.com' } }],
      ['/other', { headers: { Host: 'api.example.com' } }],
      ['/v1', { headers: { Host: 'example.org' } }],
    ]);
    expect(responses.map(text)).toEqual([
      'api for api.example.com /v1',
      'subdomain for www.example.com /v1',
      'any host for api.example.com /other',
      'any host for example.org /v1',
    ]);
    expect(() => app.addHandlers('(', [])).toThrow(InvalidArgumentError);
  });
});

describe('compressResponse', () => {
  class Text extends RequestHandler {
    override *get(kind: string) {
      if (kind === 'small') this.write('tiny');
      else if (kind === 'png') {
        this.setHeader('Content-Type', 'image/png');
        this.write('x'.repeat(5000));
      } else if (kind === 'stream') {
        this.write('a'.repeat(100));
        yield this.flush();
        this.write('b'.repeat(100));
      } else this.write({ items: 'y'.repeat(5000) });
    }
  }
  const app = new Application([['/(\\w+)', Text]], { compressResponse: true });

  it('gzips large text and JSON bodies for clients that accept gzip, and adds Vary', async () => {
    const { responses } = await fetchAll(app, ['/json', '/small', '/png', ['/json', { decompressResponse: false }]]);
    const [json, small, png, plain] = responses as [HTTPResponse, HTTPResponse, HTTPResponse, HTTPResponse];
    expect(json.headers.get('x-consumed-content-encoding')).toBe('gzip');
    expect(JSON.parse(text(json)).items).toHaveLength(5000);
    expect(json.headers.get('vary')).toBe('Accept-Encoding');
    expect(Number(json.headers.get('content-length'))).toBeLessThan(200);
    for (const r of [small, png, plain]) {
      expect(r.headers.has('x-consumed-content-encoding')).toBe(false);
      expect(r.headers.get('vary')).toBe('Accept-Encoding');
    }
    expect(text(small)).toBe('tiny');
    expect(plain.body).toHaveLength(Buffer.byteLength(JSON.stringify({ items: 'y'.repeat(5000) })));
  });

  it('gzips a streamed (flushed) response piece by piece into one valid gzip stream', async () => {
    const { ioloop } = virtualIOLoop();
    const raw = await ioloop.runSync(function* () {
      yield* serve(app);
      return yield* rawRequest(ioloop, 'GET /stream HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
    });
    expect(raw).toContain('Content-Encoding: gzip');
    expect(raw).toContain('Transfer-Encoding: chunked');
    const bytes = Buffer.from(bodyOf(raw), 'latin1');
    const pieces: Buffer[] = [];
    for (let at = 0; ; ) {
      const eol = bytes.indexOf('\r\n', at);
      const size = parseInt(bytes.subarray(at, eol).toString(), 16);
      if (size === 0) break;
      pieces.push(bytes.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(gunzipSync(Buffer.concat(pieces)).toString()).toBe('a'.repeat(100) + 'b'.repeat(100));
  });
});
