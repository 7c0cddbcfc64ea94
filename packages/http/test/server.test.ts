// The server on real 127.0.0.1 sockets, driven by a raw TCP client so every byte is checked.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError } from '@async/loop';
import { RawClient, splitResponses, statusOf, withServer } from './support.js';

const hello = (request: { method: string; url: string; body: Uint8Array }, response: { end(b: string): void }): void => {
  response.end(`${request.method} ${request.url} ${request.body.length}`);
};

describe('HTTPServer basics', () => {
  it('answers a GET with Content-Length, Date and the body in one response', async () => {
    await withServer(hello, async (server) => {
      const client = await RawClient.open(server.port);
      client.send('GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n');
      const [response] = await client.responses(1);
      expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(response).toMatch(/\r\nDate: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r\n/);
      expect(response).toMatch(/\r\nContent-Length: 12\r\n/);
      expect(response!.endsWith('\r\n\r\nGET /a?b=1 0')).toBe(true);
      expect(response).not.toMatch(/Connection:/);
      client.close();
    });
  });

  it('keeps an HTTP/1.1 connection alive across requests', async () => {
    let connections = 0;
    await withServer(
      (request, response) => {
        response.end(String(request.connection === undefined ? -1 : connections));
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        for (let i = 0; i < 3; i++) {
          client.send(`GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
          const text = await client.until((t) => splitResponses(t).length === 1);
          expect(statusOf(text)).toBe(200);
          client.take();
        }
        connections = server.connectionCount;
        expect(connections).toBe(1);
        expect(client.isClosed).toBe(false);
        client.close();
      },
    );
  });

  it('closes after a response when the request says Connection: close', async () => {
    await withServer(hello, async (server) => {
      const client = await RawClient.open(server.port);
      client.send('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const text = await client.untilClosed();
      expect(text).toMatch(/\r\nConnection: close\r\n/);
      expect(text.endsWith('GET / 0')).toBe(true);
    });
  });

  it('closes HTTP/1.0 connections unless they ask for keep-alive', async () => {
    await withServer(hello, async (server) => {
      const plain = await RawClient.open(server.port);
      plain.send('GET /old HTTP/1.0\r\n\r\n');
      const text = await plain.untilClosed();
      expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(text).not.toMatch(/Connection:/);

      const kept = await RawClient.open(server.port);
      kept.send('GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      const [first] = await kept.responses(1);
      expect(first).toMatch(/\r\nConnection: keep-alive\r\n/);
      kept.take();
      kept.send('GET /k2 HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n');
      const [second] = await kept.responses(1);
      expect(second!.endsWith('GET /k2 0')).toBe(true);
      expect(kept.isClosed).toBe(false);
      kept.close();
    });
  });

  it('streams to an HTTP/1.0 client until close, without chunking', async () => {
    await withServer(
      (_request, response) => {
        response.write('part1 ');
        response.end('part2');
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
        const text = await client.untilClosed();
        expect(text).not.toMatch(/Transfer-Encoding|Content-Length|keep-alive/i);
        expect(text.endsWith('\r\n\r\npart1 part2')).toBe(true);
      },
    );
  });

  it('answers pipelined requests in order, even when the first answers last', async () => {
    const order: string[] = [];
    await withServer(
      (request, response) => {
        order.push(request.url);
        if (request.url === '/slow') request.connection.loop.callLater(0.005, () => response.end('slow'));
        else response.end(request.url);
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n');
        const responses = await client.responses(3);
        expect(responses.map((r) => r.slice(r.indexOf('\r\n\r\n') + 4))).toEqual(['slow', '/b', '/c']);
        expect(order).toEqual(['/slow', '/b', '/c']);
        client.close();
      },
    );
  });

  it('reads chunked request bodies (with trailers) and sends chunked responses', async () => {
    await withServer(
      (request, response) => {
        response.write(Buffer.from(request.body).toString());
        response.write('');
        response.end(` trailer=${request.trailers?.get('x-t') ?? 'none'}`);
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-T: yes\r\n\r\n');
        const text = await client.until((t) => t.endsWith('0\r\n\r\n'));
        expect(text).toMatch(/\r\nTransfer-Encoding: chunked\r\n/);
        expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toBe('b\r\nhello world\r\nc\r\n trailer=yes\r\n0\r\n\r\n');
        client.close();
      },
    );
  });

  it('answers 100 Continue before reading a body the client holds back', async () => {
    await withServer(hello, async (server) => {
      const client = await RawClient.open(server.port);
      client.send('POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n');
      const interim = await client.until((t) => t.includes('\r\n\r\n'));
      expect(interim).toBe('HTTP/1.1 100 Continue\r\n\r\n');
      client.take();
      client.send('data');
      const [response] = await client.responses(1);
      expect(response!.endsWith('POST /up 4')).toBe(true);
      client.close();
    });
  });

  it('refuses an unknown expectation with 417', async () => {
    await withServer(hello, async (server) => {
      const client = await RawClient.open(server.port);
      client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: teapot\r\n\r\nx');
      expect(statusOf(await client.untilClosed())).toBe(417);
    });
  });

  it('writes no body for HEAD but keeps the Content-Length of the GET', async () => {
    await withServer(
      (_request, response) => response.end('twelve bytes'),
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n');
        const text = await client.until((t) => t.endsWith('twelve bytes'));
        const [head, rest] = [text.slice(0, text.indexOf('\r\n\r\n') + 4), text.slice(text.indexOf('\r\n\r\n') + 4)];
        expect(head).toMatch(/Content-Length: 12/);
        expect(rest.startsWith('HTTP/1.1 200 OK')).toBe(true);
        client.close();
      },
    );
  });

  it('sends no body and no Content-Length for 204 and 304', async () => {
    await withServer(
      (request, response) => {
        response.writeHead(request.url === '/204' ? 204 : 304);
        response.end('ignored');
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('GET /204 HTTP/1.1\r\nHost: x\r\n\r\nGET /304 HTTP/1.1\r\nHost: x\r\n\r\n');
        const text = await client.until((t) => (t.match(/\r\n\r\n/g) ?? []).length >= 2);
        expect(text).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
        expect(text).toMatch(/HTTP\/1\.1 304 Not Modified\r\n/);
        expect(text).not.toMatch(/Content-Length|ignored/);
        client.close();
      },
    );
  });

  it('respects a Content-Length set by the handler while streaming', async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(200, { 'Content-Length': 6, 'X-A': ['1', '2'] }, 'Fine');
        response.write('abc');
        response.end('def');
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        const [response] = await client.responses(1);
        expect(response).toMatch(/^HTTP\/1\.1 200 Fine\r\nContent-Length: 6\r\nX-A: 1\r\nX-A: 2\r\n/);
        expect(response!.endsWith('\r\n\r\nabcdef')).toBe(true);
        client.close();
      },
    );
  });

  it('frames a whole body in chunks when the handler sets Transfer-Encoding: chunked, and flushes heads on demand', async () => {
    await withServer(
      (request, response) => {
        if (request.url === '/flush') {
          response.flushHeaders();
          response.end();
          return;
        }
        response.writeHead(200, { 'Transfer-Encoding': 'chunked' });
        if (request.url === '/text') response.end('text body');
        else response.end(new Uint8Array([65, 66]));
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('GET /text HTTP/1.1\r\nHost: x\r\n\r\nGET /bytes HTTP/1.1\r\nHost: x\r\n\r\nGET /flush HTTP/1.1\r\nHost: x\r\n\r\n');
        const text = await client.until((t) => (t.match(/0\r\n\r\n/g) ?? []).length === 3);
        const bodies = text.split(/HTTP\/1\.1 200 OK\r\n[^]*?\r\n\r\n/).slice(1);
        expect(bodies).toEqual(['9\r\ntext body\r\n0\r\n\r\n', '2\r\nAB\r\n0\r\n\r\n', '0\r\n\r\n']);
        client.close();
      },
    );
  });

  it('aborts the connection when fewer bytes than the declared Content-Length are written', async () => {
    const errors: unknown[] = [];
    await withServer(
      (_request, response) => {
        response.writeHead(200, { 'Content-Length': 10 });
        response.write('abc');
        try {
          response.end();
        } catch (error) {
          errors.push(error);
        }
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        await client.untilClosed();
        expect(errors[0]).toBeInstanceOf(InvalidStateError);
      },
    );
  });

  it('checks what the handler gives: status, headers, double end', async () => {
    const errors: unknown[] = [];
    await withServer(
      (_request, response) => {
        for (const bad of [() => response.writeHead(99), () => response.writeHead(200, { 'Bad Name': 'x' }), () => response.writeHead(200, { X: 'a\r\nb' }), () => response.writeHead(200, null, 'a\nb')]) {
          try {
            bad();
          } catch (error) {
            errors.push(error);
          }
        }
        response.end('ok');
        try {
          response.end();
        } catch (error) {
          errors.push(error);
        }
        try {
          response.write('more');
        } catch (error) {
          errors.push(error);
        }
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        const [response] = await client.responses(1);
        expect(response!.endsWith('ok')).toBe(true);
        expect(errors.slice(0, 4).every((e) => e instanceof InvalidArgumentError)).toBe(true);
        expect(errors.slice(4).every((e) => e instanceof InvalidStateError)).toBe(true);
        expect(errors).toHaveLength(6);
        client.close();
      },
    );
  });
});

describe('HTTPServer handler failures', () => {
  it('answers 500 for a throwing handler, reports it, and keeps the connection', async () => {
    await withServer(
      (request, response) => {
        if (request.url === '/boom') throw new Error('boom');
        response.end('fine');
      },
      async (server, _loop, reported) => {
        const client = await RawClient.open(server.port);
        client.send('GET /boom HTTP/1.1\r\nHost: x\r\n\r\n');
        const [failed] = await client.responses(1);
        expect(statusOf(failed!)).toBe(500);
        client.take();
        client.send('GET /ok HTTP/1.1\r\nHost: x\r\n\r\n');
        const [ok] = await client.responses(1);
        expect(ok!.endsWith('fine')).toBe(true);
        expect(reported).toHaveLength(1);
        expect((reported[0]!.exception as Error).message).toBe('boom');
        client.close();
      },
    );
  });

  it('answers 500 when the returned promise rejects', async () => {
    await withServer(
      async () => {
        await Promise.resolve();
        throw new Error('later');
      },
      async (server, _loop, reported) => {
        const client = await RawClient.open(server.port);
        client.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        const [failed] = await client.responses(1);
        expect(statusOf(failed!)).toBe(500);
        expect((reported[0]!.exception as Error).message).toBe('later');
        client.close();
      },
    );
  });

  it('aborts the connection when the handler fails after the head was sent', async () => {
    await withServer(
      (_request, response) => {
        response.write('partial');
        throw new Error('midway');
      },
      async (server, _loop, reported) => {
        const client = await RawClient.open(server.port);
        client.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        const text = await client.untilClosed();
        expect(text).toMatch(/partial/);
        expect(text.endsWith('0\r\n\r\n')).toBe(false);
        expect(reported).toHaveLength(1);
      },
    );
  });
});

describe('HTTPServerResponse.waitFinished()', () => {
  it('resolves when the response is finished, and fails when the client leaves first', async () => {
    const outcomes: string[] = [];
    const { ConnectionError } = await import('@async/loop');
    await withServer(
      (request, response) => {
        response.waitFinished().then(
          () => outcomes.push(`${request.url} finished`),
          (error: unknown) => outcomes.push(`${request.url} ${error instanceof ConnectionError ? 'lost' : 'other'}`),
        );
        if (request.url === '/now') response.end('done');
      },
      async (server, loop) => {
        const client = await RawClient.open(server.port);
        client.send('GET /now HTTP/1.1\r\nHost: x\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n');
        await client.responses(1);
        // A reset: an EOF alone would be a half-close, after which the response is still owed.
        client.socket.resetAndDestroy();
        while (outcomes.length < 2) await new Promise<void>((resolve) => loop.callSoon(resolve));
        expect(outcomes).toEqual(['/now finished', '/never lost']);
      },
    );
  });
});
