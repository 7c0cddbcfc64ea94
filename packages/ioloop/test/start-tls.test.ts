// IOStream.startTls(): a STARTTLS line protocol between a TCPServer and a TCPClient on real
// sockets (greeting in clear, both streams converted to SSLIOStreams, encrypted echo), an
// untrusted certificate, the idle-stream rule, and NotImplementedError on the virtual network.
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError, NodeEventLoop, NotImplementedError, SSLCertVerificationError, setEventLoop } from '@async/loop';
import { connectProtocols, testTlsCredentials } from '@async/loop-testing';
import { IOLoop, IOStream, SSLIOStream, StreamClosedError, TCPClient, TCPServer } from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

const { cert, key } = testTlsCredentials();
const text = (bytes: unknown): string => Buffer.from(bytes as Uint8Array).toString();
const portOf = (server: TCPServer): number => (server.addresses()[0] as { port: number }).port;

/** Greets, converts the stream on STARTTLS, then echoes lines over TLS. */
class StartTlsServer extends TCPServer {
  readonly upgrades: Array<SSLIOStream | Error> = [];
  override *handleStream(stream: IOStream): Generator<unknown, void, unknown> {
    yield stream.write('hello\n');
    if (text(yield stream.readUntil('\n')) !== 'STARTTLS\n') return;
    yield stream.write('OK\n');
    let secure: SSLIOStream;
    try {
      secure = (yield stream.startTls(true, { key, cert })) as SSLIOStream;
    } catch (error) {
      this.upgrades.push(error as Error);
      return;
    }
    this.upgrades.push(secure);
    try {
      for (;;) yield secure.write((yield secure.readUntil('\n')) as Uint8Array);
    } catch (error) {
      if (!(error instanceof StreamClosedError)) throw error;
    }
  }
}

/** Connects, reads the greeting and asks for STARTTLS; returns the stream once the server said OK. */
function* greet(client: TCPClient, port: number): Generator<unknown, IOStream, unknown> {
  const stream = (yield client.connect('127.0.0.1', port)) as IOStream;
  expect(text(yield stream.readUntil('\n'))).toBe('hello\n');
  yield stream.write('STARTTLS\n');
  expect(text(yield stream.readUntil('\n'))).toBe('OK\n');
  return stream;
}

describe('IOStream.startTls() on real sockets', () => {
  let ioloop: IOLoop | null = null;
  afterEach(() => {
    ioloop?.close({ allFds: true });
    ioloop = null;
    setEventLoop(null);
  });

  it('converts both ends to SSLIOStreams: greeting in clear, then encrypted lines', async () => {
    const io = (ioloop = new IOLoop({ loop: new NodeEventLoop() }));
    const server = new StartTlsServer({ ioloop: io });
    const closes: string[] = [];
    await io.runSync(function* () {
      yield server.listen(0, '127.0.0.1');
      const plain = yield* greet(new TCPClient({ ioloop: io }), portOf(server));
      plain.setCloseCallback(() => closes.push('closed'));
      const secure = (yield plain.startTls(false, { ca: cert }, 'localhost')) as SSLIOStream;
      expect(secure).toBeInstanceOf(SSLIOStream);
      expect(secure.getSslCertificate()).toMatchObject({ subject: { CN: 'localhost' } });
      expect((yield secure.waitForHandshake()) as SSLIOStream).toBe(secure);
      // The plain stream is spent, without having run its close callback.
      expect(plain.closed()).toBe(true);
      expect(() => plain.readUntil('\n')).toThrow(StreamClosedError);
      expect(closes).toEqual([]);
      yield secure.write('ping\n');
      expect(text(yield secure.readUntil('\n'))).toBe('ping\n');
      expect(server.upgrades[0]).toBeInstanceOf(SSLIOStream);
      secure.close();
      yield waitFor(io, () => closes.length > 0);
      server.stop();
    });
    // The close callback moved to the SSL stream.
    expect(closes).toEqual(['closed']);
  });

  it('an untrusted certificate fails the future with the real error and closes the new stream', async () => {
    const io = (ioloop = new IOLoop({ loop: new NodeEventLoop() }));
    const server = new StartTlsServer({ ioloop: io });
    const closes: string[] = [];
    const error = await io.runSync(function* () {
      yield server.listen(0, '127.0.0.1');
      const plain = yield* greet(new TCPClient({ ioloop: io }), portOf(server));
      plain.setCloseCallback(() => closes.push('closed'));
      try {
        yield plain.startTls(false, null, 'localhost');
      } catch (caught) {
        return caught;
      } finally {
        server.stop();
      }
      return null;
    });
    expect(error).toBeInstanceOf(SSLCertVerificationError);
    await io.runSync(() => waitFor(io, () => closes.length > 0));
    expect(closes).toEqual(['closed']);
  });

  it('refuses to convert a stream that is not idle: unread bytes, a pending read or write', async () => {
    const io = (ioloop = new IOLoop({ loop: new NodeEventLoop() }));
    const server = new TCPServer({
      ioloop: io,
      handleStream: function* (stream: IOStream) {
        yield stream.write('hello\n');
        yield stream.readUntilClose();
      },
    });
    await io.runSync(function* () {
      yield server.listen(0, '127.0.0.1');
      const stream = (yield new TCPClient({ ioloop: io }).connect('127.0.0.1', portOf(server))) as IOStream;
      const tls = { ca: cert };
      expect(text(yield stream.readBytes(3))).toBe('hel');
      expect(() => stream.startTls(false, tls, 'localhost')).toThrow(/not idle/);
      expect(text(yield stream.readUntil('\n'))).toBe('lo\n');
      // More than the kernel's socket buffers take at once: the write stays pending.
      const writing = stream.write(new Uint8Array(32 << 20));
      expect(stream.writing()).toBe(true);
      expect(() => stream.startTls(false, tls, 'localhost')).toThrow(InvalidStateError);
      yield writing;
      const reading = stream.readBytes(1);
      expect(() => stream.startTls(false, tls, 'localhost')).toThrow(InvalidStateError);
      stream.close();
      yield reading.then(
        () => null,
        (error: unknown) => expect(error).toBeInstanceOf(StreamClosedError),
      );
      server.stop();
    });
  });
});

describe('IOStream.startTls() on the virtual network', () => {
  it('checks its state and arguments, then fails with NotImplementedError', async () => {
    const { ioloop } = virtualIOLoop();
    expect(() => new IOStream().startTls(false)).toThrow(InvalidStateError);
    const client = new IOStream();
    const server = new IOStream();
    connectProtocols(ioloop.asyncioLoop, client.protocol, server.protocol);
    const closes: string[] = [];
    client.setCloseCallback(() => closes.push('closed'));
    const error = await ioloop.runSync(function* () {
      yield client.write('x');
      expect(() => client.startTls('no' as unknown as boolean)).toThrow(InvalidArgumentError);
      expect(() => client.startTls(false, { ca: cert })).toThrow(/serverHostname/);
      try {
        yield client.startTls(false, { ca: cert }, 'localhost');
      } catch (caught) {
        return caught;
      }
      return null;
    });
    expect(error).toBeInstanceOf(NotImplementedError);
    expect(client.closed()).toBe(true);
    // The connection is not left open: the peer sees it close, and the close callback ran.
    await ioloop.runSync(() => waitFor(ioloop, () => server.closed() && closes.length > 0));
    expect(closes).toEqual(['closed']);
  });
});

/** Completes once `condition()` holds, checking every loop turn. */
function waitFor(io: IOLoop, condition: () => boolean) {
  const future = io.createFuture<void>();
  const check = (): void => {
    if (condition()) future.setResult(undefined);
    else io.addCallback(check);
  };
  check();
  return future;
}
