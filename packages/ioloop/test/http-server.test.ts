// HTTPServer with a request callback: the HTTPServerRequest's fields and arguments (query,
// form, multipart), answering through request.connection, coroutine callbacks, failures, xheaders,
// stop() / closeAllConnections(), and bad input.
import { describe, expect, it } from 'vitest';
import { ConnectionRefusedError, InvalidArgumentError, InvalidStateError, NodeEventLoop } from '@async/loop';
import { testTlsCredentials } from '@async/loop-testing';
import {
  AsyncHTTPClient,
  HTTPHeaders,
  HTTPServer,
  type HTTPServerRequest,
  IOLoop,
  type IOStream,
  StreamClosedError,
  TCPClient,
  gen,
} from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';
import { BASE, bodyOf, rawRequest, serve } from './http-fixture.js';

/** Answers with `text` through Tornado's connection API. */
function answer(request: HTTPServerRequest, text: string, code = 200): void {
  const connection = request.connection!;
  void connection.writeHeaders({ code }, new HTTPHeaders({ 'Content-Length': Buffer.byteLength(text) }));
  void connection.write(text);
  connection.finish();
}

const decode = (values: Uint8Array[] | undefined): string[] => (values ?? []).map((v) => Buffer.from(v).toString());

describe('HTTPServer with a request callback', () => {
  it("gives Tornado's HTTPServerRequest, and answers through request.connection", async () => {
    const { ioloop } = virtualIOLoop();
    let seen: HTTPServerRequest | null = null;
    let current: IOLoop | null = null;
    const reply = await ioloop.runSync(function* () {
      yield* serve((request) => {
        seen = request;
        current = IOLoop.current();
        answer(request, `You requested ${request.uri}\n`);
      });
      return yield* new AsyncHTTPClient().fetch(`${BASE}/a/b?x=1&x=2&flag&e=%C3%A9+f`, { headers: { Host: 'Example.com:8080' } });
    });
    expect(Buffer.from(reply.body).toString()).toBe('You requested /a/b?x=1&x=2&flag&e=%C3%A9+f\n');
    const request = seen! as HTTPServerRequest;
    expect(current).toBe(ioloop);
    expect(request.method).toBe('GET');
    expect(request.uri).toBe('/a/b?x=1&x=2&flag&e=%C3%A9+f');
    expect(request.path).toBe('/a/b');
    expect(request.query).toBe('x=1&x=2&flag&e=%C3%A9+f');
    expect(request.version).toBe('HTTP/1.1');
    expect(request.host).toBe('Example.com:8080');
    expect(request.hostName).toBe('example.com');
    expect(request.protocol).toBe('http');
    expect(request.remoteIp).toBe('127.0.0.1');
    expect(request.fullUrl()).toBe('http://Example.com:8080/a/b?x=1&x=2&flag&e=%C3%A9+f');
    expect(decode(request.queryArguments['x'])).toEqual(['1', '2']);
    expect(decode(request.queryArguments['flag'])).toEqual(['']);
    expect(decode(request.queryArguments['e'])).toEqual(['é f']);
    expect(request.requestTime()).toBeGreaterThanOrEqual(0);
    expect(String(request)).toBe(
      "HTTPServerRequest(protocol='http', host='Example.com:8080', method='GET', uri='/a/b?x=1&x=2&flag&e=%C3%A9+f', version='HTTP/1.1', remote_ip='127.0.0.1')",
    );
  });

  it('parses form and multipart bodies into bodyArguments, arguments and files', async () => {
    const { ioloop } = virtualIOLoop();
    const seen: HTTPServerRequest[] = [];
    const boundary = 'XyZ';
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="field"',
      '',
      'value 1',
      `--${boundary}`,
      'Content-Disposition: form-data; name="upload"; filename="a;b.txt"',
      'Content-Type: text/plain',
      '',
      'file body',
      `--${boundary}`,
      'Content-Disposition: form-data',
      '',
      'no name: skipped',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    await ioloop.runSync(function* () {
      yield* serve((request) => {
        seen.push(request);
        answer(request, 'ok');
      });
      const client = new AsyncHTTPClient();
      yield* client.fetch(`${BASE}/form?a=q`, { method: 'POST', body: 'a=1&b=%20two+&&c' });
      yield* client.fetch(`${BASE}/multi`, {
        method: 'POST',
        body: multipart,
        headers: { 'Content-Type': `multipart/form-data; boundary="${boundary}"` },
      });
      yield* client.fetch(`${BASE}/json`, { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json' } });
    });
    const [form, multi, json] = seen as [HTTPServerRequest, HTTPServerRequest, HTTPServerRequest];
    expect(decode(form.bodyArguments['a'])).toEqual(['1']);
    expect(decode(form.bodyArguments['b'])).toEqual([' two ']);
    expect(decode(form.bodyArguments['c'])).toEqual(['']);
    expect(decode(form.arguments['a'])).toEqual(['q', '1']);
    expect(Object.keys(form.files)).toEqual([]);
    expect(decode(multi.bodyArguments['field'])).toEqual(['value 1']);
    expect(Object.keys(multi.bodyArguments)).toEqual(['field']);
    const file = multi.files['upload']![0]!;
    expect(file.filename).toBe('a;b.txt');
    expect(file.contentType).toBe('text/plain');
    expect(Buffer.from(file.body).toString()).toBe('file body');
    expect(Object.keys(json.bodyArguments)).toEqual([]);
    expect(Buffer.from(json.body).toString()).toBe('{"a":1}');
  });

  it('drives a coroutine callback on the IOLoop; a failing one is a 500, reported', async () => {
    const { ioloop, reported } = virtualIOLoop();
    const results = await ioloop.runSync(function* () {
      yield* serve(function* (request: HTTPServerRequest) {
        yield gen.sleep(1);
        if (request.path === '/fail') throw new Error('callback failed');
        answer(request, `after ${ioloop.time().toFixed(0)} s`);
      });
      const client = new AsyncHTTPClient();
      const ok = yield* client.fetch(`${BASE}/`);
      const failed = yield* client.fetch(`${BASE}/fail`, { raiseError: false });
      return { ok: Buffer.from(ok.body).toString(), failed: failed.code };
    });
    expect(results.ok).toBe('after 1 s');
    expect(results.failed).toBe(500);
    expect(reported.map((c) => (c.exception as Error).message)).toEqual(['callback failed']);
  });

  it('writes a streamed response with flow-control futures (chunked)', async () => {
    const { ioloop } = virtualIOLoop();
    const raw = await ioloop.runSync(function* () {
      yield* serve(function* (request: HTTPServerRequest) {
        const connection = request.connection!;
        yield connection.writeHeaders({ code: 201, reason: 'Made' }, new HTTPHeaders({ 'X-A': '1' }), 'first,');
        yield connection.write('second');
        connection.finish();
        expect(() => connection.writeHeaders({ code: 200 }, new HTTPHeaders())).toThrow(InvalidStateError);
      });
      return yield* rawRequest(ioloop, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    expect(raw).toMatch(/^HTTP\/1\.1 201 Made\r\n/);
    expect(raw).toContain('\r\nX-A: 1\r\n');
    expect(raw).toContain('Transfer-Encoding: chunked');
    expect(bodyOf(raw)).toBe('6\r\nfirst,\r\n6\r\nsecond\r\n0\r\n\r\n');
  });

  it('takes the client address and scheme from proxy headers with xheaders', async () => {
    const { ioloop } = virtualIOLoop();
    const seen: HTTPServerRequest[] = [];
    await ioloop.runSync(function* () {
      yield* serve(
        (request) => {
          seen.push(request);
          answer(request, 'ok');
        },
        8080,
        { xheaders: true, trustedDownstream: ['10.0.0.2'] },
      );
      const client = new AsyncHTTPClient();
      yield* client.fetch(`${BASE}/`, { headers: { 'X-Forwarded-For': '1.2.3.4, 10.0.0.2', 'X-Forwarded-Proto': 'https' } });
      yield* client.fetch(`${BASE}/`, { headers: { 'X-Real-Ip': 'not an ip' } });
    });
    expect(seen.map((r) => [r.remoteIp, r.protocol])).toEqual([
      ['1.2.3.4', 'https'],
      ['127.0.0.1', 'http'],
    ]);
  });

  it('stop() stops listening but serves open connections; closeAllConnections() ends them', async () => {
    const { ioloop } = virtualIOLoop();
    const outcome = await ioloop.runSync(function* () {
      const server = yield* serve((request) => answer(request, 'hi'));
      const stream = (yield new TCPClient().connect('127.0.0.1', 8080)) as IOStream;
      server.stop();
      yield stream.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      const head = Buffer.from((yield stream.readUntil('\r\n\r\nhi')) as Uint8Array).toString();
      let refused: unknown;
      try {
        yield new TCPClient().connect('127.0.0.1', 8080);
      } catch (e) {
        refused = e;
      }
      yield server.closeAllConnections();
      let closed: unknown;
      try {
        yield stream.readUntilClose();
        yield stream.write('GET / HTTP/1.1\r\n\r\n');
      } catch (e) {
        closed = e;
      }
      return { head, refused, closed, streamClosed: stream.closed() };
    });
    expect(outcome.head).toMatch(/^HTTP\/1\.1 200 OK/);
    expect((outcome.refused as StreamClosedError).realError).toBeInstanceOf(ConnectionRefusedError);
    expect(outcome.streamClosed).toBe(true);
    expect(outcome.closed).toBeInstanceOf(StreamClosedError);
  });

  it('rejects a request callback that is neither a function nor an Application, and bad options', () => {
    virtualIOLoop();
    expect(() => new HTTPServer(42 as never)).toThrow(InvalidArgumentError);
    expect(() => new HTTPServer({} as never)).toThrow(InvalidArgumentError);
    expect(() => new HTTPServer(() => undefined, null as never)).toThrow(InvalidArgumentError);
    expect(() => new HTTPServer(() => undefined, { maxBodySize: -1 })).toThrow(InvalidArgumentError);
    expect(() => new HTTPServer(() => undefined).port).toThrow(InvalidStateError);
  });
});

describe('HTTPServer over TLS (real sockets)', () => {
  it("serves https with the ssl option, and reports protocol 'https'", async () => {
    const { cert, key } = testTlsCredentials();
    const ioloop = new IOLoop({ loop: new NodeEventLoop() });
    try {
      const seen: string[] = [];
      const body = await ioloop.runSync(function* () {
        const server = yield* serve(
          (request) => {
            seen.push(request.protocol, request.fullUrl());
            answer(request, 'secret');
          },
          0,
          { ioloop, ssl: { cert, key } },
        );
        const client = new AsyncHTTPClient({ ioloop, forceInstance: true, tls: { ca: cert, checkServerIdentity: () => undefined } });
        const response = yield* client.fetch(`https://127.0.0.1:${server.port}/s`);
        client.close();
        server.stop();
        yield server.closeAllConnections();
        return Buffer.from(response.body).toString();
      });
      expect(body).toBe('secret');
      expect(seen[0]).toBe('https');
      expect(seen[1]).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/s$/);
    } finally {
      ioloop.close({ allFds: true });
    }
  });
});
