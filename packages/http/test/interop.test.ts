// Other clients against our server (fetch/undici, node:http), and our client against our server
// over TLS and a UNIX socket.
import { request as nodeRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SSLCertVerificationError } from '@async/loop';
import { testTlsCredentials } from '@async/loop-testing';
import { HTTPClient, listenHTTP } from '@async/http';
import { withLoop, withServer } from './support.js';

describe('fetch (undici) → our server', () => {
  it('GET, POST with JSON, HEAD and a streamed chunked upload, on kept-alive connections', async () => {
    await withServer(
      async (request, response) => {
        const body = Buffer.from(await request.readAll()).toString();
        response.writeHead(200, { 'Content-Type': 'application/json', 'X-Method': request.method });
        response.end(JSON.stringify({ url: request.url, body, te: request.headers.get('transfer-encoding') ?? null }));
      },
      async (server) => {
        const base = `http://127.0.0.1:${server.port}`;
        const get = await fetch(`${base}/get?x=1`);
        expect(get.status).toBe(200);
        expect(get.headers.get('content-type')).toBe('application/json');
        expect(await get.json()).toEqual({ url: '/get?x=1', body: '', te: null });
        const post = await fetch(`${base}/post`, { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'Content-Type': 'application/json' } });
        expect(await post.json()).toEqual({ url: '/post', body: '{"a":1}', te: null });
        const head = await fetch(`${base}/head`, { method: 'HEAD' });
        expect(head.headers.get('x-method')).toBe('HEAD');
        expect(await head.text()).toBe('');
        const parts = ['streamed ', 'upload'];
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            const next = parts.shift();
            if (next === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(next));
          },
        });
        const upload = await fetch(`${base}/upload`, { method: 'PUT', body: stream, duplex: 'half' } as RequestInit);
        expect(await upload.json()).toEqual({ url: '/upload', body: 'streamed upload', te: 'chunked' });
        expect(server.connectionCount).toBe(1);
      },
      { streamRequestBody: (request) => request.method === 'PUT' },
    );
  });

  it('reads a chunked streamed response', async () => {
    await withServer(
      (_request, response) => {
        response.write('a'.repeat(1000));
        response.write(new Uint8Array([98, 99]));
        response.end('end');
      },
      async (server) => {
        const text = await (await fetch(`http://127.0.0.1:${server.port}/`)).text();
        expect(text).toBe(`${'a'.repeat(1000)}bcend`);
      },
    );
  });
});

describe('node:http client → our server', () => {
  it("answers with the request's version and knows the peer address", async () => {
    await withServer(
      (request, response) => response.end(`${request.version} ${request.protocol} ${request.remoteAddress}`),
      async (server) => {
        const get = (): Promise<string> =>
          new Promise((resolve, reject) => {
            nodeRequest({ host: '127.0.0.1', port: server.port, path: '/' }, (res) => {
              let text = '';
              res.on('data', (c: Buffer) => (text += c.toString()));
              res.on('end', () => resolve(`${res.statusCode} ${text}`));
            })
              .on('error', reject)
              .end();
          });
        expect(await get()).toBe('200 HTTP/1.1 http 127.0.0.1');
      },
    );
  });
});

describe('our client → our server', () => {
  it('over TLS (https:), trusting the test certificate, and refusing it when not trusted', async () => {
    const { cert, key } = testTlsCredentials();
    await withServer(
      (request, response) => response.end(`secure ${request.protocol} ${request.remoteAddress}`),
      async (server, loop) => {
        const client = new HTTPClient(loop, { tls: { ca: cert } });
        const response = await client.get(`https://localhost:${server.port}/`);
        expect(response.text()).toBe('secure https 127.0.0.1');
        expect((await client.get(`https://127.0.0.1:${server.port}/`)).text()).toBe('secure https 127.0.0.1');
        expect(client.idleConnections).toBe(2);
        client.close();
        const untrusting = new HTTPClient(loop);
        await expect(untrusting.get(`https://localhost:${server.port}/`)).rejects.toBeInstanceOf(SSLCertVerificationError);
        const unverified = await untrusting.get(`https://localhost:${server.port}/`, { tls: { rejectUnauthorized: false } });
        expect(unverified.text()).toBe('secure https 127.0.0.1');
        expect(untrusting.idleConnections).toBe(1);
        untrusting.close();
      },
      { tls: { cert, key } },
    );
  });

  it('over a UNIX socket', async () => {
    await withLoop(async (loop) => {
      const path = join(tmpdir(), `async-http-${process.pid}-${Date.now()}.sock`);
      const server = await listenHTTP(loop, (request, response) => response.end(`unix ${request.url}`), { path });
      expect(server.addresses()).toEqual([path]);
      const answer = loop.createFuture<string>();
      let text = '';
      const [transport] = await loop.createConnection(
        () => ({
          dataReceived(data: Uint8Array) {
            text += Buffer.from(data).toString();
            if (text.endsWith('unix /sock')) answer.setResult(text);
          },
        }),
        { path },
      );
      transport.write(Buffer.from('GET /sock HTTP/1.1\r\nHost: x\r\n\r\n'));
      expect(await answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      transport.close();
      server.close();
      await server.waitClosed();
    });
  });
});
