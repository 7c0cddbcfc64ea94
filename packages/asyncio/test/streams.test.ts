// Streams on the virtual network: openConnection/startServer, the reader's reads and limits,
// the writer's drain() under backpressure, and the bad-input cases, all deterministic.
import { describe, expect, it } from 'vitest';
import {
  type Coroutine,
  type StreamReader,
  type StreamWriter,
  ConnectionRefusedError,
  ConnectionResetError,
  DEFAULT_STREAM_LIMIT,
  IncompleteReadError,
  InvalidArgumentError,
  InvalidStateError,
  LimitOverrunError,
  LoopStateError,
  StreamReader as Reader,
  createTask,
  getRunningLoop,
  openConnection,
  openUnixConnection,
  sleep,
  startServer,
  startUnixServer,
} from '@async/asyncio';
import type { Server } from '@async/loop';
import { runVirtual, type VirtualRun } from './virtual-run.js';

function portOf(server: Server): number {
  const address = server.addresses()[0];
  if (address === undefined || typeof address === 'string') throw new Error('not a TCP server');
  return address.port;
}

/** A reader fed by hand, on the running loop. */
function fedReader(chunks: string[], eof: boolean, limit?: number): StreamReader {
  const reader = new Reader({ limit, loop: getRunningLoop() });
  for (const chunk of chunks) reader.feedData(Buffer.from(chunk));
  if (eof) reader.feedEof();
  return reader;
}

describe('openConnection / startServer', () => {
  it('echoes lines between a client and a generator-function handler', async () => {
    const seen: string[] = [];
    function* handle(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      for (;;) {
        const line = yield* reader.readline();
        if (line.length === 0) break;
        writer.write(line.toString().toUpperCase());
        yield* writer.drain();
      }
      writer.close();
      yield* writer.waitClosed();
    }
    function* main(): Coroutine<string[]> {
      const server = yield* startServer(handle, '127.0.0.1', 0);
      const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server));
      for (const word of ['one\n', 'two\n']) {
        writer.write(word);
        seen.push((yield* reader.readline()).toString());
      }
      writer.writeEof();
      expect((yield* reader.read()).length).toBe(0);
      expect(reader.atEof()).toBe(true);
      writer.close();
      yield* writer.waitClosed();
      server.close();
      yield* server.waitClosed();
      return seen;
    }
    expect(await runVirtual(main())).toEqual(['ONE\n', 'TWO\n']);
  });

  it('accepts a plain function and an async function as clientConnected', async () => {
    function* main(): Coroutine<string[]> {
      const plain = yield* startServer((_r, w) => {
        w.write('plain');
        w.close();
      }, '127.0.0.1', 0);
      const asyncFn = yield* startServer(async (r, w) => {
        const data = await r.readexactly(3);
        w.write(`async ${data.toString()}`);
        w.close();
      }, '127.0.0.1', 0);
      const out: string[] = [];
      const [r1] = yield* openConnection('127.0.0.1', portOf(plain));
      out.push((yield* r1.read()).toString());
      const [r2, w2] = yield* openConnection('127.0.0.1', portOf(asyncFn));
      w2.write('abc');
      out.push((yield* r2.read()).toString());
      w2.close();
      for (const s of [plain, asyncFn]) {
        s.close();
        yield* s.waitClosed();
      }
      return out;
    }
    expect(await runVirtual(main())).toEqual(['plain', 'async abc']);
  });

  it('reports a failing handler and closes its connection', async () => {
    const record: VirtualRun = { loop: null, reported: [] };
    function* main(): Coroutine<number> {
      // eslint-disable-next-line require-yield
      const server = yield* startServer(function* (): Coroutine<void> {
        throw new Error('handler broke');
      }, '127.0.0.1', 0);
      const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server));
      const rest = yield* reader.read();
      writer.close();
      server.close();
      yield* server.waitClosed();
      return rest.length;
    }
    expect(await runVirtual(main(), record)).toBe(0);
    expect(record.reported).toHaveLength(1);
    expect(record.reported[0]!.message).toMatch(/clientConnected/);
    expect((record.reported[0]!.exception as Error).message).toBe('handler broke');
  });

  it('works over UNIX socket paths', async () => {
    function* main(): Coroutine<string> {
      const server = yield* startUnixServer(function* (r, w): Coroutine<void> {
        w.write(yield* r.readuntil('!'));
        w.close();
      }, '/virtual/echo.sock');
      const [reader, writer] = yield* openUnixConnection('/virtual/echo.sock');
      writer.write('hi!');
      const answer = (yield* reader.read()).toString();
      writer.close();
      server.close();
      yield* server.waitClosed();
      return answer;
    }
    expect(await runVirtual(main())).toBe('hi!');
  });

  it('fails with the connection error when nobody listens', async () => {
    function* main(): Coroutine<unknown> {
      try {
        yield* openConnection('127.0.0.1', 1);
      } catch (error) {
        return error;
      }
      return null;
    }
    expect(await runVirtual(main())).toBeInstanceOf(ConnectionRefusedError);
  });

  it('gives getExtraInfo and transport from the writer', async () => {
    function* main(): Coroutine<[unknown, boolean, boolean]> {
      const server = yield* startServer(() => undefined, '127.0.0.1', 0);
      const [, writer] = yield* openConnection('127.0.0.1', portOf(server));
      const peer = writer.getExtraInfo('peername');
      const canEof = writer.canWriteEof();
      writer.close();
      const closing = writer.isClosing() && writer.transport.isClosing();
      yield* writer.waitClosed();
      server.close();
      server.closeClients();
      yield* server.waitClosed();
      return [peer, canEof, closing];
    }
    const [peer, canEof, closing] = await runVirtual(main());
    expect(peer).toMatchObject({ address: '127.0.0.1' });
    expect(canEof).toBe(true);
    expect(closing).toBe(true);
  });
});

describe('StreamReader', () => {
  it('read(n) returns what is there, read() reads to the end', async () => {
    function* main(): Coroutine<string[]> {
      const reader = fedReader(['hello ', 'world'], true);
      const a = yield* reader.read(3);
      const b = yield* reader.read(0);
      const c = yield* reader.read();
      const d = yield* reader.read(5);
      return [a, b, c, d].map(String);
    }
    expect(await runVirtual(main())).toEqual(['hel', '', 'lo world', '']);
  });

  it('read(n) waits for data fed later', async () => {
    function* main(): Coroutine<string> {
      const reader = fedReader([], false);
      getRunningLoop().callSoon(() => reader.feedData(Buffer.from('late')));
      return (yield* reader.read(100)).toString();
    }
    expect(await runVirtual(main())).toBe('late');
  });

  it('readline returns a partial last line, then empty', async () => {
    function* main(): Coroutine<string[]> {
      const reader = fedReader(['a\nb', 'c\nlast'], true);
      const lines: string[] = [];
      for (;;) {
        const line = yield* reader.readline();
        if (line.length === 0) break;
        lines.push(line.toString());
      }
      return lines;
    }
    expect(await runVirtual(main())).toEqual(['a\n', 'bc\n', 'last']);
  });

  it('readexactly past EOF raises IncompleteReadError with partial and expected', async () => {
    function* main(): Coroutine<unknown> {
      const reader = fedReader(['abcd', 'ef'], true);
      expect((yield* reader.readexactly(3)).toString()).toBe('abc');
      try {
        yield* reader.readexactly(10);
      } catch (error) {
        expect(reader.atEof()).toBe(true);
        return error;
      }
      return null;
    }
    const error = (await runVirtual(main())) as IncompleteReadError;
    expect(error).toBeInstanceOf(IncompleteReadError);
    expect(error.partial.toString()).toBe('def');
    expect(error.expected).toBe(10);
    expect(error.message).toMatch(/3 bytes read on a total of 10 expected bytes/);
  });

  it('readuntil returns up to the separator; at EOF without it raises IncompleteReadError', async () => {
    function* main(): Coroutine<[string, string, IncompleteReadError | null]> {
      const reader = fedReader(['key=', 'value;;ne', 'xt'], true);
      const first = (yield* reader.readuntil(';;')).toString();
      const second = (yield* reader.readuntil(Buffer.from('e'))).toString();
      try {
        yield* reader.readuntil(';;');
      } catch (error) {
        return [first, second, error as IncompleteReadError];
      }
      return [first, second, null];
    }
    const [first, second, error] = await runVirtual(main());
    expect(first).toBe('key=value;;');
    expect(second).toBe('ne');
    expect(error).toBeInstanceOf(IncompleteReadError);
    expect(error!.partial.toString()).toBe('xt');
    expect(error!.expected).toBeNull();
  });

  it('readuntil past the limit raises LimitOverrunError and keeps the data', async () => {
    function* main(): Coroutine<[LimitOverrunError | null, string]> {
      const reader = fedReader(['x'.repeat(10)], false, 4);
      let caught: LimitOverrunError | null = null;
      try {
        yield* reader.readuntil('\n');
      } catch (error) {
        caught = error as LimitOverrunError;
      }
      return [caught, (yield* reader.read(100)).toString()];
    }
    const [error, rest] = await runVirtual(main());
    expect(error).toBeInstanceOf(LimitOverrunError);
    expect(error!.consumed).toBe(10);
    expect(rest).toBe('x'.repeat(10));
  });

  it('a separator found beyond the limit raises LimitOverrunError with its offset', async () => {
    function* main(): Coroutine<number> {
      const reader = fedReader(['abcdef\n'], false, 4);
      try {
        yield* reader.readuntil('\n');
      } catch (error) {
        if (error instanceof LimitOverrunError) return error.consumed;
      }
      return -1;
    }
    expect(await runVirtual(main())).toBe(6);
  });

  it('a line past the default 64 KiB limit raises LimitOverrunError and is dropped', async () => {
    function* main(): Coroutine<[unknown, string]> {
      const reader = fedReader(['y'.repeat(DEFAULT_STREAM_LIMIT + 1) + '\nnext\n'], true);
      let caught: unknown;
      try {
        yield* reader.readline();
      } catch (error) {
        caught = error;
      }
      return [caught, (yield* reader.readline()).toString()];
    }
    const [error, next] = await runVirtual(main());
    expect(error).toBeInstanceOf(LimitOverrunError);
    expect(next).toBe('next\n');
  });

  it('a line past the limit without its newline clears the buffer', async () => {
    function* main(): Coroutine<boolean> {
      const reader = fedReader(['z'.repeat(20)], false, 8);
      try {
        yield* reader.readline();
      } catch {
        // expected
      }
      reader.feedEof();
      return reader.atEof();
    }
    expect(await runVirtual(main())).toBe(true);
  });

  it('setException fails a waiting read and every later one', async () => {
    function* main(): Coroutine<string[]> {
      const reader = fedReader([], false);
      const boom = new Error('reset');
      getRunningLoop().callSoon(() => reader.setException(boom));
      const out: string[] = [];
      for (const read of [() => reader.read(1), () => reader.readline(), () => reader.readexactly(1)]) {
        try {
          yield* read();
        } catch (error) {
          out.push((error as Error).message);
        }
      }
      expect(reader.exception()).toBe(boom);
      return out;
    }
    expect(await runVirtual(main())).toEqual(['reset', 'reset', 'reset']);
  });

  it('pauses the transport over twice the limit and resumes once drained', async () => {
    function* main(): Coroutine<boolean[]> {
      const states: boolean[] = [];
      const server = yield* startServer((_r, w) => {
        w.write(Buffer.alloc(100, 1));
        w.close();
      }, '127.0.0.1', 0);
      const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server), { limit: 10 });
      yield* reader.readexactly(1); // everything has arrived by now (one chunk)
      states.push(writer.transport.isReading());
      yield* reader.read(95); // 4 bytes left: under the limit
      states.push(writer.transport.isReading());
      yield* reader.read();
      writer.close();
      server.close();
      yield* server.waitClosed();
      return states;
    }
    expect(await runVirtual(main())).toEqual([false, true]);
  });

  it('refuses two readers waiting at once', async () => {
    function* main(): Coroutine<unknown> {
      const reader = fedReader([], false);
      const first = createTask(reader.read(1));
      yield* sleep(0);
      try {
        yield* reader.read(1);
      } catch (error) {
        first.cancel();
        return error;
      }
      return null;
    }
    const error = await runVirtual(main());
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toMatch(/another coroutine is already waiting/);
  });

  it('rejects bad arguments with InvalidArgumentError', async () => {
    function* main(): Coroutine<void> {
      const reader = fedReader([], false);
      expect(() => reader.readexactly(-1)).toThrow(InvalidArgumentError);
      expect(() => reader.read(1.5)).toThrow(InvalidArgumentError);
      expect(() => reader.readuntil('')).toThrow(/at least one byte/);
      expect(() => reader.feedData('text' as unknown as Uint8Array)).toThrow(InvalidArgumentError);
      expect(() => new Reader({ limit: 0 })).toThrow(InvalidArgumentError);
      expect(() => openConnection('127.0.0.1', 80, { limit: -1 })).toThrow(InvalidArgumentError);
      expect(() => startServer('nope' as never, '127.0.0.1', 0)).toThrow(InvalidArgumentError);
      expect(() => openUnixConnection('')).toThrow(InvalidArgumentError);
      reader.feedEof();
      expect(() => reader.feedData(Buffer.from('x'))).toThrow(InvalidStateError);
      yield* sleep(0);
    }
    await runVirtual(main());
    expect(() => openConnection('127.0.0.1', 80)).toThrow(LoopStateError);
  });
});

describe('StreamWriter.drain', () => {
  it('waits under backpressure until the peer reads', async () => {
    const events: string[] = [];
    function* main(): Coroutine<string[]> {
      let serverSide: [StreamReader, StreamWriter] | null = null;
      const server = yield* startServer((r, w) => {
        serverSide = [r, w];
        w.transport.pauseReading();
      }, '127.0.0.1', 0, { bufferSize: 1024 } as object);
      const [, writer] = yield* openConnection('127.0.0.1', portOf(server), { bufferSize: 1024 } as object);
      writer.transport.setWriteBufferLimits(4096);
      yield* sleep(0);
      writer.write(Buffer.alloc(64 * 1024));
      events.push(`buffered ${writer.transport.getWriteBufferSize() > 4096}`);
      const drained = createTask(writer.drain());
      yield* sleep(0);
      yield* sleep(0);
      events.push(`drained before reading: ${drained.done()}`);
      const [reader, serverWriter] = serverSide! as [StreamReader, StreamWriter];
      serverWriter.transport.resumeReading();
      const got = createTask(reader.readexactly(64 * 1024));
      yield* drained;
      events.push(`drained; buffer ${writer.transport.getWriteBufferSize() <= 1024}`);
      events.push(`server read ${(yield* got).length}`);
      writer.close();
      server.close();
      server.closeClients();
      yield* server.waitClosed();
      return events;
    }
    expect(await runVirtual(main())).toEqual([
      'buffered true',
      'drained before reading: false',
      'drained; buffer true',
      'server read 65536',
    ]);
  });

  it('raises the connection error once the connection is reset', async () => {
    function* main(): Coroutine<unknown[]> {
      const server = yield* startServer((_r, w) => w.transport.abort(), '127.0.0.1', 0);
      const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server));
      const errors: unknown[] = [];
      for (const step of [() => reader.read(), () => writer.drain(), () => writer.waitClosed()]) {
        try {
          yield* step();
        } catch (error) {
          errors.push(error);
        }
      }
      server.close();
      yield* server.waitClosed();
      return errors;
    }
    const errors = await runVirtual(main());
    expect(errors).toHaveLength(3);
    for (const error of errors) expect(error).toBeInstanceOf(ConnectionResetError);
  });

  it('completes at once with nothing buffered, and after a clean close', async () => {
    function* main(): Coroutine<unknown> {
      const server = yield* startServer((_r, w) => w.close(), '127.0.0.1', 0);
      const [reader, writer] = yield* openConnection('127.0.0.1', portOf(server));
      yield* writer.drain();
      yield* reader.read();
      writer.close();
      yield* writer.waitClosed();
      let error: unknown = null;
      try {
        yield* writer.drain();
      } catch (e) {
        error = e;
      }
      server.close();
      yield* server.waitClosed();
      return error;
    }
    // Python's drain() after the connection is lost: ConnectionResetError('Connection lost').
    expect(await runVirtual(main())).toBeInstanceOf(ConnectionResetError);
  });
});
