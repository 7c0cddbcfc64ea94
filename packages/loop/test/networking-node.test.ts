// NodeEventLoop's networking beyond the shared conformance suite (which lives in
// @async/loop-testing and runs from there): error mapping, the choices this loop makes where
// asyncio leaves room (writes after close, connections that arrive before startServing()), and
// what only real sockets show (dispatch through the loop, cancelling a connection attempt).
import { afterEach, describe, expect, it } from 'vitest';
import * as net from 'node:net';
import { writeFileSync, existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddressInUseError,
  BrokenPipeError,
  CancelledError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  LoopClosedError,
  NameResolutionError,
  NodeEventLoop,
  OSError,
  PermissionError,
  SSLCertVerificationError,
  SSLError,
  TimeoutError,
  fromNodeError,
  type Coroutine,
  type ExceptionContext,
  type Future,
  type Protocol,
  type Server,
  type Transport,
} from '@async/loop';

let loop: NodeEventLoop;
afterEach(() => {
  if (loop !== undefined && !loop.isRunning() && !loop.isClosed()) loop.close();
});

/** A protocol that keeps what it receives and resolves futures as things happen. */
class Collector implements Protocol {
  transport: Transport | null = null;
  text = '';
  readonly made: Future<Transport> = loop.createFuture();
  readonly lost: Future<Error | null> = loop.createFuture();
  private _want = 0;
  private _got: Future<void> | null = null;
  connectionMade(transport: Transport): void {
    this.transport = transport;
    this.made.setResult(transport);
  }
  dataReceived(data: Uint8Array): void {
    this.text += Buffer.from(data).toString();
    if (this._got !== null && this.text.length >= this._want) this._got.setResult(undefined);
  }
  connectionLost(error: Error | null): void {
    this.lost.setResult(error);
  }
  /** Resolves once `count` characters have arrived. */
  received(count: number): Future<void> {
    this._want = count;
    this._got = loop.createFuture();
    if (this.text.length >= count) this._got.setResult(undefined);
    return this._got;
  }
}

/** Waits `seconds` of loop time: a real timer, so Node polls its sockets meanwhile. */
function sleep(seconds: number): Future<void> {
  const future = loop.createFuture<void>();
  loop.callLater(seconds, () => future.setResult(undefined));
  return future;
}

function portOf(server: Server): number {
  return (server.addresses()[0] as net.AddressInfo).port;
}

function systemError(code: string, syscall = 'connect'): Error {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall, errno: -1 });
}

const MAPPINGS: ReadonlyArray<readonly [string, abstract new (...args: never[]) => Error]> = [
  ['ECONNREFUSED', ConnectionRefusedError],
    ['ECONNRESET', ConnectionResetError],
    ['ECONNABORTED', ConnectionAbortedError],
    ['EPIPE', BrokenPipeError],
    ['EADDRINUSE', AddressInUseError],
    ['ENOENT', FileNotFoundError],
    ['EACCES', PermissionError],
    ['ENOTFOUND', NameResolutionError],
    ['EAI_AGAIN', NameResolutionError],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', SSLCertVerificationError],
    ['ERR_TLS_CERT_ALTNAME_INVALID', SSLCertVerificationError],
    ['ERR_SSL_WRONG_VERSION_NUMBER', SSLError],
    ['EHOSTUNREACH', OSError],
];

describe('fromNodeError', () => {
  it.each(MAPPINGS.map(([code, type]) => ({ code, type, name: type.name })))(
    'maps $code to $name, keeping the Node error and its code',
    ({ code, type }) => {
    const cause = systemError(code);
    const error = fromNodeError(cause, 'connecting to example:1') as OSError;
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(OSError);
    expect(error.code).toBe(code);
    expect(error.errno).toBe(-1);
    expect(error.cause).toBe(cause);
    expect(error.message).toMatch(/^connecting to example:1/);
    },
  );

  it('maps ETIMEDOUT to the loop’s TimeoutError, looks inside aggregated errors, and leaves others alone', () => {
    expect(fromNodeError(systemError('ETIMEDOUT'), 'x')).toBeInstanceOf(TimeoutError);
    const aggregate = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]);
    const mapped = fromNodeError(aggregate, 'x') as OSError;
    expect(mapped).toBeInstanceOf(ConnectionRefusedError);
    expect(mapped.cause).toBe(aggregate);
    const plain = new Error('no code');
    expect(fromNodeError(plain, 'x')).toBe(plain);
    const typed = new ConnectionResetError('already typed');
    expect(fromNodeError(typed, 'x')).toBe(typed);
    expect(fromNodeError('text', 'x')).toBe('text');
  });
});

describe('NodeEventLoop networking', () => {
  it('fails createServer() on a taken port with AddressInUseError carrying EADDRINUSE', async () => {
    loop = new NodeEventLoop();
    const first = await loop.createServer(() => ({}), { host: '127.0.0.1', port: 0 });
    const error = await loop.createServer(() => ({}), { host: '127.0.0.1', port: portOf(first) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AddressInUseError);
    expect((error as AddressInUseError).code).toBe('EADDRINUSE');
    expect((error as AddressInUseError).cause).toMatchObject({ code: 'EADDRINUSE' });
    expect((error as Error).message).toMatch(/listening on 127\.0\.0\.1:\d+ failed: the address is already in use/);
    first.close();
  });

  it('delivers nothing while the loop is stopped: every protocol callback is a loop callback', async () => {
    loop = new NodeEventLoop();
    const collector = new Collector();
    const server = await loop.createServer(() => collector, { host: '127.0.0.1', port: 0 });
    const raw = net.connect(portOf(server), '127.0.0.1');
    raw.write('early');
    await new Promise<void>((resolve) => raw.once('connect', resolve));
    // Node accepts and reads, but the loop is not running: no protocol method may run.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(collector.transport).toBeNull();
    expect(collector.text).toBe('');
    await loop.runUntilComplete(collector.received(5));
    expect(collector.text).toBe('early');
    raw.destroy();
    await loop.runUntilComplete(collector.lost);
    server.close();
  });

  it('holds back chunks already queued on the loop when dataReceived() pauses reading', async () => {
    loop = new NodeEventLoop();
    const chunks: string[] = [];
    let transport: Transport | null = null;
    const server = await loop.createServer(
      () => ({
        connectionMade(t: Transport): void {
          transport = t;
        },
        dataReceived(data: Uint8Array): void {
          chunks.push(Buffer.from(data).toString());
          transport!.pauseReading();
        },
      }),
      { host: '127.0.0.1', port: 0 },
    );
    const raw = net.connect(portOf(server), '127.0.0.1');
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        while (transport === null) yield* sleep(0.001);
      })(),
    );
    // With the loop stopped, Node reads each chunk and queues its delivery on the loop.
    const socket = transport!.getExtraInfo('socket') as net.Socket;
    for (const [text, total] of [
      ['a', 1],
      ['b', 2],
    ] as const) {
      raw.write(text);
      while (socket.bytesRead < total) await new Promise((resolve) => setImmediate(resolve));
    }
    await loop.runUntilComplete(sleep(0.01));
    expect(chunks).toEqual(['a']);
    transport!.resumeReading();
    await loop.runUntilComplete(sleep(0.01));
    expect(chunks).toEqual(['a', 'b']);
    raw.destroy();
    server.close();
  });

  it('still delivers what arrived before the peer ended the connection, then connectionLost()', async () => {
    loop = new NodeEventLoop();
    const raw = net.createServer({ allowHalfOpen: true }, (socket) => {
      // Answers once our side has half-closed, then ends too: the connection is then over.
      socket.on('end', () => socket.end('bye'));
      socket.resume();
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const events: string[] = [];
    const lost = loop.createFuture<Error | null>();
    const [transport] = await loop.runUntilComplete(
      loop.createConnection(
        () => ({
          dataReceived: (data: Uint8Array) => events.push(`data ${Buffer.from(data).toString()}`),
          eofReceived: () => {
            events.push('eof');
          },
          connectionLost: (error: Error | null) => {
            events.push('lost');
            lost.setResult(error);
          },
        }),
        { host: '127.0.0.1', port: (raw.address() as net.AddressInfo).port },
      ),
    );
    const socket = transport.getExtraInfo('socket') as net.Socket;
    const closed = new Promise((resolve) => socket.once('close', resolve));
    transport.writeEof();
    // The loop is not running: Node reads the answer and the EOF, then closes the socket.
    await closed;
    expect(events).toEqual([]);
    expect(await loop.runUntilComplete(lost)).toBeNull();
    expect(events).toEqual(['data bye', 'eof', 'lost']);
    raw.close();
  });

  it('discards writes after close() and tells the exception handler once, after five', async () => {
    loop = new NodeEventLoop();
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_loop, context) => reports.push(context));
    const peer = new Collector();
    const server = await loop.createServer(() => peer, { host: '127.0.0.1', port: 0 });
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const client = new Collector();
        const [transport] = yield* loop.createConnection(() => client, { host: '127.0.0.1', port: portOf(server) });
        transport.write(Buffer.from('kept'));
        transport.close();
        for (let i = 0; i < 8; i++) transport.write(Buffer.from('dropped'));
        yield* client.lost;
        yield* peer.lost;
      })(),
    );
    expect(peer.text).toBe('kept');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toMatch(/write\(\) was called 5 times on a closed transport; the data is discarded/);
    server.close();
  });

  it('holds connections that arrive before startServing() and serves them in order afterwards', async () => {
    loop = new NodeEventLoop();
    const accepted: Collector[] = [];
    const server = await loop.createServer(
      () => {
        const protocol = new Collector();
        accepted.push(protocol);
        return protocol;
      },
      { host: '127.0.0.1', port: 0, startServing: false },
    );
    const early: net.Socket[] = [];
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        for (const text of ['first', 'second']) {
          const socket = net.connect(portOf(server), '127.0.0.1');
          socket.write(text);
          early.push(socket);
          // Real time passes, so Node accepts the connection (and holds it for the server).
          yield* sleep(0.01);
        }
        expect(accepted).toHaveLength(0);
        yield* server.startServing();
        while (accepted.length < 2) yield;
        yield* accepted[0]!.received(5);
        yield* accepted[1]!.received(6);
      })(),
    );
    expect(accepted.map((p) => p.text)).toEqual(['first', 'second']);
    for (const socket of early) socket.destroy();
    await loop.runUntilComplete(accepted[1]!.lost);
    server.close();
  });

  it('closes held connections cleanly when the server closes before serving', async () => {
    loop = new NodeEventLoop();
    const server = await loop.createServer(() => ({}), { host: '127.0.0.1', port: 0, startServing: false });
    const raw = net.connect(portOf(server), '127.0.0.1');
    const seen: string[] = [];
    raw.on('end', () => seen.push('end'));
    raw.on('error', (error: NodeJS.ErrnoException) => seen.push(`error ${error.code}`));
    const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        yield* sleep(0.01);
        server.close();
      })(),
    );
    await closed;
    // An end of file, not the reset a never-accepted connection would get.
    expect(seen).toEqual(['end']);
    expect(server.isServing()).toBe(false);
  });

  it('closing the loop while a server resolves its host fails createServer() and leaves nothing listening', async () => {
    const servers = () => process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap').length;
    // Give Node time to finish what it had started (a lookup and a bind, or a close).
    const settle = async (): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    await settle();
    const before = servers();
    loop = new NodeEventLoop();
    const binding = loop.createServer(() => ({}), { host: 'localhost', port: 0 });
    loop.close();
    expect(binding.exception()).toBeInstanceOf(LoopClosedError);
    await settle();
    expect(servers()).toBe(before);
  });

  it('cancelling createConnection() while connecting closes the socket', async () => {
    loop = new NodeEventLoop();
    const peer = new Collector();
    const server = await loop.createServer(() => peer, { host: '127.0.0.1', port: 0 });
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        // A TLS handshake with a plain server never completes, so the attempt stays pending.
        const attempt = loop.createConnection(() => ({}), {
          host: '127.0.0.1',
          port: portOf(server),
          tls: { rejectUnauthorized: false },
        });
        yield* peer.made;
        attempt.cancel();
        expect(yield* peer.lost).toBeNull();
        expect(() => attempt.result()).toThrow(CancelledError);
      })(),
    );
    server.close();
  });

  it('serves UNIX sockets: the client side’s sockname is empty, and a regular file at the path is kept', async () => {
    loop = new NodeEventLoop();
    const path = join(tmpdir(), `async-loop-node-${process.pid}.sock`);
    const peer = new Collector();
    const server = await loop.createServer(() => peer, { path });
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const client = new Collector();
        const [transport] = yield* loop.createConnection(() => client, { path });
        expect(transport.getExtraInfo('sockname')).toBe('');
        expect(transport.getExtraInfo('socket')).toBeInstanceOf(net.Socket);
        expect((yield* peer.made).getExtraInfo('peername')).toBe('');
        transport.close();
        yield* peer.lost;
      })(),
    );
    server.close();
    await loop.runUntilComplete(server.waitClosed());
    expect(existsSync(path)).toBe(false);

    const file = join(tmpdir(), `async-loop-node-${process.pid}.txt`);
    writeFileSync(file, 'not a socket');
    try {
      const error = await loop.createServer(() => ({}), { path: file }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AddressInUseError);
      expect(existsSync(file)).toBe(true);
    } finally {
      unlinkSync(file);
    }
  });
});
