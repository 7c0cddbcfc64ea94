// StreamWriter.startTls() over real sockets on NodeEventLoop: a STARTTLS line protocol (greeting
// in clear, both sides upgrade, encrypted echo, reader and writer on the TLS transport), a
// refused certificate, a handshake timeout, and the in-memory loop's NotImplementedError.
import { describe, expect, it } from 'vitest';
import {
  type Coroutine,
  type StreamReader,
  type StreamWriter,
  InvalidArgumentError,
  NotImplementedError,
  SSLCertVerificationError,
  TimeoutError,
  openConnection,
  run,
  startServer,
} from '@async/asyncio';
import type { Server } from '@async/loop';
import { testTlsCredentials } from '@async/loop-testing';
import { runVirtual } from './virtual-run.js';

const { cert, key } = testTlsCredentials();

function portOf(server: Server): number {
  const address = server.addresses()[0];
  if (address === undefined || typeof address === 'string') throw new Error('not a TCP server');
  return address.port;
}

/** Greets, upgrades on STARTTLS, then echoes lines over TLS until the client closes. */
function* startTlsServer(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  writer.write('hello\r\n');
  const request = (yield* reader.readline()).toString();
  if (request !== 'STARTTLS\r\n') {
    writer.close();
    return;
  }
  writer.write('OK\r\n');
  try {
    yield* writer.startTls({ key, cert });
  } catch {
    // The client refused our certificate: the connection is closed already.
    return;
  }
  for (;;) {
    const line = yield* reader.readline();
    if (line.length === 0) break;
    writer.write(line);
  }
  writer.close();
}

/** Connects, reads the greeting and asks for STARTTLS; returns once the server said OK. */
function* greet(server: Server): Coroutine<[StreamReader, StreamWriter]> {
  const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server));
  expect((yield* reader.readline()).toString()).toBe('hello\r\n');
  writer.write('STARTTLS\r\n');
  expect((yield* reader.readline()).toString()).toBe('OK\r\n');
  return [reader, writer];
}

describe('StreamWriter.startTls()', () => {
  it('upgrades both ends of a stream: greeting in clear, then encrypted lines', async () => {
    function* main(): Coroutine<void> {
      const server = yield* startServer(startTlsServer, '127.0.0.1', 0);
      try {
        const [reader, writer] = yield* greet(server);
        const plain = writer.transport;
        expect(writer.getExtraInfo('peercert')).toBeUndefined();
        yield* writer.startTls({ ca: cert }, { serverHostname: 'localhost' });
        expect(writer.transport).not.toBe(plain);
        expect(writer.getExtraInfo('peercert')).toMatchObject({ subject: { CN: 'localhost' } });
        const long = `${'x'.repeat(60_000)}\r\n`;
        writer.write('ping\r\n');
        writer.write(long);
        yield* writer.drain();
        expect((yield* reader.readline()).toString()).toBe('ping\r\n');
        expect((yield* reader.readline()).toString()).toBe(long);
        writer.close();
        yield* writer.waitClosed();
      } finally {
        server.close();
        yield* server.waitClosed();
      }
    }
    await run(main());
  });

  it('fails with SSLCertVerificationError for an untrusted server, and the stream ends', async () => {
    function* main(): Coroutine<[unknown, unknown]> {
      const server = yield* startServer(startTlsServer, '127.0.0.1', 0);
      try {
        const [reader, writer] = yield* greet(server);
        let refused: unknown = null;
        try {
          yield* writer.startTls(true, { serverHostname: 'localhost' });
        } catch (error) {
          refused = error;
        }
        let readError: unknown = null;
        try {
          yield* reader.read();
        } catch (error) {
          readError = error;
        }
        return [refused, readError];
      } finally {
        server.close();
        yield* server.waitClosed();
      }
    }
    const [refused, readError] = await run(main());
    expect(refused).toBeInstanceOf(SSLCertVerificationError);
    // The reader carries the same error: the connection is gone.
    expect(readError).toBe(refused);
  });

  it('fails with TimeoutError when the server never answers the handshake', async () => {
    function* main(): Coroutine<unknown> {
      // A server that greets and then ignores everything.
      const server = yield* startServer((_reader, writer) => writer.write('hello\r\nOK\r\n'), '127.0.0.1', 0);
      try {
        const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server));
        yield* reader.readexactly(11);
        try {
          yield* writer.startTls({ ca: cert }, { serverHostname: 'localhost', sslHandshakeTimeout: 0.05 });
        } catch (error) {
          return error;
        }
        return null;
      } finally {
        server.close();
        server.closeClients();
        yield* server.waitClosed();
      }
    }
    expect(await run(main())).toBeInstanceOf(TimeoutError);
  });

  it('checks its arguments, and on VirtualEventLoop fails with NotImplementedError', async () => {
    function* main(): Coroutine<unknown[]> {
      const server = yield* startServer(() => undefined, '127.0.0.1', 0);
      const [, writer] = yield* openConnection('127.0.0.1', portOf(server));
      const caught: unknown[] = [];
      for (const attempt of [
        () => writer.startTls({ ca: cert }),
        () => writer.startTls({ ca: cert }, 'localhost' as unknown as object),
        () => writer.startTls({ ca: cert }, { serverHostname: 'localhost' }),
      ]) {
        try {
          yield* attempt();
        } catch (error) {
          caught.push(error);
        }
      }
      writer.close();
      server.close();
      server.closeClients();
      yield* server.waitClosed();
      return caught;
    }
    const [nameless, badOptions, unsupported] = await runVirtual(main());
    expect(nameless).toBeInstanceOf(InvalidArgumentError);
    expect((nameless as Error).message).toMatch(/serverHostname/);
    expect(badOptions).toBeInstanceOf(InvalidArgumentError);
    expect(unsupported).toBeInstanceOf(NotImplementedError);
    expect((unsupported as Error).message).toMatch(/NodeEventLoop/);
  });
});
