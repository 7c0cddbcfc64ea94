// VirtualEventLoop's in-memory network: createServer/createConnection on virtual addresses,
// refused and failed connections, the Server lifecycle, link settings and clean-up at close.
import { afterEach, describe, expect, it } from 'vitest';
import {
  AddressInUseError,
  CancelledError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  InvalidArgumentError,
  InvalidStateError,
  LoopClosedError,
  NameResolutionError,
  TimeoutError,
  type Coroutine,
  type ExceptionContext,
  type Server,
  type Transport,
} from '@async/loop';
import { MemoryServer, MemoryTransport, VirtualEventLoop, type VirtualEventLoopOptions } from '@async/loop-testing';
import { RecordingProtocol, bytes, pattern } from './recording-protocol.js';

const loops: VirtualEventLoop[] = [];
function newLoop(options?: VirtualEventLoopOptions): VirtualEventLoop {
  const loop = new VirtualEventLoop(options);
  loops.push(loop);
  return loop;
}
afterEach(() => {
  for (const loop of loops.splice(0)) if (!loop.isRunning()) loop.close();
});

/** Starts a server (default: an echo server on 127.0.0.1, port 0) and returns it with its port. */
function listen(
  loop: VirtualEventLoop,
  options: Parameters<VirtualEventLoop['createServer']>[1] = { host: '127.0.0.1', port: 0 },
  made: RecordingProtocol[] = [],
  factory: () => RecordingProtocol = () => new RecordingProtocol({ echo: true, loop }),
): { server: Server; port: number; made: RecordingProtocol[] } {
  const future = loop.createServer(() => {
    const protocol = factory();
    made.push(protocol);
    return protocol;
  }, options);
  const server = future.result();
  const first = server.addresses()[0];
  return { server, port: typeof first === 'object' ? first.port : 0, made };
}

/** Connects a RecordingProtocol and runs the loop until the attempt is over. */
async function connect(
  loop: VirtualEventLoop,
  options: Parameters<VirtualEventLoop['createConnection']>[1],
  protocol = new RecordingProtocol({ loop }),
): Promise<[Transport, RecordingProtocol]> {
  return loop.runUntilComplete(loop.createConnection(() => protocol, options));
}

async function failure(loop: VirtualEventLoop, waitable: PromiseLike<unknown>): Promise<unknown> {
  try {
    await loop.runUntilComplete(waitable as never);
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

function captureExceptions(loop: VirtualEventLoop): ExceptionContext[] {
  const seen: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => void seen.push(context));
  return seen;
}

function expectNothingPending(loop: VirtualEventLoop): void {
  expect(loop.nextDeadline()).toBeUndefined();
  expect(loop.network.connectionCount).toBe(0);
  expect(MemoryTransport.liveCount(loop)).toBe(0);
}

describe('connecting to a server', () => {
  it('echoes through createServer/createConnection, asyncio style with a coroutine', async () => {
    const loop = newLoop();
    const { server, port } = listen(loop);
    expect(server).toBeInstanceOf(MemoryServer);
    expect(server.isServing()).toBe(true);
    expect(server.addresses()).toEqual([{ address: '127.0.0.1', family: 'IPv4', port: 49152 }]);
    expect(server.sockets).toEqual(server.addresses());
    expect(server.getLoop()).toBe(loop);

    function* session(): Coroutine<string> {
      const done = loop.createFuture<void>();
      const protocol = new RecordingProtocol();
      protocol.connectionLost = () => done.setResult(undefined);
      const [transport] = yield* loop.createConnection(() => protocol, { host: '127.0.0.1', port });
      transport.write(bytes('hello, server'));
      transport.writeEof();
      yield* done;
      return protocol.text;
    }
    expect(await loop.runUntilComplete(session())).toBe('hello, server');
    server.close();
    await loop.runUntilComplete(server.waitClosed());
    expectNothingPending(loop);
  });

  it('resolves createConnection after connectionMade, with the transport and the protocol', async () => {
    const loop = newLoop();
    const log: string[] = [];
    const { port } = listen(loop, { host: '127.0.0.1', port: 0 }, [], () => new RecordingProtocol({ name: 's', log }));
    const client = new RecordingProtocol({ name: 'c', log });
    const future = loop.createConnection(() => client, { host: '127.0.0.1', port });
    future.addDoneCallback(() => log.push('future done'));
    loop.runUntilIdle();
    const [transport, protocol] = future.result();
    expect(protocol).toBe(client);
    expect(client.transport).toBe(transport);
    expect(log).toEqual(['c made', 's made', 'future done']);
  });

  it('reports addresses: ephemeral client port, the server address as reached', async () => {
    const loop = newLoop();
    const made: RecordingProtocol[] = [];
    const { port } = listen(loop, { port: 8080 }, made);
    const [t1] = await connect(loop, { host: '127.0.0.1', port });
    const [t2] = await connect(loop, { host: '::1', port });
    expect(t1.getExtraInfo('peername')).toEqual({ address: '127.0.0.1', family: 'IPv4', port: 8080 });
    expect(t1.getExtraInfo('sockname')).toEqual({ address: '127.0.0.1', family: 'IPv4', port: 49152 });
    expect(t2.getExtraInfo('peername')).toEqual({ address: '::1', family: 'IPv6', port: 8080 });
    expect(t2.getExtraInfo('sockname')).toEqual({ address: '::1', family: 'IPv6', port: 49153 });
    expect(made[0]!.transport!.getExtraInfo('peername')).toEqual(t1.getExtraInfo('sockname'));
    expect(made[0]!.transport!.getExtraInfo('sockname')).toEqual(t1.getExtraInfo('peername'));
  });

  it('listens on :: by default (IPv4 too), and resolves localhost', async () => {
    const loop = newLoop();
    const { server, port } = listen(loop, { port: 0 });
    expect(server.addresses()).toEqual([{ address: '::', family: 'IPv6', port }]);
    for (const host of ['127.0.0.1', '::1', 'localhost', '10.1.2.3']) {
      const [transport] = await connect(loop, { host, port });
      expect(transport.isClosing()).toBe(false);
    }
  });

  it('listens on every address of a name', () => {
    const loop = newLoop();
    const { server, port } = listen(loop, { host: 'localhost', port: 0 });
    expect(server.addresses()).toEqual([
      { address: '127.0.0.1', family: 'IPv4', port },
      { address: '::1', family: 'IPv6', port },
    ]);
    expect(loop.network.listeners).toEqual(server.addresses());
  });

  it('an ipv6Only wildcard server takes no IPv4 connections', async () => {
    const loop = newLoop();
    const { port } = listen(loop, { host: '::', port: 0, ipv6Only: true });
    await connect(loop, { host: '::1', port });
    expect(await failure(loop, loop.createConnection(() => ({}), { host: '127.0.0.1', port }))).toBeInstanceOf(
      ConnectionRefusedError,
    );
  });

  it('resolves names added with addHost, and fails unknown names with NameResolutionError', async () => {
    const loop = newLoop();
    loop.network.addHost('db.internal', '10.0.0.7');
    expect(loop.network.resolve('DB.internal')).toEqual(['10.0.0.7']);
    expect(loop.network.resolve('localhost', 6)).toEqual(['::1']);
    const { port } = listen(loop, { host: '10.0.0.7', port: 5432 });
    const [transport] = await connect(loop, { host: 'db.internal', port });
    expect(transport.getExtraInfo('peername')).toEqual({ address: '10.0.0.7', family: 'IPv4', port });
    const error = await failure(loop, loop.createConnection(() => ({}), { host: 'nowhere.test', port }));
    expect(error).toBeInstanceOf(NameResolutionError);
    expect((error as NameResolutionError).code).toBe('ENOTFOUND');
    expect((error as Error).message).toMatch(/addHost/);
    expect(loop.createServer(() => ({}), { host: 'nowhere.test', port: 1 }).exception()).toBeInstanceOf(NameResolutionError);
    expect(() => loop.network.addHost('1.2.3.4', '5.6.7.8')).toThrow(InvalidArgumentError);
    expect(() => loop.network.addHost('name', 'not-an-ip')).toThrow(InvalidArgumentError);
  });

  it('connects to paths, standing in for UNIX sockets', async () => {
    const loop = newLoop();
    const made: RecordingProtocol[] = [];
    const { server } = listen(loop, { path: '/run/app.sock' }, made);
    expect(server.addresses()).toEqual(['/run/app.sock']);
    const [transport, protocol] = await connect(loop, { path: '/run/app.sock' });
    expect(transport.getExtraInfo('peername')).toBe('/run/app.sock');
    expect(transport.getExtraInfo('sockname')).toBe('');
    expect(made[0]!.transport!.getExtraInfo('sockname')).toBe('/run/app.sock');
    expect(made[0]!.transport!.getExtraInfo('peername')).toBe('');
    transport.write(bytes('over a path'));
    loop.runUntilIdle();
    expect(protocol.text).toBe('over a path');
    const error = await failure(loop, loop.createConnection(() => ({}), { path: '/run/other.sock' }));
    expect(error).toBeInstanceOf(FileNotFoundError);
    expect((error as FileNotFoundError).code).toBe('ENOENT');
  });
});

describe('failed connections', () => {
  it('refuses a port nobody listens on with ConnectionRefusedError', async () => {
    const loop = newLoop();
    const error = await failure(loop, loop.createConnection(() => ({}), { host: '127.0.0.1', port: 9 }));
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect((error as ConnectionRefusedError).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toMatch(/127\.0\.0\.1:9/);
    expectNothingPending(loop);
  });

  it('refuses connections once the server is closed, and frees its port', async () => {
    const loop = newLoop();
    const { server, port } = listen(loop, { host: '127.0.0.1', port: 7000 });
    server.close();
    expect(await failure(loop, loop.createConnection(() => ({}), { host: '127.0.0.1', port }))).toBeInstanceOf(
      ConnectionRefusedError,
    );
    expect(loop.network.listeners).toEqual([]);
    listen(loop, { host: '127.0.0.1', port: 7000 });
  });

  it('fails a second bind of the same address with AddressInUseError, wildcards included', () => {
    const loop = newLoop();
    listen(loop, { host: '127.0.0.1', port: 7000 });
    listen(loop, { path: '/tmp/a.sock' });
    const taken = [
      { host: '127.0.0.1', port: 7000 },
      { host: '0.0.0.0', port: 7000 },
      { port: 7000 },
      { path: '/tmp/a.sock' },
    ];
    for (const options of taken) {
      const error = loop.createServer(() => ({}), options).exception();
      expect(error).toBeInstanceOf(AddressInUseError);
      expect((error as AddressInUseError).code).toBe('EADDRINUSE');
    }
    // Another address on the same port, or an IPv6-only wildcard, is free.
    listen(loop, { host: '127.0.0.2', port: 7000 });
    listen(loop, { host: '::', port: 7000, ipv6Only: true });
  });

  it('takes localPort and localAddress, and refuses a local port in use', async () => {
    const loop = newLoop();
    const { port } = listen(loop);
    const [transport] = await connect(loop, { host: '127.0.0.1', port, localAddress: '127.0.0.5', localPort: 40000 });
    expect(transport.getExtraInfo('sockname')).toEqual({ address: '127.0.0.5', family: 'IPv4', port: 40000 });
    const error = await failure(loop, loop.createConnection(() => ({}), { host: '127.0.0.1', port, localPort: 40000 }));
    expect(error).toBeInstanceOf(AddressInUseError);
    transport.close();
    loop.runUntilIdle();
    await connect(loop, { host: '127.0.0.1', port, localPort: 40000 });
  });

  it('fails with TimeoutError when the timeout passes before the connection is made', async () => {
    const loop = newLoop({ network: { latency: 2 } });
    const { port, made } = listen(loop);
    const future = loop.createConnection(() => new RecordingProtocol(), { host: '127.0.0.1', port, timeout: 1.5 });
    expect(await failure(loop, future)).toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBe(1.5);
    expect(made).toHaveLength(0);
    expectNothingPending(loop);
    // Within the timeout, the timer goes away with the attempt.
    await connect(loop, { host: '127.0.0.1', port, timeout: 3 });
    expect(loop.time()).toBe(3.5);
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('a cancelled connection attempt connects nothing', () => {
    const loop = newLoop();
    const { port, made } = listen(loop);
    const future = loop.createConnection(() => new RecordingProtocol(), { host: '127.0.0.1', port });
    future.cancel();
    loop.runUntilIdle();
    expect(made).toHaveLength(0);
    expect(() => future.result()).toThrow(CancelledError);
    expectNothingPending(loop);
  });

  it("fails with the client protocol factory's exception, and the server never hears of it", async () => {
    const loop = newLoop();
    const { port, made } = listen(loop);
    const boom = new Error('factory failed');
    expect(
      await failure(
        loop,
        loop.createConnection(() => {
          throw boom;
        }, { host: '127.0.0.1', port }),
      ),
    ).toBe(boom);
    const bad = await failure(loop, loop.createConnection(() => 42 as never, { host: '127.0.0.1', port }));
    expect(bad).toBeInstanceOf(InvalidArgumentError);
    expect(made).toHaveLength(0);
    expectNothingPending(loop);
  });

  it("fails with what the client's connectionMade threw, and aborts the connection", async () => {
    const loop = newLoop();
    const seen = captureExceptions(loop);
    const { port, made } = listen(loop);
    const boom = new Error('connectionMade failed');
    const protocol = new RecordingProtocol();
    protocol.connectionMade = () => {
      throw boom;
    };
    expect(await failure(loop, loop.createConnection(() => protocol, { host: '127.0.0.1', port }))).toBe(boom);
    loop.runUntilIdle();
    expect(seen[0]).toMatchObject({ message: 'Fatal error: protocol.connectionMade() call failed.', exception: boom });
    expect(made[0]!.lost).toBeInstanceOf(ConnectionResetError);
    expectNothingPending(loop);
  });

  it('reports a failing server protocol factory and resets the client', async () => {
    const loop = newLoop();
    const seen = captureExceptions(loop);
    const boom = new Error('server factory failed');
    const server = loop
      .createServer(() => {
        throw boom;
      }, { host: '127.0.0.1', port: 0 })
      .result();
    const [, client] = await connect(loop, { host: '127.0.0.1', port: 49152 });
    loop.runUntilIdle();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ message: 'Error on transport creation for incoming connection', exception: boom, server });
    expect(client.lost).toBeInstanceOf(ConnectionResetError);
    expectNothingPending(loop);
  });
});

describe('bad arguments', () => {
  it('createConnection throws InvalidArgumentError naming the problem', () => {
    const loop = newLoop();
    const cases: Array<[unknown, RegExp]> = [
      [{ host: '127.0.0.1' }, /port/],
      [{ port: 80 }, /host/],
      [{ host: '127.0.0.1', port: 0 }, /port/],
      [{ host: '127.0.0.1', port: 70000 }, /port/],
      [{ path: '/x', port: 80 }, /either path or host/],
      [{ host: '127.0.0.1', port: 80, ssl: true }, /did you mean tls/],
      [{ host: '127.0.0.1', port: 80, tls: true }, /no TLS/],
      [{ host: '127.0.0.1', port: 80, latency: -1 }, /latency/],
      [{ host: '127.0.0.1', port: 80, chunkSize: 0 }, /chunkSize/],
      [{ host: '127.0.0.1', port: 80, timeout: 0 }, /timeout/],
      [null, /options/],
    ];
    for (const [options, message] of cases) {
      expect(() => loop.createConnection(() => ({}), options as never)).toThrow(InvalidArgumentError);
      expect(() => loop.createConnection(() => ({}), options as never)).toThrow(message);
    }
    expect(() => loop.createConnection('factory' as never, { host: '127.0.0.1', port: 80 })).toThrow(/protocol factory/);
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('createServer throws InvalidArgumentError naming the problem', () => {
    const loop = newLoop();
    const cases: Array<[unknown, RegExp]> = [
      [{}, /port/],
      [{ port: -1 }, /port/],
      [{ port: 80, backlog: -5 }, /backlog/],
      [{ port: 80, startServing: 'yes' }, /startServing/],
      [{ port: 80, tls: { key: 'k', cert: 'c' } }, /no TLS/],
      [{ port: 80, bufferSize: 0 }, /bufferSize/],
      [{ path: '/x', host: '::' }, /either path or host/],
    ];
    for (const [options, message] of cases) {
      expect(() => loop.createServer(() => ({}), options as never)).toThrow(message);
    }
    expect(() => loop.createServer(null as never, { port: 0 })).toThrow(InvalidArgumentError);
    expect(loop.network.listeners).toEqual([]);
  });

  it('a closed loop refuses with LoopClosedError', () => {
    const loop = newLoop();
    loop.close();
    expect(() => loop.createServer(() => ({}), { port: 0 })).toThrow(LoopClosedError);
    expect(() => loop.createConnection(() => ({}), { host: '127.0.0.1', port: 1 })).toThrow(LoopClosedError);
  });

  it('checks the network options of the loop and of configure()', () => {
    expect(() => new VirtualEventLoop({ network: { latency: Number.NaN } })).toThrow(InvalidArgumentError);
    const loop = newLoop();
    expect(() => loop.network.configure({ bufferSize: -1 })).toThrow(InvalidArgumentError);
    loop.network.configure({ latency: 0.5 });
    expect(loop.network.link).toEqual({ latency: 0.5, chunkSize: 256 * 1024, bufferSize: 4 * 1024 * 1024 });
  });
});

describe('link settings', () => {
  it('connecting takes one latency, and so does each byte, in virtual time', async () => {
    const loop = newLoop({ network: { latency: 0.25 } });
    const made: RecordingProtocol[] = [];
    const { port } = listen(loop, undefined, made);
    const [transport, client] = await connect(loop, { host: '127.0.0.1', port });
    expect(loop.time()).toBe(0.25);
    transport.write(bytes('ping'));
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        while (client.chunks.length === 0) {
          const tick = loop.createFuture<void>();
          loop.callLater(0.125, () => tick.setResult(undefined));
          yield* tick;
        }
      })(),
    );
    expect(made[0]!.times).toEqual([0.5]);
    expect(client.times).toEqual([0.75]);
    const refusedAt = loop.time();
    await failure(loop, loop.createConnection(() => ({}), { host: '127.0.0.1', port: 1 }));
    expect(loop.time()).toBe(refusedAt + 0.25);
  });

  it('server settings apply to accepted connections; connection settings win', async () => {
    const loop = newLoop({ network: { latency: 1 } });
    const made: RecordingProtocol[] = [];
    const { port } = listen(loop, { host: '127.0.0.1', port: 0, chunkSize: 2, latency: 0 }, made);
    const [t1, c1] = await connect(loop, { host: '127.0.0.1', port });
    expect(loop.time()).toBe(0);
    t1.write(bytes('abcde'));
    loop.runUntilIdle();
    expect(made[0]!.chunks.map((c) => Buffer.from(c).toString())).toEqual(['ab', 'cd', 'e']);
    expect(c1.text).toBe('abcde');
    const [t2] = await connect(loop, { host: '127.0.0.1', port, chunkSize: 100, latency: 0.5 });
    expect(loop.time()).toBe(0.5);
    t2.write(bytes('abcde'));
    loop.advance(0.5);
    expect(made[1]!.chunks.map((c) => Buffer.from(c).toString())).toEqual(['abcde']);
  });

  it('bufferSize bounds what a paused server lets a client push', async () => {
    const loop = newLoop();
    const made: RecordingProtocol[] = [];
    const { port } = listen(loop, { host: '127.0.0.1', port: 0, bufferSize: 1000 }, made);
    const [transport] = await connect(loop, { host: '127.0.0.1', port });
    made[0]!.transport!.pauseReading();
    transport.write(pattern(5000));
    expect(transport.getWriteBufferSize()).toBe(4000);
    made[0]!.transport!.resumeReading();
    loop.runUntilIdle();
    expect(made[0]!.received.equals(pattern(5000))).toBe(true);
  });
});

describe('the Server', () => {
  it('close() stops listening but keeps connections; waitClosed waits for them', async () => {
    const loop = newLoop();
    const { server, port, made } = listen(loop);
    const [transport, client] = await connect(loop, { host: '127.0.0.1', port });
    const waited = server.waitClosed();
    server.close();
    server.close();
    expect(server.isServing()).toBe(false);
    expect(server.addresses()).toEqual([]);
    loop.runUntilIdle();
    expect(waited.done()).toBe(false);
    transport.write(bytes('still here'));
    loop.runUntilIdle();
    expect(client.text).toBe('still here');
    made[0]!.transport!.close();
    await loop.runUntilComplete(waited);
    expect(server.waitClosed().done()).toBe(true);
    expectNothingPending(loop);
  });

  it('waitClosed on an open server with no connections waits for close()', () => {
    const loop = newLoop();
    const { server } = listen(loop);
    const waited = server.waitClosed();
    loop.runUntilIdle();
    expect(waited.done()).toBe(false);
    server.close();
    expect(waited.done()).toBe(true);
  });

  it('closeClients() flushes and closes every connection; abortClients() resets them', async () => {
    const loop = newLoop();
    const { server, port, made } = listen(loop, undefined, [], () => new RecordingProtocol());
    const [, c1] = await connect(loop, { host: '127.0.0.1', port });
    const [, c2] = await connect(loop, { host: '127.0.0.1', port });
    made[0]!.transport!.write(bytes('bye'));
    server.closeClients();
    loop.runUntilIdle();
    expect(c1.text).toBe('bye');
    expect(c1.log).toEqual(['made', 'data 3', 'eof', 'lost']);
    expect(c2.lost).toBeNull();
    const [, c3] = await connect(loop, { host: '127.0.0.1', port });
    server.abortClients();
    loop.runUntilIdle();
    expect(c3.lost).toBeInstanceOf(ConnectionResetError);
    expect(made[2]!.lost).toBeNull();
    server.close();
    expect(server.waitClosed().done()).toBe(true);
  });

  it('startServing: false holds connections in the backlog until startServing()', async () => {
    const loop = newLoop();
    const made: RecordingProtocol[] = [];
    const { server, port } = listen(loop, { host: '127.0.0.1', port: 0, startServing: false, backlog: 2 }, made);
    expect(server.isServing()).toBe(false);
    expect(server.addresses()).toHaveLength(1);
    const [t1, c1] = await connect(loop, { host: '127.0.0.1', port });
    t1.write(bytes('early'));
    await connect(loop, { host: '127.0.0.1', port });
    // The backlog holds two.
    expect(await failure(loop, loop.createConnection(() => ({}), { host: '127.0.0.1', port }))).toBeInstanceOf(
      ConnectionRefusedError,
    );
    loop.runUntilIdle();
    expect(made).toHaveLength(0);
    await loop.runUntilComplete(server.startServing());
    expect(server.isServing()).toBe(true);
    loop.runUntilIdle();
    expect(made).toHaveLength(2);
    expect(made[0]!.text).toBe('early');
    expect(c1.text).toBe('early');
    await loop.runUntilComplete(server.startServing());
    expect(made).toHaveLength(2);
  });

  it('closing a server resets the connections waiting in its backlog', async () => {
    const loop = newLoop();
    const { server, port, made } = listen(loop, { host: '127.0.0.1', port: 0, startServing: false });
    const [, client] = await connect(loop, { host: '127.0.0.1', port });
    server.close();
    loop.runUntilIdle();
    expect(client.lost).toBeInstanceOf(ConnectionResetError);
    expect(made).toHaveLength(0);
    expect(server.waitClosed().done()).toBe(true);
    expectNothingPending(loop);
  });

  it('a client that leaves the backlog before being accepted is never served', async () => {
    const loop = newLoop();
    const { server, port, made } = listen(loop, { host: '127.0.0.1', port: 0, startServing: false });
    const [transport] = await connect(loop, { host: '127.0.0.1', port });
    transport.abort();
    loop.runUntilIdle();
    void server.startServing();
    loop.runUntilIdle();
    expect(made).toHaveLength(0);
    expectNothingPending(loop);
  });

  it('serveForever() starts serving and resolves when the server is closed', async () => {
    const loop = newLoop();
    const { server, port } = listen(loop, { host: '127.0.0.1', port: 0, startServing: false });
    const forever = server.serveForever();
    expect(server.isServing()).toBe(true);
    expect(() => server.serveForever()).toThrow(InvalidStateError);
    const [transport] = await connect(loop, { host: '127.0.0.1', port });
    loop.callLater(10, () => server.close());
    await loop.runUntilComplete(forever);
    expect(loop.time()).toBe(10);
    expect(() => server.serveForever()).toThrow(InvalidStateError);
    expect(() => server.startServing()).toThrow(InvalidStateError);
    transport.close();
  });

  it('cancelling serveForever() closes the server', () => {
    const loop = newLoop();
    const { server } = listen(loop);
    const forever = server.serveForever();
    forever.cancel();
    loop.runUntilIdle();
    expect(server.isServing()).toBe(false);
    expect(server.addresses()).toEqual([]);
  });
});

describe('closing the loop', () => {
  it('destroys connections, closes servers and fails attempts under way, leaving nothing behind', async () => {
    const loop = newLoop({ network: { latency: 1 } });
    const { server, port, made } = listen(loop);
    const [transport, client] = await connect(loop, { host: '127.0.0.1', port });
    transport.write(pattern(100_000));
    const pending = loop.createConnection(() => new RecordingProtocol(), { host: '127.0.0.1', port });
    const waited = server.waitClosed();
    expect(loop.network.connectionCount).toBe(2);
    loop.close();
    expect(pending.exception()).toBeInstanceOf(LoopClosedError);
    expect(server.isServing()).toBe(false);
    expect(waited.done()).toBe(true);
    expect(loop.network.listeners).toEqual([]);
    expect(loop.network.connectionCount).toBe(0);
    expect(MemoryTransport.liveCount(loop)).toBe(0);
    expect(transport.isClosing()).toBe(true);
    expect(client.lost).toBeUndefined();
    expect(made[0]!.lost).toBeUndefined();
  });
});

describe('closing the loop mid-connect', () => {
  it('fails a connection made but not yet reported with LoopClosedError', () => {
    const loop = newLoop();
    const { port } = listen(loop);
    const future = loop.createConnection(() => new RecordingProtocol(), { host: '127.0.0.1', port });
    // One iteration: the connection is made; connectionMade and the result are still queued.
    (loop as unknown as { runOnce(): void }).runOnce();
    expect(loop.network.connectionCount).toBe(2);
    expect(future.done()).toBe(false);
    loop.close();
    expect(future.exception()).toBeInstanceOf(LoopClosedError);
    expect(loop.network.connectionCount).toBe(0);
  });
});

describe('determinism', () => {
  it('the same program produces the same interleaving every time', async () => {
    async function run(): Promise<string[]> {
      const loop = newLoop({ network: { latency: 0.01 } });
      const log: string[] = [];
      listen(loop, { host: '127.0.0.1', port: 0, chunkSize: 7 }, [], () => new RecordingProtocol({ name: 's', log, echo: true }));
      const clients = [0, 1, 2].map((i) => {
        const protocol = new RecordingProtocol({ name: `c${i}`, log });
        protocol.connectionMade = function (this: RecordingProtocol, transport: Transport) {
          RecordingProtocol.prototype.connectionMade.call(this, transport);
          transport.write(pattern(20 + i * 10));
          transport.writeEof();
        };
        return loop.createConnection(() => protocol, { host: '127.0.0.1', port: 49152 });
      });
      for (const client of clients) await loop.runUntilComplete(client);
      loop.advance(1);
      log.push(`t=${loop.time()}`);
      return log;
    }
    const first = await run();
    expect(first).toContain('c2 lost');
    expect(await run()).toEqual(first);
  });
});
