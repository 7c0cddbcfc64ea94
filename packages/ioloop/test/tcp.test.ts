// TCPServer and TCPClient: on the virtual network (deterministic) and on real sockets
// (127.0.0.1, port 0, TLS with the test certificate).
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionRefusedError, InvalidArgumentError, NodeEventLoop, type ExceptionContext, setEventLoop } from '@async/loop';
import { testTlsCredentials } from '@async/loop-testing';
import { IOLoop, type IOStream, NotSupportedError, SSLIOStream, StreamClosedError, TCPClient, TCPServer, gen } from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

class EchoServer extends TCPServer {
  override *handleStream(stream: IOStream): Generator<unknown, void, unknown> {
    try {
      for (;;) {
        const line = (yield stream.readUntil('\n')) as Uint8Array;
        yield stream.write(line);
      }
    } catch (error) {
      if (!(error instanceof StreamClosedError)) throw error;
    }
  }
}

function* talk(client: TCPClient, port: number, lines: string[], ssl?: object): Generator<unknown, string[], unknown> {
  const stream = (yield client.connect('127.0.0.1', port, ssl === undefined ? {} : { ssl })) as IOStream;
  const replies: string[] = [];
  for (const line of lines) {
    yield stream.write(`${line}\n`);
    replies.push(Buffer.from((yield stream.readUntil('\n')) as Uint8Array).toString().trim());
  }
  stream.close();
  return replies;
}

const portOf = (server: TCPServer): number => (server.addresses()[0] as { port: number }).port;

describe('TCPServer and TCPClient on the virtual network', () => {
  it('echoes lines, and stop() stops listening', async () => {
    const { ioloop } = virtualIOLoop();
    const server = new EchoServer();
    const replies = await ioloop.runSync(function* () {
      yield server.listen(8888, '127.0.0.1');
      return yield* talk(new TCPClient(), 8888, ['hello', 'tornado']);
    });
    expect(replies).toEqual(['hello', 'tornado']);
    server.stop();
    const error = await ioloop.runSync(() => new TCPClient().connect('127.0.0.1', 8888)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamClosedError);
    expect((error as StreamClosedError).realError).toBeInstanceOf(ConnectionRefusedError);
  });

  it('bind() then start(), the handleStream option, and a failing handler reported', async () => {
    const { ioloop, reported } = virtualIOLoop();
    const server = new TCPServer({
      handleStream: function* (stream: IOStream) {
        yield stream.write('bye\n');
        stream.close();
        throw new Error('handler failed');
      },
    });
    const got = await ioloop.runSync(function* () {
      yield server.bind(9000, '127.0.0.1');
      yield server.start();
      const stream = (yield new TCPClient().connect('127.0.0.1', 9000)) as IOStream;
      return Buffer.from((yield stream.readUntilClose()) as Uint8Array).toString();
    });
    expect(got).toBe('bye\n');
    await ioloop.runSync(() => gen.sleep(0));
    expect(reported.map((r: ExceptionContext) => (r.exception as Error).message)).toContain('handler failed');
    expect(() => server.start(2)).toThrow(NotSupportedError);
    server.stop();
  });

  it('a TCPServer without a handler closes the connection and reports it', async () => {
    const { ioloop, reported } = virtualIOLoop();
    const server = new TCPServer();
    const data = await ioloop.runSync(function* () {
      yield server.listen(9001, '127.0.0.1');
      const stream = (yield new TCPClient().connect('127.0.0.1', 9001)) as IOStream;
      return (yield stream.readUntilClose()) as Uint8Array;
    });
    expect(data.length).toBe(0);
    expect(reported.some((r) => r.exception instanceof NotSupportedError)).toBe(true);
    server.stop();
    expect(() => new TCPServer({ handleStream: 1 as never })).toThrow(InvalidArgumentError);
    expect(() => new TCPClient().connect('127.0.0.1', 1, { timeout: -1 })).toThrow(InvalidArgumentError);
  });
});

describe('TCPServer and TCPClient on real sockets', () => {
  let ioloop: IOLoop | null = null;
  afterEach(() => {
    ioloop?.close({ allFds: true });
    ioloop = null;
    setEventLoop(null);
  });

  it('echoes over TCP on 127.0.0.1 with port 0', async () => {
    ioloop = new IOLoop({ loop: new NodeEventLoop() });
    const io = ioloop;
    const server = new EchoServer({ ioloop: io });
    const replies = await io.runSync(function* () {
      yield server.listen(0, '127.0.0.1');
      const out = yield* talk(new TCPClient({ ioloop: io }), portOf(server), ['one', 'two']);
      server.stop();
      return out;
    });
    expect(replies).toEqual(['one', 'two']);
  });

  it('echoes over TLS with SSLIOStream', async () => {
    ioloop = new IOLoop({ loop: new NodeEventLoop() });
    const io = ioloop;
    const { cert, key } = testTlsCredentials();
    const server = new EchoServer({ ioloop: io, ssl: { cert, key } });
    const result = await io.runSync(function* () {
      yield server.listen(0, '127.0.0.1');
      const client = new TCPClient({ ioloop: io });
      const stream = (yield client.connect('127.0.0.1', portOf(server), { ssl: { ca: cert }, serverHostname: 'localhost' })) as SSLIOStream;
      yield stream.waitForHandshake();
      yield stream.write('secure\n');
      const line = Buffer.from((yield stream.readUntil('\n')) as Uint8Array).toString();
      const isSsl = stream instanceof SSLIOStream;
      const hasCert = stream.getSslCertificate() !== undefined;
      stream.close();
      server.stop();
      return [line, isSsl, hasCert];
    });
    expect(result).toEqual(['secure\n', true, true]);
  });

  it('a refused connection fails with StreamClosedError carrying ConnectionRefusedError', async () => {
    ioloop = new IOLoop({ loop: new NodeEventLoop() });
    const io = ioloop;
    // Find a free port, then close it so nobody listens there.
    const probe = new TCPServer({ ioloop: io, handleStream: () => {} });
    const port = await io.runSync(function* () {
      yield probe.listen(0, '127.0.0.1');
      const p = portOf(probe);
      probe.stop();
      return p;
    });
    const error = await io.runSync(() => new TCPClient({ ioloop: io }).connect('127.0.0.1', port)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamClosedError);
    expect((error as StreamClosedError).realError).toBeInstanceOf(ConnectionRefusedError);
  });
});
