// Streams over real sockets on NodeEventLoop: TCP, TLS and UNIX sockets on this machine only
// (127.0.0.1 port 0, a socket path in os.tmpdir()), and drain() against a peer that stops reading.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Coroutine,
  type StreamReader,
  type StreamWriter,
  SSLCertVerificationError,
  createTask,
  openConnection,
  openUnixConnection,
  run,
  sleep,
  startServer,
  startUnixServer,
} from '@async/asyncio';
import type { Server } from '@async/loop';
import { testTlsCredentials } from '@async/loop-testing';

function portOf(server: Server): number {
  const address = server.addresses()[0];
  if (address === undefined || typeof address === 'string') throw new Error('not a TCP server');
  return address.port;
}

function* echo(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  for (;;) {
    const data = yield* reader.read(65536);
    if (data.length === 0) break;
    writer.write(data);
    yield* writer.drain();
  }
  writer.close();
  yield* writer.waitClosed();
}

function* roundTrip(reader: StreamReader, writer: StreamWriter, text: string): Coroutine<string> {
  writer.write(text);
  const answer = (yield* reader.readexactly(Buffer.byteLength(text))).toString();
  writer.close();
  yield* writer.waitClosed();
  return answer;
}

describe('streams on NodeEventLoop', () => {
  it('echoes over TCP on 127.0.0.1', async () => {
    function* main(): Coroutine<string> {
      const server = yield* startServer(echo, '127.0.0.1', 0);
      try {
        const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server));
        return yield* roundTrip(reader, writer, 'hello over tcp');
      } finally {
        server.close();
        yield* server.waitClosed();
      }
    }
    expect(await run(main())).toBe('hello over tcp');
  });

  it('echoes over TLS with the test certificate, and refuses an untrusted one', async () => {
    const { cert, key } = testTlsCredentials();
    function* main(): Coroutine<[string, unknown, boolean]> {
      const server = yield* startServer(echo, '127.0.0.1', 0, { tls: { cert, key } });
      try {
        const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server), {
          tls: { ca: cert },
          serverHostname: 'localhost',
        });
        const hasCipher = writer.getExtraInfo('cipher') !== undefined;
        const answer = yield* roundTrip(reader, writer, 'hello over tls');
        let refused: unknown = null;
        try {
          yield* openConnection('127.0.0.1', portOf(server), { tls: true });
        } catch (error) {
          refused = error;
        }
        return [answer, refused, hasCipher];
      } finally {
        server.close();
        yield* server.waitClosed();
      }
    }
    const [answer, refused, hasCipher] = await run(main());
    expect(answer).toBe('hello over tls');
    expect(hasCipher).toBe(true);
    expect(refused).toBeInstanceOf(SSLCertVerificationError);
  });

  it('echoes over a UNIX socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asyncio-streams-'));
    const path = join(dir, 'echo.sock');
    function* main(): Coroutine<string> {
      const server = yield* startUnixServer(echo, path);
      try {
        const [reader, writer] = yield* openUnixConnection(path);
        return yield* roundTrip(reader, writer, 'hello over unix');
      } finally {
        server.close();
        yield* server.waitClosed();
      }
    }
    try {
      expect(await run(main())).toBe('hello over unix');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drain() waits while the peer does not read, and completes once it does', async () => {
    const size = 16 * 1024 * 1024;
    function* main(): Coroutine<[boolean, number]> {
      let peer: [StreamReader, StreamWriter] | null = null;
      const server = yield* startServer((r, w) => {
        peer = [r, w];
      }, '127.0.0.1', 0);
      try {
        const [, writer] = yield* openConnection('127.0.0.1', portOf(server));
        while (peer === null) yield* sleep(0);
        const [peerReader, peerWriter] = peer as [StreamReader, StreamWriter];
        peerWriter.transport.pauseReading();
        writer.write(Buffer.alloc(size));
        const drained = createTask(writer.drain());
        // The kernel cannot take 16 MiB while nobody reads: drain() must still be waiting.
        yield* sleep(0.01);
        const waited = !drained.done();
        const got = createTask(peerReader.readexactly(size));
        peerWriter.transport.resumeReading();
        yield* drained;
        const received = (yield* got).length;
        writer.close();
        peerWriter.close();
        return [waited, received];
      } finally {
        server.close();
        yield* server.waitClosed();
      }
    }
    expect(await run(main())).toEqual([true, size]);
  });
});
