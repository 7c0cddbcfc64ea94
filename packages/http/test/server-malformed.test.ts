// Malformed, smuggled and oversized requests get a 4xx/5xx answer and a closed connection, and
// the handler never sees them.
import { describe, expect, it } from 'vitest';
import { RawClient, statusOf, withServer } from './support.js';

const CASES: [string, string, number][] = [
  ['Content-Length with Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ['two Content-Length fields', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc', 400],
  ['differing Content-Length list', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\nabc', 400],
  ['signed Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc', 400],
  ['chunked not last', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', 400],
  ['two Transfer-Encoding fields ending with identity', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n', 400],
  ['unknown coding before chunked', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 501],
  ['Transfer-Encoding in HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ['bad chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
  ['chunk size with 0x', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n', 400],
  ['chunk data too long', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n', 400],
  ['overlong chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n', 400],
  ['two Host fields', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
  ['space before the colon', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n', 400],
  ['NUL in a value', 'GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n', 400],
  ['bare LF line ending', 'GET / HTTP/1.1\nHost: x\n\n\r\n\r\n', 400],
  ['bare CR in a value', 'GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n', 400],
  ['obsolete line folding', 'GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n', 400],
  ['header without colon', 'GET / HTTP/1.1\r\nHost x\r\n\r\n', 400],
  ['malformed request line', 'GET  / HTTP/1.1\r\nHost: x\r\n\r\n', 400],
  ['lower-case version', 'GET / http/1.1\r\nHost: x\r\n\r\n', 400],
  ['HTTP/2.0 request line', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n', 505],
  ['control character in the target', 'GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n', 400],
];

describe('HTTPServer refuses bad requests', () => {
  for (const [name, request, status] of CASES) {
    it(`${name} → ${status} and close`, async () => {
      let called = 0;
      await withServer(
        (_request, response) => {
          called++;
          response.end('handled');
        },
        async (server) => {
          const client = await RawClient.open(server.port);
          client.send(request);
          const text = await client.untilClosed();
          expect(statusOf(text)).toBe(status);
          expect(text).toMatch(/\r\nConnection: close\r\n/);
          expect(called).toBe(0);
        },
      );
    });
  }

  it('answers 431 to a head over maxHeaderSize, even before it ends', async () => {
    await withServer(
      () => {},
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send(`GET / HTTP/1.1\r\nX: ${'a'.repeat(2000)}`);
        expect(statusOf(await client.untilClosed())).toBe(431);
      },
      { maxHeaderSize: 1024 },
    );
  });

  it('answers 413 to a declared body over maxBodySize, and to a chunked one going over', async () => {
    await withServer(
      () => {},
      async (server) => {
        const declared = await RawClient.open(server.port);
        declared.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n');
        expect(statusOf(await declared.untilClosed())).toBe(413);
        const chunked = await RawClient.open(server.port);
        chunked.send(`POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n${'a'.repeat(64)}\r\n40\r\n`);
        expect(statusOf(await chunked.untilClosed())).toBe(413);
      },
      { maxBodySize: 100 },
    );
  });

  it('accepts empty lines before a request line, and a head right at the limit', async () => {
    const head = 'GET / HTTP/1.1\r\nHost: x\r\nX: ';
    const fill = 256 - head.length - 4;
    await withServer(
      (request, response) => response.end(String(request.headers.get('x')!.length)),
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send(`\r\n\r\n${head}${'v'.repeat(fill)}\r\n\r\n`);
        const [response] = await client.responses(1);
        expect(response!.endsWith(String(fill))).toBe(true);
        client.close();
      },
      { maxHeaderSize: 256 },
    );
  });

  it('refuses a smuggled request pipelined behind a good one, after answering the good one', async () => {
    const seen: string[] = [];
    await withServer(
      (request, response) => {
        seen.push(request.url);
        response.end('ok');
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send(
          'GET /good HTTP/1.1\r\nHost: x\r\n\r\nPOST /evil HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hidden HTTP/1.1\r\nHost: x\r\n\r\n',
        );
        const text = await client.untilClosed();
        expect(text.startsWith('HTTP/1.1 200 OK')).toBe(true);
        expect(text).toMatch(/HTTP\/1\.1 400 Bad Request/);
        expect(seen).toEqual(['/good']);
      },
    );
  });

  it('closes when the client stops in the middle of a body', async () => {
    let called = 0;
    await withServer(
      () => {
        called++;
      },
      async (server) => {
        const client = await RawClient.open(server.port);
        client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
        client.socket.end();
        expect(statusOf(await client.untilClosed())).toBe(400);
        expect(called).toBe(0);
      },
    );
  });
});
