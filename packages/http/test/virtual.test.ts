// Timeouts and byte-by-byte delivery on the VirtualEventLoop's in-memory network: virtual time,
// no sleeps, every step deterministic.
import { describe, expect, it } from 'vitest';
import { ConnectionRefusedError, TimeoutError } from '@async/loop';
import { Recorder } from './support.js';
import { VirtualEventLoop } from '@async/loop-testing';
import { HTTPClient, listenHTTP, type HTTPHandler, type HTTPServer, type HTTPServerOptions } from '@async/http';

function serve(loop: VirtualEventLoop, handler: HTTPHandler, options: HTTPServerOptions = {}): HTTPServer {
  const listening = listenHTTP(loop, handler, { host: '127.0.0.1', port: 8080, ...options });
  loop.runUntilIdle();
  return listening.result();
}

function connect(loop: VirtualEventLoop): Recorder {
  const connecting = loop.createConnection(() => new Recorder(), { host: '127.0.0.1', port: 8080 });
  loop.runUntilIdle();
  return connecting.result()[1];
}

const ok: HTTPHandler = (_request, response) => response.end('ok');

describe('server timeouts (virtual time)', () => {
  it('drops a connection whose head is too slow (slowloris) at headerTimeout', () => {
    const loop = new VirtualEventLoop();
    const server = serve(loop, ok, { headerTimeout: 5 });
    const client = connect(loop);
    loop.advance(100);
    client.transport.write(Buffer.from('GET / HTTP/1.1\r\nHo'));
    loop.runUntilIdle();
    loop.advance(4.9);
    expect(client.lost).toBe(false);
    client.transport.write(Buffer.from('st: x\r\n'));
    loop.advance(0.2);
    expect(client.lost).toBe(true);
    expect(client.text).toBe('');
    expect(server.connectionCount).toBe(0);
    server.close();
    loop.close();
  });

  it('closes a keep-alive connection idle for idleConnectionTimeout, counted from the last response', () => {
    const loop = new VirtualEventLoop();
    const server = serve(loop, ok, { idleConnectionTimeout: 30, headerTimeout: 5 });
    const client = connect(loop);
    loop.advance(20);
    client.transport.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    loop.runUntilIdle();
    expect(client.text.endsWith('ok')).toBe(true);
    loop.advance(29.9);
    expect(client.lost).toBe(false);
    loop.advance(0.2);
    expect(client.lost).toBe(true);
    expect(loop.nextDeadline()).toBeUndefined();
    server.close();
    loop.close();
  });

  it('drops a body slower than bodyTimeout, failing the streaming read', () => {
    const loop = new VirtualEventLoop();
    const failures: unknown[] = [];
    const server = serve(
      loop,
      (request) => {
        request.readAll().addDoneCallback((f) => failures.push(f.exception()));
      },
      { bodyTimeout: 3, streamRequestBody: true },
    );
    const client = connect(loop);
    client.transport.write(Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'));
    loop.runUntilIdle();
    loop.advance(3.1);
    expect(client.lost).toBe(true);
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).name).toBe('ConnectionError');
    server.close();
    loop.close();
  });

  it('does not time out a request while the handler works on it', () => {
    const loop = new VirtualEventLoop();
    const server = serve(loop, (_request, response) => loop.callLater(500, () => response.end('late')), {
      headerTimeout: 5,
      idleConnectionTimeout: 10,
    });
    const client = connect(loop);
    client.transport.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    loop.advance(499);
    expect(client.lost).toBe(false);
    loop.advance(2);
    expect(client.text.endsWith('late')).toBe(true);
    expect(client.lost).toBe(false);
    server.close();
    loop.runUntilIdle();
    expect(client.lost).toBe(true);
    loop.close();
  });

  it('parses requests delivered one byte at a time', () => {
    const loop = new VirtualEventLoop({ network: { chunkSize: 1 } });
    const server = serve(loop, (request, response) => response.end(`${request.method} ${Buffer.from(request.body).toString()} ${request.trailers?.get('t')}`));
    const client = connect(loop);
    client.transport.write(Buffer.from('\r\nPOST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n'));
    loop.runUntilIdle();
    expect(client.text.endsWith('\r\n\r\nPOST abcde v')).toBe(true);
    server.close();
    loop.close();
  });

  it('close() closes idle connections at once and busy ones after their response; waitClosed() resolves', () => {
    const loop = new VirtualEventLoop();
    let finish: (() => void) | null = null;
    const server = serve(loop, (_request, response) => {
      finish = () => response.end('done');
    });
    const idle = connect(loop);
    const busy = connect(loop);
    busy.transport.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    loop.runUntilIdle();
    const closed = server.waitClosed();
    server.close();
    loop.runUntilIdle();
    expect(idle.lost).toBe(true);
    expect(busy.lost).toBe(false);
    expect(closed.done()).toBe(false);
    finish!();
    loop.runUntilIdle();
    expect(busy.text).toMatch(/Connection: close\r\n/);
    expect(busy.lost).toBe(true);
    expect(closed.done()).toBe(true);
    loop.close();
  });
});

describe('client timeouts and errors (virtual time)', () => {
  it('fails with TimeoutError after requestTimeout when the server never answers, and frees the connection', () => {
    const loop = new VirtualEventLoop();
    const server = serve(loop, () => {});
    const client = new HTTPClient(loop, { requestTimeout: 7 });
    const response = client.get('http://127.0.0.1:8080/');
    loop.advance(6.9);
    expect(response.done()).toBe(false);
    loop.advance(0.2);
    expect(response.exception()).toBeInstanceOf(TimeoutError);
    loop.runUntilIdle();
    expect(client.activeRequests).toBe(0);
    expect(server.connectionCount).toBe(0);
    client.close();
    server.close();
    loop.close();
  });

  it('fails with TimeoutError after connectTimeout when connecting is slow', () => {
    const loop = new VirtualEventLoop({ network: { latency: 60 } });
    const server = serve(loop, ok);
    const client = new HTTPClient(loop, { connectTimeout: 2, requestTimeout: 0 });
    const response = client.get('http://127.0.0.1:8080/');
    loop.advance(2.1);
    expect(response.exception()).toBeInstanceOf(TimeoutError);
    client.close();
    server.close();
    loop.close();
  });

  it('waits as long as connecting takes with connectTimeout and requestTimeout at 0 (no limit)', () => {
    const loop = new VirtualEventLoop({ network: { latency: 60 } });
    const server = serve(loop, ok);
    const client = new HTTPClient(loop, { connectTimeout: 0, requestTimeout: 0 });
    const response = client.get('http://127.0.0.1:8080/');
    loop.advance(59);
    expect(response.done()).toBe(false);
    loop.advance(200);
    expect(response.result().text()).toBe('ok');
    client.close();
    server.close();
    loop.close();
  });

  it('fails with ConnectionRefusedError when nobody listens', () => {
    const loop = new VirtualEventLoop();
    const client = new HTTPClient(loop);
    const response = client.get('http://127.0.0.1:9/');
    loop.runUntilIdle();
    expect(response.exception()).toBeInstanceOf(ConnectionRefusedError);
    expect(client.activeRequests).toBe(0);
    loop.close();
  });

  it('queues requests over maxConnectionsPerHost and reuses the connections', () => {
    const loop = new VirtualEventLoop();
    let connections = 0;
    const server = serve(loop, (request, response) => {
      loop.callLater(1, () => response.end(request.url));
    });
    const client = new HTTPClient(loop, { maxConnectionsPerHost: 2 });
    const responses = [1, 2, 3, 4, 5].map((i) => client.get(`http://127.0.0.1:8080/${i}`));
    loop.runUntilIdle();
    connections = server.connectionCount;
    expect(connections).toBe(2);
    expect(client.activeRequests).toBe(5);
    loop.advance(1);
    expect(responses.filter((r) => r.done())).toHaveLength(2);
    loop.advance(1);
    loop.advance(1);
    expect(responses.map((r) => r.result().text())).toEqual(['/1', '/2', '/3', '/4', '/5']);
    expect(server.connectionCount).toBe(2);
    expect(client.idleConnections).toBe(2);
    client.close();
    loop.runUntilIdle();
    expect(server.connectionCount).toBe(0);
    server.close();
    loop.close();
  });

  it('closes idle pooled connections after idleConnectionTimeout', () => {
    const loop = new VirtualEventLoop();
    const server = serve(loop, ok);
    const client = new HTTPClient(loop, { idleConnectionTimeout: 15 });
    const response = client.get('http://127.0.0.1:8080/');
    loop.runUntilIdle();
    expect(response.result().text()).toBe('ok');
    expect(client.idleConnections).toBe(1);
    loop.advance(15.1);
    expect(client.idleConnections).toBe(0);
    expect(server.connectionCount).toBe(0);
    server.close();
    loop.close();
  });

  it('retries an idempotent request once when the pooled connection was closed by the server', () => {
    // With 1 s of latency the server's close reaches the client after the client reused the
    // connection: the request dies without a byte of answer, and is sent again on a new one.
    const loop = new VirtualEventLoop({ network: { latency: 1 } });
    const server = serve(loop, ok, { idleConnectionTimeout: 10 });
    const client = new HTTPClient(loop, { idleConnectionTimeout: 60 });
    const first = client.get('http://127.0.0.1:8080/');
    loop.advance(5);
    expect(first.result().text()).toBe('ok');
    loop.advance(10.2 - (loop.time() - 2));
    expect(client.idleConnections).toBe(1);
    const second = client.get('http://127.0.0.1:8080/');
    const post = client.request({ url: 'http://127.0.0.1:8080/', method: 'POST', body: 'x' });
    loop.advance(10);
    expect(second.result().text()).toBe('ok');
    expect(post.result().text()).toBe('ok');
    client.close();
    server.close();
    loop.close();
  });
});

describe('nothing leaks', () => {
  it('leaves no timer, connection or pooled socket behind after every kind of ending', () => {
    const loop = new VirtualEventLoop();
    const reported: unknown[] = [];
    loop.setExceptionHandler((_loop, context) => reported.push(context.exception));
    const server = serve(
      loop,
      (request, response) => {
        if (request.path === '/throw') throw new Error('handler failed');
        if (request.path === '/never') return;
        if (request.path === '/stream') {
          response.write('x');
          return;
        }
        response.end('fine');
      },
      { headerTimeout: 5, idleConnectionTimeout: 20, bodyTimeout: 5 },
    );
    const client = new HTTPClient(loop, { requestTimeout: 3, idleConnectionTimeout: 30 });
    const results = ['/ok', '/throw', '/never', '/stream'].map((path) => client.get(`http://127.0.0.1:8080${path}`));
    const raw = connect(loop);
    raw.transport.write(Buffer.from('GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'));
    const slow = connect(loop);
    slow.transport.write(Buffer.from('GET / HT'));
    const gone = connect(loop);
    gone.transport.write(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nab'));
    gone.transport.abort();
    loop.advance(100);
    expect(results.map((r) => (r.exception() === null ? r.result().status : (r.exception() as Error).name))).toEqual([200, 500, 'TimeoutError', 'TimeoutError']);
    expect(raw.text.startsWith('HTTP/1.1 400 ')).toBe(true);
    expect(slow.lost && raw.lost).toBe(true);
    expect(reported).toHaveLength(1);
    client.close();
    server.close();
    loop.runUntilIdle();
    expect(server.connectionCount).toBe(0);
    expect(client.idleConnections + client.activeRequests).toBe(0);
    expect(loop.nextDeadline()).toBeUndefined();
    loop.close();
  });
});

describe('options', () => {
  it('noKeepAlive closes after each response; defaultHeaders go with every request unless overridden', () => {
    const loop = new VirtualEventLoop();
    const server = serve(loop, (request, response) => response.end(`${request.headers.get('x-default')} ${request.headers.get('user-agent')}`), {
      noKeepAlive: true,
    });
    const client = new HTTPClient(loop, { defaultHeaders: { 'X-Default': 'd', 'User-Agent': 'ours' } });
    const first = client.get('http://127.0.0.1:8080/');
    const second = client.request({ url: 'http://127.0.0.1:8080/', headers: { 'user-agent': 'mine' } });
    loop.runUntilIdle();
    expect(first.result().text()).toBe('d ours');
    expect(first.result().headers.get('connection')).toBe('close');
    expect(second.result().text()).toBe('d mine');
    expect(client.idleConnections).toBe(0);
    expect(server.connectionCount).toBe(0);
    client.close();
    server.close();
    loop.close();
  });
});
