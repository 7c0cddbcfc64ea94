// End-to-end property tests on the in-memory network: random bytes at the server and random
// answers to the client never reach the loop's exception handler, and every connection ends
// with a typed outcome and nothing left behind.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionError, type Protocol, type Transport } from '@async/loop';
import { Recorder } from './support.js';
import { VirtualEventLoop, connectProtocols } from '@async/loop-testing';
import { HTTPClient, HTTPParseError, createHTTPServer } from '@async/http';

/** Answers whatever it receives with fixed bytes, then closes if asked. */
class Answerer implements Protocol {
  private transport: Transport | null = null;
  constructor(
    private readonly answer: Buffer,
    private readonly close: boolean,
  ) {}
  connectionMade(transport: Transport): void {
    this.transport = transport;
  }
  dataReceived(): void {
    this.transport!.write(this.answer);
    if (this.close) this.transport!.close();
  }
}

const prefixes = ['GET / HTTP/1.1\r\n', 'POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n', 'PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\n', ''];

describe('protocol properties', () => {
  it('the server survives any input: no exception reported, no timer left once closed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...prefixes),
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        fc.boolean(),
        (prefix, bytes, chunkSize, eof, streaming) => {
          const loop = new VirtualEventLoop();
          const reported: unknown[] = [];
          loop.setExceptionHandler((_loop, context) => reported.push(context.exception ?? context.message));
          const server = createHTTPServer(
            loop,
            (request, response) => {
              request.readAll().addDoneCallback((f) => {
                if (f.exception() === null) response.end(`ok ${f.result().length}`);
                else response.end('failed');
              });
            },
            { streamRequestBody: streaming, headerTimeout: 5, bodyTimeout: 5, idleConnectionTimeout: 5 },
          );
          const client = new Recorder();
          connectProtocols(loop, client, server.protocolFactory(), { chunkSize });
          loop.runUntilIdle();
          client.transport.write(Buffer.concat([Buffer.from(prefix, 'latin1'), bytes]));
          if (eof) client.transport.writeEof();
          loop.advance(10);
          server.close();
          loop.advance(10);
          expect(reported).toEqual([]);
          expect(server.connectionCount).toBe(0);
          expect(loop.nextDeadline()).toBeUndefined();
          loop.close();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the client fails with a typed error or succeeds, whatever the server answers', () => {
    const answers = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc
        .tuple(
          fc.constantFrom('HTTP/1.1 200 OK\r\n', 'HTTP/1.0 200 OK\r\n', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No\r\n', 'HTTP/1.1 302 Found\r\nLocation: /x\r\n'),
          fc.constantFrom('Content-Length: 3\r\n', 'Transfer-Encoding: chunked\r\n', 'Content-Encoding: gzip\r\n', ''),
          fc.uint8Array({ maxLength: 60 }),
        )
        .map(([line, header, rest]) => Buffer.concat([Buffer.from(`${line}${header}\r\n`, 'latin1'), rest])),
    );
    fc.assert(
      fc.property(answers, fc.boolean(), fc.integer({ min: 1, max: 64 }), (answer, close, chunkSize) => {
        const loop = new VirtualEventLoop({ network: { chunkSize } });
        const reported: unknown[] = [];
        loop.setExceptionHandler((_loop, context) => reported.push(context.exception ?? context.message));
        const listening = loop.createServer(() => new Answerer(answer, close), { host: '127.0.0.1', port: 80 });
        loop.runUntilIdle();
        const client = new HTTPClient(loop, { requestTimeout: 30, maxRedirects: 2 });
        const response = client.get('http://127.0.0.1/');
        loop.advance(60);
        expect(response.done()).toBe(true);
        const error = response.exception();
        if (error !== null) {
          expect(
            error instanceof HTTPParseError || error instanceof ConnectionError || (error as Error).name === 'TimeoutError' || (error as Error).name === 'HTTPTooManyRedirectsError',
          ).toBe(true);
        }
        client.close();
        listening.result().close();
        listening.result().abortClients();
        loop.advance(100);
        expect(reported).toEqual([]);
        expect(client.activeRequests + client.idleConnections).toBe(0);
        expect(loop.nextDeadline()).toBeUndefined();
        loop.close();
      }),
      { numRuns: 150 },
    );
  });
});
