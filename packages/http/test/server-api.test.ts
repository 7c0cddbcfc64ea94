// The server's API around the protocol: option checks, the protocol factory on in-memory
// transports, listen/close, streamed bodies with 100-continue, backlog flow control.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError, type Protocol, type Transport } from '@async/loop';
import { Recorder } from './support.js';
import { VirtualEventLoop, connectProtocols } from '@async/loop-testing';
import { HTTPClient, createHTTPServer, listenHTTP, type HTTPServerRequest } from '@async/http';

describe('createHTTPServer()', () => {
  it('checks its arguments', () => {
    const loop = new VirtualEventLoop();
    const ok = () => {};
    expect(() => createHTTPServer(null as never, ok)).toThrow(InvalidArgumentError);
    expect(() => createHTTPServer(loop, 'handler' as never)).toThrow(InvalidArgumentError);
    expect(() => createHTTPServer(loop, ok, { maxHeaderSize: 0 })).toThrow(InvalidArgumentError);
    expect(() => createHTTPServer(loop, ok, { maxBodySize: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => createHTTPServer(loop, ok, { headerTimeout: -1 })).toThrow(InvalidArgumentError);
    expect(() => createHTTPServer(loop, ok, { idleConnectionTimeout: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => createHTTPServer(loop, ok, { streamRequestBody: 'yes' as never })).toThrow(InvalidArgumentError);
    expect(() => createHTTPServer(loop, ok, 5 as never)).toThrow(InvalidArgumentError);
    loop.close();
  });

  it('serves any transport through protocolFactory (connectProtocols)', () => {
    const loop = new VirtualEventLoop();
    const server = createHTTPServer(loop, (request, response) => response.end(`in memory ${request.path} ${request.query}`));
    const client = new Recorder();
    connectProtocols(loop, client, server.protocolFactory());
    loop.runUntilIdle();
    client.transport.write(Buffer.from('GET /m?q=1 HTTP/1.1\r\nHost: x\r\n\r\n'));
    loop.runUntilIdle();
    expect(client.text.endsWith('in memory /m q=1')).toBe(true);
    expect(server.connectionCount).toBe(1);
    const closed = server.waitClosed();
    server.close();
    loop.runUntilIdle();
    expect(closed.done()).toBe(true);
    expect(client.lost).toBe(true);
    loop.close();
  });

  it('listens on several addresses, reports them, and refuses listen() once closed', () => {
    const loop = new VirtualEventLoop();
    const server = createHTTPServer(loop, (_request, response) => response.end('x'));
    const first = server.listen({ host: '127.0.0.1', port: 0 });
    const second = server.listen({ host: '127.0.0.1', port: 8081 });
    loop.runUntilIdle();
    expect(first.result()).toHaveLength(1);
    expect(second.result()).toEqual([{ address: '127.0.0.1', family: 'IPv4', port: 8081 }]);
    expect(server.addresses()).toHaveLength(2);
    expect(server.port).not.toBe(8081);
    server.close();
    const late = server.listen({ host: '127.0.0.1', port: 0 });
    expect(late.exception()).toBeInstanceOf(InvalidStateError);
    const closed = server.waitClosed();
    loop.runUntilIdle();
    expect(closed.done()).toBe(true);
    expect(() => createHTTPServer(loop, () => {}).port).toThrow(InvalidStateError);
    const unused = createHTTPServer(loop, () => {});
    const waiting = unused.waitClosed();
    loop.runUntilIdle();
    expect(waiting.done()).toBe(false);
    unused.close();
    loop.runUntilIdle();
    expect(waiting.done()).toBe(true);
    loop.close();
  });

  it('fails listenHTTP() when the address is taken', () => {
    const loop = new VirtualEventLoop();
    const one = listenHTTP(loop, () => {}, { host: '127.0.0.1', port: 80 });
    const two = listenHTTP(loop, () => {}, { host: '127.0.0.1', port: 80 });
    loop.runUntilIdle();
    expect(one.done() && one.exception()).toBeNull();
    expect((two.exception() as Error).name).toBe('AddressInUseError');
    one.result().close();
    loop.runUntilIdle();
    loop.close();
  });
});

describe('streamed request bodies', () => {
  function serveStreaming(loop: VirtualEventLoop, handler: (request: HTTPServerRequest, respond: (text: string) => void) => void, chunkSize?: number) {
    const server = createHTTPServer(
      loop,
      (request, response) => handler(request, (text) => response.end(text)),
      { streamRequestBody: (request) => request.path.startsWith('/stream') },
    );
    const client = new Recorder();
    connectProtocols(loop, client, server.protocolFactory(), chunkSize === undefined ? {} : { chunkSize });
    loop.runUntilIdle();
    return { server, client };
  }

  it('calls the handler at the head; read() gives the pieces, 100 Continue goes out on the first read', () => {
    const loop = new VirtualEventLoop();
    const pieces: (string | null)[] = [];
    let request: HTTPServerRequest | null = null;
    const { client } = serveStreaming(loop, (req, respond) => {
      request = req;
      const next = (): void => {
        req.read().addDoneCallback((f) => {
          const piece = f.result();
          pieces.push(piece === null ? null : Buffer.from(piece).toString());
          if (piece === null) respond(`got ${pieces.length - 1}`);
          else next();
        });
      };
      loop.callLater(1, next);
    });
    client.transport.write(Buffer.from('POST /stream HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n'));
    loop.runUntilIdle();
    expect(request!.streaming).toBe(true);
    expect(client.text).toBe('');
    loop.advance(1);
    expect(client.text).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    client.transport.write(Buffer.from('3\r\nabc\r\n'));
    loop.runUntilIdle();
    client.transport.write(Buffer.from('2\r\nde\r\n0\r\n\r\n'));
    loop.runUntilIdle();
    expect(pieces).toEqual(['abc', 'de', null]);
    expect(client.text.endsWith('got 2')).toBe(true);
    const second = request!.read();
    expect(second.result()).toBeNull();
    loop.close();
  });

  it('buffers bodies for requests the predicate does not stream; a second concurrent read() fails', () => {
    const loop = new VirtualEventLoop();
    const seen: string[] = [];
    const { client } = serveStreaming(loop, (req, respond) => {
      if (!req.streaming) {
        seen.push(`buffered ${Buffer.from(req.body).toString()}`);
        const read = req.read();
        seen.push(`read ${Buffer.from(read.result()!).toString()}, then ${String(req.read().result())}`);
        respond('ok');
        return;
      }
      const first = req.read();
      seen.push(`second read ${(req.read().exception() as Error).name}`);
      first.addDoneCallback((f) => {
        seen.push(`first ${Buffer.from(f.result()!).toString()}`);
        req.readAll().addDoneCallback((rest) => {
          seen.push(`rest ${Buffer.from(rest.result()).toString()}`);
          respond('ok');
        });
      });
    });
    client.transport.write(Buffer.from('POST /plain HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcPOST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nxyz'));
    loop.runUntilIdle();
    client.transport.write(Buffer.from('uvw'));
    loop.runUntilIdle();
    expect(seen).toEqual(['buffered abc', 'read abc, then null', 'second read InvalidStateError', 'first xyz', 'rest uvw']);
    expect(client.text.split('HTTP/1.1 200 OK').length - 1).toBe(2);
    loop.close();
  });

  it('keeps the connection when a streaming handler answers a bodiless request at once, or throws', () => {
    const loop = new VirtualEventLoop();
    const reported: unknown[] = [];
    loop.setExceptionHandler((_loop, context) => reported.push(context.exception));
    const { client } = serveStreaming(loop, (req, respond) => {
      if (req.url === '/stream-throw') throw new Error('sync failure');
      respond(`at once ${req.url}`);
    });
    client.transport.write(Buffer.from('GET /stream-a HTTP/1.1\r\nHost: x\r\n\r\nGET /stream-throw HTTP/1.1\r\nHost: x\r\n\r\nGET /stream-b HTTP/1.1\r\nHost: x\r\n\r\n'));
    loop.runUntilIdle();
    expect(client.text.split('HTTP/1.1 ').map((r) => r.slice(0, 3))).toEqual(['', '200', '500', '200']);
    expect(client.text.endsWith('at once /stream-b')).toBe(true);
    expect(client.lost).toBe(false);
    expect(reported).toHaveLength(1);
    loop.close();
  });

  it('closes the connection after a response sent before the streamed body was read', () => {
    const loop = new VirtualEventLoop();
    const { client } = serveStreaming(loop, (_req, respond) => respond('early'));
    client.transport.write(Buffer.from('POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial'));
    loop.runUntilIdle();
    expect(client.text.endsWith('early')).toBe(true);
    expect(client.lost).toBe(true);
    loop.close();
  });

  it('stops reading while a streamed body waits unread past 64 KiB, and resumes on read()', () => {
    const loop = new VirtualEventLoop();
    let request: HTTPServerRequest | null = null;
    const { client } = serveStreaming(
      loop,
      (req) => {
        request = req;
      },
      16 * 1024,
    );
    const total = 1024 * 1024;
    client.transport.write(Buffer.from(`POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`));
    client.transport.write(Buffer.alloc(total, 1));
    loop.runUntilIdle();
    expect(request!.maxBuffered).toBeGreaterThan(64 * 1024);
    expect(request!.maxBuffered).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
    let received = 0;
    let done = false;
    const next = (): void => {
      request!.read().addDoneCallback((f) => {
        const piece = f.result();
        if (piece === null) done = true;
        else {
          received += piece.length;
          next();
        }
      });
    };
    next();
    loop.runUntilIdle();
    expect(done).toBe(true);
    expect(received).toBe(total);
    expect(request!.maxBuffered).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
    loop.close();
  });
});

describe('pipelining backlog', () => {
  it('stops reading when more than a head of pipelined requests waits, and answers them all', () => {
    const loop = new VirtualEventLoop();
    const pending: (() => void)[] = [];
    const server = createHTTPServer(loop, (request, response) => pending.push(() => response.end(request.url)), { maxHeaderSize: 1024 });
    const client = new Recorder();
    connectProtocols(loop, client, server.protocolFactory());
    loop.runUntilIdle();
    const count = 200;
    for (let i = 0; i < count; i++) client.transport.write(Buffer.from(`GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`));
    loop.runUntilIdle();
    const protocol = [...(server as unknown as { _config: { connections: Set<{ transport: Transport }> } })._config.connections][0]!;
    expect(protocol.transport.isReading()).toBe(false);
    let answered = 0;
    while (pending.length > 0) {
      pending.shift()!();
      answered++;
      loop.runUntilIdle();
    }
    expect(answered).toBe(count);
    expect(client.text.split('HTTP/1.1 200 OK').length - 1).toBe(count);
    expect(client.text.endsWith(`/${count - 1}`)).toBe(true);
    loop.close();
  });
});

describe('our client → our server (virtual)', () => {
  it('HEAD, 204 and chunked responses, then reuse of a pooled connection', () => {
    const loop = new VirtualEventLoop();
    const listening = listenHTTP(
      loop,
      (request, response) => {
        if (request.path === '/204') response.writeHead(204).end();
        else if (request.path === '/chunked') {
          response.write('a');
          response.end('b');
        } else response.end(`${request.method} body`);
      },
      { host: '127.0.0.1', port: 80 },
    );
    loop.runUntilIdle();
    const server = listening.result();
    const client = new HTTPClient(loop);
    const head = client.request({ url: 'http://127.0.0.1/', method: 'HEAD' });
    const noContent = client.get('http://127.0.0.1/204');
    const chunked = client.get('http://127.0.0.1/chunked');
    loop.runUntilIdle();
    expect(head.result().headers.get('content-length')).toBe('9');
    expect(head.result().body).toHaveLength(0);
    expect(noContent.result().status).toBe(204);
    expect(chunked.result().text()).toBe('ab');
    expect(server.connectionCount).toBe(3);
    const again = client.get('http://127.0.0.1/');
    loop.runUntilIdle();
    expect(again.result().text()).toBe('GET body');
    expect(server.connectionCount).toBe(3);
    client.close();
    server.close();
    loop.runUntilIdle();
    expect(server.connectionCount).toBe(0);
    loop.close();
  });

  it('queues over maxClients across hosts, and times out a request still in the queue', () => {
    const loop = new VirtualEventLoop();
    const listening = listenHTTP(loop, (_request, response) => loop.callLater(10, () => response.end('slow')), { host: '127.0.0.1', port: 80 });
    loop.runUntilIdle();
    const server = listening.result();
    const client = new HTTPClient(loop, { maxClients: 1, requestTimeout: 15 });
    const first = client.get('http://127.0.0.1/a');
    const second = client.get('http://127.0.0.1/b');
    loop.advance(10);
    expect(first.result().text()).toBe('slow');
    expect(second.done()).toBe(false);
    loop.advance(5.1);
    expect((second.exception() as Error).name).toBe('TimeoutError');
    expect(client.activeRequests).toBe(0);
    client.close();
    server.close();
    server.abortConnections();
    loop.runUntilIdle();
    loop.close();
  });
});

describe('HTTPServerResponse.detach()', () => {
  it('hands the connection to another protocol after a 101, with the bytes that followed the request', () => {
    const loop = new VirtualEventLoop();
    const server = createHTTPServer(loop, (request, response) => {
      if (request.headers.get('upgrade') !== 'echo') {
        response.writeHead(426).end();
        return;
      }
      response.writeHead(101, { Upgrade: 'echo', Connection: 'Upgrade' });
      response.flushHeaders();
      const { transport, buffered } = response.detach();
      const echo: Protocol = {
        dataReceived(data: Uint8Array) {
          transport.write(Buffer.concat([Buffer.from('echo:'), data]));
        },
      };
      transport.setProtocol(echo);
      if (buffered.length > 0) echo.dataReceived!(buffered);
      transport.resumeReading();
      expect(() => response.end()).toThrow(InvalidStateError);
    });
    const client = new Recorder();
    connectProtocols(loop, client, server.protocolFactory());
    loop.runUntilIdle();
    client.transport.write(Buffer.from('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nfirst'));
    loop.runUntilIdle();
    expect(client.text).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\nDate: .*\r\n\r\necho:first$/);
    expect(server.connectionCount).toBe(0);
    client.transport.write(Buffer.from('second'));
    loop.advance(7200);
    expect(client.text.endsWith('echo:firstecho:second')).toBe(true);
    expect(client.lost).toBe(false);
    server.close();
    loop.runUntilIdle();
    expect(client.lost).toBe(false);
    client.transport.close();
    loop.runUntilIdle();
    loop.close();
  });
});

describe('decompressRequest', () => {
  it('decodes gzip request bodies, buffered and streamed, and refuses corrupt ones with 400', async () => {
    const { gzipSync } = await import('node:zlib');
    const loop = new VirtualEventLoop();
    const seen: string[] = [];
    const server = createHTTPServer(
      loop,
      (request, response) => {
        request.readAll().addDoneCallback((f) => {
          seen.push(`${request.path} ${request.streaming} ${request.headers.get('x-consumed-content-encoding')} ${request.headers.has('content-encoding')} ${Buffer.from(f.result()).toString()}`);
          response.end('ok');
        });
      },
      { decompressRequest: true, streamRequestBody: (request) => request.path === '/stream' },
    );
    const client = new Recorder();
    connectProtocols(loop, client, server.protocolFactory());
    loop.runUntilIdle();
    const body = gzipSync('decoded text');
    client.transport.write(Buffer.concat([Buffer.from(`POST /buffered HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    loop.runUntilIdle();
    client.transport.write(Buffer.concat([Buffer.from(`POST /stream HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    // zlib decodes a streamed body on its thread pool: let the loop wait for it.
    await loop.runUntilComplete(
      (async () => {
        while (seen.length < 2) await new Promise<void>((resolve) => setImmediate(resolve));
      })(),
    );
    expect(seen).toEqual(['/buffered false gzip false decoded text', '/stream true gzip false decoded text']);
    client.transport.write(Buffer.from('POST /buffered HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nbad'));
    loop.runUntilIdle();
    expect(client.text).toMatch(/HTTP\/1\.1 400 Bad Request/);
    expect(client.lost).toBe(true);
    loop.close();
  });
});

describe('HTTPClient.upgrade()', () => {
  function upgradeServer(loop: VirtualEventLoop) {
    const listening = listenHTTP(
      loop,
      (request, response) => {
        if (request.headers.get('upgrade') !== 'echo') {
          response.writeHead(400).end('no upgrade asked');
          return;
        }
        response.writeHead(101, { Upgrade: 'echo', Connection: 'Upgrade' });
        response.flushHeaders();
        const { transport, buffered } = response.detach();
        const echo: Protocol = { dataReceived: (data: Uint8Array) => transport.write(Buffer.concat([Buffer.from('echo:'), data])) };
        transport.setProtocol(echo);
        transport.write(Buffer.from(`hello${buffered.length}`));
        transport.resumeReading();
      },
      { host: '127.0.0.1', port: 80 },
    );
    loop.runUntilIdle();
    return listening.result();
  }

  it('gives the connection after a 101, paused, with the bytes that came with the head', () => {
    const loop = new VirtualEventLoop();
    const server = upgradeServer(loop);
    const client = new HTTPClient(loop);
    const upgrading = client.upgrade({ url: 'http://127.0.0.1/ws', headers: { Upgrade: 'echo', Connection: 'Upgrade' } });
    loop.runUntilIdle();
    const { response, transport, buffered } = upgrading.result();
    expect(response.status).toBe(101);
    expect(response.headers.get('upgrade')).toBe('echo');
    expect(Buffer.from(buffered).toString()).toBe('hello0');
    const mine = new Recorder();
    transport!.setProtocol(mine);
    mine.transport = transport!;
    transport!.resumeReading();
    transport!.write(Buffer.from('ping'));
    loop.runUntilIdle();
    expect(mine.text).toBe('echo:ping');
    expect(client.activeRequests + client.idleConnections).toBe(0);
    transport!.close();
    loop.runUntilIdle();
    expect(mine.lost).toBe(true);
    client.close();
    server.close();
    loop.runUntilIdle();
    loop.close();
  });

  it('resolves with the whole refusal and no connection when the server does not switch', () => {
    const loop = new VirtualEventLoop();
    const server = upgradeServer(loop);
    const client = new HTTPClient(loop);
    const refused = client.upgrade({ url: 'http://127.0.0.1/ws' });
    loop.runUntilIdle();
    expect(refused.result().transport).toBeNull();
    expect(refused.result().response.status).toBe(400);
    expect(refused.result().response.text()).toBe('no upgrade asked');
    client.close();
    server.close();
    loop.runUntilIdle();
    loop.close();
  });

  it('fails a plain request answered with 101 with HTTPParseError', () => {
    const loop = new VirtualEventLoop();
    const server = upgradeServer(loop);
    const client = new HTTPClient(loop);
    const plain = client.request({ url: 'http://127.0.0.1/ws', headers: { Upgrade: 'echo', Connection: 'Upgrade' } });
    loop.runUntilIdle();
    expect((plain.exception() as Error).name).toBe('HTTPParseError');
    expect(client.activeRequests).toBe(0);
    client.close();
    server.close();
    loop.runUntilIdle();
    loop.close();
  });
});
