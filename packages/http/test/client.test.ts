// The client against node:http servers (interop) and against raw servers for malformed answers.
import { createServer as createNodeServer, type IncomingMessage, type Server as NodeServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { gzipSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ConnectionRefusedError, ConnectionResetError, InvalidArgumentError, InvalidStateError } from '@async/loop';
import { HTTPClient, HTTPParseError, HTTPTooManyRedirectsError } from '@async/http';
import { withLoop } from './support.js';

async function withNodeServer<T>(handler: (req: IncomingMessage, res: ServerResponse) => void, body: (base: string, server: NodeServer) => Promise<T>): Promise<T> {
  const server = createNodeServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    return await body(`http://127.0.0.1:${port}`, server);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A TCP server answering every piece of request it receives with fixed bytes (then closing, if asked). */
async function withRawServer<T>(answer: string | Buffer, close: boolean, body: (base: string) => Promise<T>): Promise<T> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', () => {
      if (close) socket.end(answer);
      else socket.write(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    return await body(`http://127.0.0.1:${port}`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
  });
}

describe('HTTPClient → node:http', () => {
  it('sends method, headers and body, and reads status, reason, headers and body', async () => {
    await withNodeServer(
      async (req, res) => {
        const body = await readBody(req);
        res.statusMessage = 'Made';
        res.statusCode = 201;
        res.setHeader('X-Echo', `${req.method} ${req.url} ${req.headers['x-in']} ${req.headers['content-length']}`);
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.end(`created ${body}`);
      },
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          const response = await client.request({ url: `${base}/p?q=1`, method: 'POST', headers: { 'X-In': 'v' }, body: 'héllo' });
          expect(response.status).toBe(201);
          expect(response.code).toBe(201);
          expect(response.reason).toBe('Made');
          expect(response.version).toBe('HTTP/1.1');
          expect(response.headers.get('x-echo')).toBe('POST /p?q=1 v 6');
          expect(response.headers.getAll('set-cookie')).toEqual(['a=1', 'b=2']);
          expect(response.text()).toBe('created héllo');
          expect(response.url).toBe(`${base}/p?q=1`);
          expect(response.requestTime).toBeGreaterThanOrEqual(0);
          client.close();
        }),
    );
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const ports = new Set<number>();
    await withNodeServer(
      (req, res) => {
        ports.add(req.socket.remotePort!);
        res.end('x');
      },
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          for (let i = 0; i < 5; i++) expect((await client.get(`${base}/${i}`)).text()).toBe('x');
          expect(ports.size).toBe(1);
          client.close();
        }),
    );
  });

  it('reads chunked and close-delimited bodies, and HEAD responses without a body', async () => {
    await withNodeServer(
      (req, res) => {
        if (req.url === '/chunked') {
          res.write('ab');
          res.end('cd');
        } else if (req.url === '/head') {
          res.setHeader('Content-Length', '100');
          res.end();
        } else {
          res.shouldKeepAlive = false;
          res.writeHead(200, { Connection: 'close' });
          res.end('until close');
        }
      },
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          expect((await client.get(`${base}/chunked`)).text()).toBe('abcd');
          const head = await client.request({ url: `${base}/head`, method: 'HEAD' });
          expect(head.headers.get('content-length')).toBe('100');
          expect(head.body.length).toBe(0);
          expect((await client.get(`${base}/chunked`)).text()).toBe('abcd');
          expect((await client.get(`${base}/close`)).text()).toBe('until close');
          client.close();
        }),
    );
  });

  it('follows redirects (303 turns POST into GET, 307 keeps it) up to maxRedirects', async () => {
    await withNodeServer(
      async (req, res) => {
        const body = await readBody(req);
        const loop = /^\/loop(\d+)/.exec(req.url!);
        if (req.url === '/see-other') res.writeHead(303, { Location: '/final' }).end();
        else if (req.url === '/temp') res.writeHead(307, { Location: '/final' }).end('moved');
        else if (loop !== null) res.writeHead(302, { Location: `/loop${Number(loop[1]) + 1}` }).end(`hop ${loop[1]}`);
        else res.end(`${req.method} ${body}`);
      },
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          const seeOther = await client.request({ url: `${base}/see-other`, method: 'POST', body: 'data' });
          expect(seeOther.text()).toBe('GET ');
          expect(seeOther.url).toBe(`${base}/final`);
          const temp = await client.request({ url: `${base}/temp`, method: 'POST', body: 'data' });
          expect(temp.text()).toBe('POST data');
          const error = await client.request({ url: `${base}/loop0`, maxRedirects: 3 }).then(
            () => null,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(HTTPTooManyRedirectsError);
          const last = (error as HTTPTooManyRedirectsError).response as { status: number; text(): string; url: string };
          expect(last.status).toBe(302);
          expect(last.text()).toBe('hop 3');
          const unfollowed = await client.request({ url: `${base}/loop0`, followRedirects: false });
          expect(unfollowed.status).toBe(302);
          expect(unfollowed.headers.get('location')).toBe('/loop1');
          client.close();
        }),
    );
  });

  it('asks for gzip and decodes gzip and deflate bodies', async () => {
    await withNodeServer(
      (req, res) => {
        const text = `payload for ${req.url} `.repeat(50);
        if (req.url === '/gzip') res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync(text));
        else if (req.url === '/deflate') res.writeHead(200, { 'Content-Encoding': 'deflate' }).end(deflateSync(text));
        else res.end(String(req.headers['accept-encoding']));
      },
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          expect((await client.get(`${base}/ae`)).text()).toBe('gzip, deflate');
          const gz = await client.get(`${base}/gzip`);
          expect(gz.text()).toBe('payload for /gzip '.repeat(50));
          expect(gz.headers.get('content-encoding')).toBeUndefined();
          expect(gz.headers.get('x-consumed-content-encoding')).toBe('gzip');
          expect((await client.get(`${base}/deflate`)).text()).toBe('payload for /deflate '.repeat(50));
          const raw = await client.get(`${base}/gzip`, { decompress: false });
          expect(raw.headers.get('content-encoding')).toBe('gzip');
          expect(Buffer.from(raw.body).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
          expect((await client.get(`${base}/ae`, { decompress: false })).text()).toBe('undefined');
          client.close();
        }),
    );
  });

  it('decodes a gzip body streamed with stream(), piece by piece', async () => {
    const text = 'streamed and compressed '.repeat(4000);
    const compressed = gzipSync(text);
    await withNodeServer(
      (_req, res) => {
        res.writeHead(200, { 'Content-Encoding': 'gzip' });
        res.write(compressed.subarray(0, 100));
        setImmediate(() => res.end(compressed.subarray(100)));
      },
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          const stream = await client.stream({ url: `${base}/` });
          expect(stream.headers.get('x-consumed-content-encoding')).toBe('gzip');
          expect(Buffer.from(await stream.readAll()).toString()).toBe(text);
          const limited = new HTTPClient(loop, { maxBodySize: 1000 });
          const tooBig = await limited.stream({ url: `${base}/` });
          const error = await tooBig.readAll().then(() => null, (e: unknown) => e);
          expect((error as HTTPParseError).status).toBe(413);
          limited.close();
          client.close();
        }),
    );
  });

  it('refuses a gzip body that decodes past maxBodySize', async () => {
    await withNodeServer(
      (_req, res) => res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync(Buffer.alloc(1 << 20))),
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop, { maxBodySize: 65536 });
          const error = await client.get(`${base}/`).then(() => null, (e: unknown) => e);
          expect(error).toBeInstanceOf(HTTPParseError);
          expect((error as HTTPParseError).status).toBe(413);
          client.close();
        }),
    );
  });

  it('sends the body of an Expect: 100-continue request after the 100', async () => {
    const server = createNodeServer((req, res) => void readBody(req).then((b) => res.end(`got ${b}`)));
    let continues = 0;
    server.on('checkContinue', (req, res) => {
      continues++;
      res.writeContinue();
      server.emit('request', req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await withLoop(async (loop) => {
        const client = new HTTPClient(loop);
        const response = await client.request({ url: `http://127.0.0.1:${port}/`, method: 'PUT', headers: { Expect: '100-continue' }, body: 'later' });
        expect(response.text()).toBe('got later');
        expect(continues).toBe(1);
        client.close();
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('streams a response body with read()', async () => {
    await withNodeServer(
      (_req, res) => {
        res.write('one ');
        setImmediate(() => res.end('two'));
      },
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          const stream = await client.stream({ url: `${base}/` });
          expect(stream.status).toBe(200);
          let text = '';
          for (let piece = await stream.read(); piece !== null; piece = await stream.read()) text += Buffer.from(piece).toString();
          expect(text).toBe('one two');
          expect(await stream.read()).toBeNull();
          client.close();
        }),
    );
  });
});

describe('HTTPClient bodyProducer', () => {
  it('streams a chunked request body with flow control, or a sized one with Content-Length', async () => {
    await withNodeServer(
      async (req, res) => {
        const body = await readBody(req);
        res.end(`${req.headers['transfer-encoding'] ?? 'none'} ${req.headers['content-length'] ?? 'none'} ${body.length} ${body.slice(0, 12)}`);
      },
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          const piece = 'x'.repeat(64 * 1024);
          let writes = 0;
          const chunked = await client.request({
            url: `${base}/up`,
            method: 'POST',
            bodyProducer: async (write) => {
              await write('first,');
              for (let i = 0; i < 80; i++) {
                await write(piece);
                writes++;
              }
            },
          });
          expect(chunked.text()).toBe(`chunked none ${6 + 80 * piece.length} first,xxxxxx`);
          expect(writes).toBe(80);
          const sized = await client.request({
            url: `${base}/up`,
            method: 'PUT',
            headers: { 'Content-Length': '10' },
            bodyProducer: (write) => {
              write('01234');
              return write(new TextEncoder().encode('56789'));
            },
          });
          expect(sized.text()).toBe('none 10 10 0123456789');
          client.close();
        }),
    );
  });

  it('fails the request with the error of a failing producer, and refuses body with bodyProducer', async () => {
    await withNodeServer(
      (req, res) => void readBody(req).then(() => res.end('never')),
      (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          const failing = client.request({
            url: `${base}/`,
            method: 'POST',
            bodyProducer: async (write) => {
              await write('a');
              throw new RangeError('producer broke');
            },
          });
          await expect(failing).rejects.toBeInstanceOf(RangeError);
          await expect(client.request({ url: `${base}/`, method: 'POST', body: 'x', bodyProducer: () => {} })).rejects.toBeInstanceOf(InvalidArgumentError);
          client.close();
        }),
    );
  });
});

describe('HTTPClient errors', () => {
  it('fails with ConnectionRefusedError when nothing listens', async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await withLoop(async (loop) => {
      const client = new HTTPClient(loop);
      await expect(client.get(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(ConnectionRefusedError);
      client.close();
    });
  });

  const BAD: [string, string, boolean, new (...args: never[]) => Error][] = [
    ['a malformed status line', 'HTTP/1.1 2OO OK\r\n\r\n', true, HTTPParseError],
    ['Content-Length with Transfer-Encoding', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', true, HTTPParseError],
    ['two Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc', true, HTTPParseError],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n', true, HTTPParseError],
    ['a header with NUL', 'HTTP/1.1 200 OK\r\nX: a\x00\r\nContent-Length: 0\r\n\r\n', true, HTTPParseError],
    ['a body cut short', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', true, ConnectionResetError],
    ['no answer at all', '', true, ConnectionResetError],
    ['HTTP/2 status line', 'HTTP/2.0 200 OK\r\n\r\n', true, HTTPParseError],
  ];
  for (const [name, answer, close, type] of BAD) {
    it(`fails with ${type.name} on ${name}`, async () => {
      await withRawServer(answer, close, (base) =>
        withLoop(async (loop) => {
          const client = new HTTPClient(loop);
          await expect(client.get(`${base}/`)).rejects.toBeInstanceOf(type);
          expect(client.activeRequests).toBe(0);
          expect(client.idleConnections).toBe(0);
          client.close();
        }),
      );
    });
  }

  it('fails a corrupt gzip body with HTTPParseError, buffered and streamed', async () => {
    await withRawServer('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nabcde', false, (base) =>
      withLoop(async (loop) => {
        const client = new HTTPClient(loop);
        await expect(client.get(`${base}/`)).rejects.toBeInstanceOf(HTTPParseError);
        const stream = await client.stream({ url: `${base}/` });
        await expect(stream.readAll()).rejects.toBeInstanceOf(HTTPParseError);
        client.close();
      }),
    );
  });

  it('fails a response head over maxHeaderSize with a 431 HTTPParseError', async () => {
    await withRawServer(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(5000)}\r\n\r\n`, false, (base) =>
      withLoop(async (loop) => {
        const client = new HTTPClient(loop, { maxHeaderSize: 1024 });
        const error = await client.get(`${base}/`).then(() => null, (e: unknown) => e);
        expect((error as HTTPParseError).status).toBe(431);
        client.close();
      }),
    );
  });

  it('fails bad options with InvalidArgumentError, and requests after close() with InvalidStateError', async () => {
    await withLoop(async (loop) => {
      expect(() => new HTTPClient(loop, { maxClients: 0 })).toThrow(InvalidArgumentError);
      expect(() => new HTTPClient(null as never)).toThrow(InvalidArgumentError);
      const client = new HTTPClient(loop);
      await expect(client.get('ftp://x/')).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(client.get('not a url')).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(client.request({ url: 'http://127.0.0.1/', method: 'GE T' })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(client.request({ url: 'http://127.0.0.1/', headers: { 'X-A': 'a\nb' } })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(client.request({ url: 'http://127.0.0.1/', requestTimeout: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
      client.close();
      await expect(client.get('http://127.0.0.1/')).rejects.toBeInstanceOf(InvalidStateError);
    });
  });
});
