// StaticFileHandler over a temporary directory: content and headers, HEAD, 404, path traversal
// (raw requests, since clients normalise ../), 304 from If-Modified-Since and If-None-Match,
// defaultFilename and its redirect, byte ranges, versioned URLs, and the staticPath setting.
// Files are read with real I/O, so these run on a NodeEventLoop with real sockets (a virtual
// loop would jump its clock past the request timeout while the disk answers).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExceptionContext, InvalidArgumentError, NodeEventLoop } from '@async/loop';
import { Application, AsyncHTTPClient, type HTTPResponse, type HTTPServer, IOLoop, StaticFileHandler } from '@async/ioloop';
import { bodyOf, rawRequest, serve } from './http-fixture.js';

let dir = '';
let root = '';
const MTIME = new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 500));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioloop-static-'));
  root = join(dir, 'public');
  mkdirSync(join(root, 'docs'), { recursive: true });
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'hello.txt'), 'hello, static world\n');
  writeFileSync(join(root, 'style.css'), 'body {}\n');
  writeFileSync(join(root, 'data.bin'), Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  writeFileSync(join(root, 'big.js'), 'x'.repeat(200_000));
  writeFileSync(join(root, 'docs', 'index.html'), '<h1>docs</h1>');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  utimesSync(join(root, 'hello.txt'), MTIME, MTIME);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (r: HTTPResponse): string => Buffer.from(r.body).toString('latin1');

function app(): Application {
  return new Application([['/files/(.*)', StaticFileHandler, { path: root, defaultFilename: 'index.html' }]]);
}

/** What reached the exception handler during the last `withServer()`. */
let reported: ExceptionContext[] = [];

/** Runs `body` with a server for `application` on a free port of 127.0.0.1, then stops it. */
async function withServer<T>(application: Application, body: (ioloop: IOLoop, server: HTTPServer) => Generator<unknown, T, unknown>): Promise<T> {
  const ioloop = new IOLoop({ loop: new NodeEventLoop() });
  reported = [];
  ioloop.setExceptionHandler((_loop, context) => reported.push(context));
  try {
    return await ioloop.runSync(function* () {
      const server = yield* serve(application, 0, { ioloop });
      try {
        return yield* body(ioloop, server);
      } finally {
        server.stop();
        yield server.closeAllConnections();
      }
    });
  } finally {
    ioloop.close({ allFds: true });
  }
}

function fetchAll(requests: (string | [string, Record<string, unknown>])[], application = app()): Promise<HTTPResponse[]> {
  return withServer(application, function* (ioloop, server) {
    const client = new AsyncHTTPClient({ ioloop, forceInstance: true });
    const out: HTTPResponse[] = [];
    for (const r of requests) {
      const [path, options] = typeof r === 'string' ? [r, {}] : r;
      out.push(yield* client.fetch(`http://127.0.0.1:${server.port}${path}`, { raiseError: false, followRedirects: false, ...options }));
    }
    client.close();
    return out;
  });
}

describe('StaticFileHandler', () => {
  it('serves a file with its type, length, Last-Modified and Etag; HEAD without the body; 404 when missing', async () => {
    const [get, head, css, big, missing] = await fetchAll([
      '/files/hello.txt',
      ['/files/hello.txt', { method: 'HEAD' }],
      '/files/style.css',
      '/files/big.js',
      '/files/nope.txt',
    ]);
    expect([get!.code, text(get!)]).toEqual([200, 'hello, static world\n']);
    expect(get!.headers.get('content-type')).toBe('text/plain');
    expect(get!.headers.get('content-length')).toBe('20');
    expect(get!.headers.get('last-modified')).toBe('Mon, 06 May 2024 07:08:09 GMT');
    expect(get!.headers.get('accept-ranges')).toBe('bytes');
    expect(get!.headers.get('etag')).toMatch(/^"[0-9a-f]{128}"$/);
    expect([head!.code, text(head!), head!.headers.get('content-length')]).toEqual([200, '', '20']);
    expect(head!.headers.get('etag')).toBe(get!.headers.get('etag'));
    expect(css!.headers.get('content-type')).toBe('text/css');
    expect([big!.body.length, big!.headers.get('content-type')]).toEqual([200_000, 'text/javascript']);
    expect(missing!.code).toBe(404);
  });

  it('refuses paths that leave the directory (403), and directories without a default file', async () => {
    const application = new Application([['/files/(.*)', StaticFileHandler, { path: root }]]);
    const raws = await withServer(application, function* (ioloop, server) {
      const out: string[] = [];
      for (const target of ['/files/../secret.txt', '/files/%2e%2e/secret.txt', '/files/..%2Fsecret.txt', '/files//etc/passwd', '/files/empty']) {
        out.push(yield* rawRequest(ioloop, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, server.port));
      }
      return out;
    });
    for (const raw of raws) {
      expect(raw).toMatch(/^HTTP\/1\.1 403 Forbidden/);
      expect(bodyOf(raw)).not.toContain('do not serve');
    }
  });

  it('answers 304 to If-Modified-Since at or after the modification time, and to a matching If-None-Match', async () => {
    const [first] = await fetchAll(['/files/hello.txt']);
    const etag = first!.headers.get('etag')!;
    const responses = await fetchAll([
      ['/files/hello.txt', { headers: { 'If-Modified-Since': 'Mon, 06 May 2024 07:08:09 GMT' } }],
      ['/files/hello.txt', { headers: { 'If-Modified-Since': 'Mon, 06 May 2024 07:08:08 GMT' } }],
      ['/files/hello.txt', { headers: { 'If-None-Match': etag } }],
      ['/files/hello.txt', { headers: { 'If-None-Match': '"stale"', 'If-Modified-Since': 'Mon, 06 May 2024 07:08:09 GMT' } }],
    ]);
    expect(responses.map((r) => r.code)).toEqual([304, 200, 304, 200]);
    expect(text(responses[0]!)).toBe('');
    expect(responses[0]!.headers.has('content-type')).toBe(false);
  });

  it('serves defaultFilename for a directory, redirecting dir to dir/ first', async () => {
    const [redirect, index] = await fetchAll(['/files/docs', '/files/docs/']);
    expect([redirect!.code, redirect!.headers.get('location')]).toEqual([301, '/files/docs/']);
    expect([index!.code, text(index!), index!.headers.get('content-type')]).toEqual([200, '<h1>docs</h1>', 'text/html']);
  });

  it('serves single byte ranges (206), and 416 for a range past the end', async () => {
    const responses = await fetchAll([
      ['/files/data.bin', { headers: { Range: 'bytes=2-4' } }],
      ['/files/data.bin', { headers: { Range: 'bytes=-3' } }],
      ['/files/data.bin', { headers: { Range: 'bytes=8-' } }],
      ['/files/data.bin', { headers: { Range: 'bytes=0-' } }],
      ['/files/data.bin', { headers: { Range: 'bytes=20-30' } }],
      ['/files/data.bin', { headers: { Range: 'bytes=0-1,4-5' } }],
    ]);
    const summary = responses.map((r) => [r.code, r.headers.get('content-range') ?? null, [...r.body].join(',')]);
    expect(summary).toEqual([
      [206, 'bytes 2-4/10', '2,3,4'],
      [206, 'bytes 7-9/10', '7,8,9'],
      [206, 'bytes 8-9/10', '8,9'],
      [200, null, '0,1,2,3,4,5,6,7,8,9'],
      [416, 'bytes */10', ''],
      [200, null, '0,1,2,3,4,5,6,7,8,9'],
    ]);
  });

  it('gives versioned URLs (?v=) a long cache lifetime, and serves staticPath under /static/', async () => {
    const application = new Application([], { staticPath: root });
    const [versioned, plain, robots] = await fetchAll(['/static/hello.txt?v=abc', '/static/style.css', '/robots.txt'], application);
    expect(versioned!.headers.get('cache-control')).toBe(`max-age=${86400 * 365 * 10}`);
    expect(versioned!.headers.has('expires')).toBe(true);
    expect([plain!.code, plain!.headers.has('cache-control')]).toEqual([200, false]);
    expect(robots!.code).toBe(404);
  });

  it('needs a path kwarg: without one, requests fail with a 500', async () => {
    const responses = await fetchAll(['/x'], new Application([['/(.*)', StaticFileHandler, {}]]));
    expect(responses[0]!.code).toBe(500);
    expect(reported.map((c) => c.exception)).toEqual([expect.any(InvalidArgumentError)]);
  });
});
