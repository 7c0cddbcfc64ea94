// IOStream over the virtual loop's in-memory transports: deterministic, no sockets.
import { describe, expect, it } from 'vitest';
import { ConnectionResetError, InvalidArgumentError, InvalidStateError } from '@async/loop';
import { connectProtocols } from '@async/loop-testing';
import {
  IOStream,
  StreamBufferFullError,
  StreamClosedError,
  UnsatisfiableReadError,
  gen,
} from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString();

/** A connected pair of streams on a fresh virtual IOLoop. */
function pair(options: { maxBufferSize?: number; chunkSize?: number } = {}) {
  const env = virtualIOLoop();
  const client = new IOStream({ maxBufferSize: options.maxBufferSize });
  const server = new IOStream({ maxBufferSize: options.maxBufferSize });
  const connection = connectProtocols(env.loop, client.protocol, server.protocol, { chunkSize: options.chunkSize ?? 256 * 1024 });
  return { ...env, client, server, connection };
}

describe('IOStream reads', () => {
  it('readUntil, readBytes and readUntilRegex across chunk boundaries', async () => {
    const { ioloop, client, server } = pair({ chunkSize: 3 });
    const got = await ioloop.runSync(function* () {
      client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\nBODY12345');
      const line = (yield server.readUntil('\r\n')) as Uint8Array;
      const headers = (yield server.readUntilRegex(/\r\n\r\n/)) as Uint8Array;
      const body = (yield server.readBytes(4)) as Uint8Array;
      const rest = (yield server.readBytes(10, { partial: true })) as Uint8Array;
      return [text(line), text(headers), text(body), text(rest)];
    });
    expect(got[0]).toBe('GET / HTTP/1.1\r\n');
    expect(got[1]).toBe('Host: x\r\n\r\n');
    expect(got[2]).toBe('BODY');
    // partial completes with what has arrived: at least one byte, at most 10.
    expect('12345'.startsWith(got[3]!)).toBe(true);
    expect(got[3]!.length).toBeGreaterThan(0);
  });

  it('readIntoBuffer fills the buffer; readUntilClose returns everything at close', async () => {
    const { ioloop, client, server } = pair();
    const result = await ioloop.runSync(function* () {
      client.write('abcdefgh');
      const buf = new Uint8Array(5);
      const n = (yield server.readIntoBuffer(buf)) as number;
      const rest = server.readUntilClose();
      client.write('ij');
      yield client.write('kl');
      client.close();
      return [n, text(buf), text((yield rest) as Uint8Array)];
    });
    expect(result).toEqual([5, 'abcde', 'fghijkl']);
    expect(server.closed()).toBe(true);
  });

  it('readUntil with maxBytes closes the stream, the read failing with the real cause', async () => {
    const { ioloop, client, server } = pair();
    const error = await ioloop.runSync(function* () {
      client.write('a very long line without the delimiter');
      try {
        yield server.readUntil('\n', { maxBytes: 10 });
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(error).toBeInstanceOf(StreamClosedError);
    expect((error as StreamClosedError).realError).toBeInstanceOf(UnsatisfiableReadError);
    expect((error as Error).cause).toBe((error as StreamClosedError).realError);
    expect(server.closed()).toBe(true);
    expect(server.error).toBeInstanceOf(UnsatisfiableReadError);
  });

  it('a delimiter found within maxBytes is fine', async () => {
    const { ioloop, client, server } = pair();
    client.write('short\n');
    const line = await ioloop.runSync(() => server.readUntil('\n', { maxBytes: 6 }));
    expect(text(line)).toBe('short\n');
  });

  it('overflowing maxBufferSize closes with StreamBufferFullError', async () => {
    const { ioloop, client, server } = pair({ maxBufferSize: 16 });
    const error = await ioloop.runSync(function* () {
      const reading = server.readUntil('\n');
      client.write('x'.repeat(32));
      try {
        yield reading;
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(error).toBeInstanceOf(StreamClosedError);
    expect((error as StreamClosedError).realError).toBeInstanceOf(StreamBufferFullError);
  });

  it('a chunk that is exactly what the pending read takes is handed over; any more stays buffered, and the limits still hold', async () => {
    const { ioloop, client, server } = pair();
    const got = await ioloop.runSync(function* () {
      const out: unknown[] = [];
      let reading = server.readBytes(64, { partial: true });
      client.write('abc');
      out.push(text((yield reading) as Uint8Array));
      reading = server.readUntil('\n');
      client.write('one\ntwo\n');
      out.push(text((yield reading) as Uint8Array), text((yield server.readUntil('\n')) as Uint8Array));
      reading = server.readBytes(3);
      client.write('xyz');
      out.push(text((yield reading) as Uint8Array));
      reading = server.readBytes(2, { partial: true });
      client.write('pqr');
      out.push(text((yield reading) as Uint8Array), text((yield server.readBytes(1)) as Uint8Array));
      reading = server.readUntil('\n', { maxBytes: 3 });
      client.write('long\n');
      try {
        yield reading;
      } catch (error) {
        out.push((error as StreamClosedError).realError);
      }
      return out;
    });
    expect(got.slice(0, 6)).toEqual(['abc', 'one\n', 'two\n', 'xyz', 'pq', 'r']);
    expect(got[6]).toBeInstanceOf(UnsatisfiableReadError);

    // Over maxBufferSize the stream closes, as it did with the chunk buffered: what the pending
    // read can take from the buffer it still gets first, as close() always gives it.
    const small = pair({ maxBufferSize: 16 });
    const data = await small.ioloop.runSync(function* () {
      const reading = small.server.readBytes(64, { partial: true });
      small.client.write('x'.repeat(32));
      return (yield reading) as Uint8Array;
    });
    expect(text(data)).toBe('x'.repeat(32));
    expect(small.server.closed()).toBe(true);
    expect(small.server.error).toBeInstanceOf(StreamBufferFullError);
  });

  it('a second read while one is pending throws InvalidStateError; bad arguments are typed', () => {
    const { server } = pair();
    server.readBytes(3);
    expect(() => server.readBytes(1)).toThrow(InvalidStateError);
    expect(() => server.readUntil('')).toThrow(InvalidArgumentError);
    const other = new IOStream();
    expect(() => other.readBytes(-1)).toThrow(InvalidArgumentError);
    expect(() => other.readBytes(1.5)).toThrow(InvalidArgumentError);
    expect(() => other.readUntilRegex('x' as never)).toThrow(InvalidArgumentError);
    expect(() => other.readIntoBuffer([] as never)).toThrow(InvalidArgumentError);
    expect(() => new IOStream({ maxBufferSize: 0 })).toThrow(InvalidArgumentError);
    expect(() => other.startTls(false)).toThrow(InvalidStateError);
    other.close();
  });
});

describe('IOStream edge cases', () => {
  it('readUntilRegex with maxBytes closes the stream when no match fits', async () => {
    const { ioloop, client, server } = pair();
    client.write('0123456789abcdef');
    const error = await ioloop.runSync(() => server.readUntilRegex(/z+/, { maxBytes: 8 })).catch((e: unknown) => e);
    expect((error as StreamClosedError).realError).toBeInstanceOf(UnsatisfiableReadError);
    expect(((error as StreamClosedError).realError as Error).message).toMatch(/not found within 8 bytes/);
  });

  it('readUntilClose completes with the buffered data even when a reset closes the stream', async () => {
    const { ioloop, client, server, connection } = pair();
    const data = await ioloop.runSync(function* () {
      const all = server.readUntilClose();
      yield client.write('last words');
      yield gen.sleep(0.1);
      connection.client.abort();
      return (yield all) as Uint8Array;
    });
    expect(text(data)).toBe('last words');
    expect(server.error).toBeInstanceOf(ConnectionResetError);
  });

  it('connect() in Tornado style, with a write queued before the connection exists', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const received: string[] = [];
    const server = recordingServer(loop, received);
    const stream = new IOStream();
    const early = stream.write('queued\n');
    expect(stream.writing()).toBe(true);
    const result = await ioloop.runSync(function* () {
      yield server;
      const connected = (yield stream.connect('127.0.0.1', 7000)) as IOStream;
      yield early;
      stream.close();
      yield gen.sleep(0.1);
      return connected === stream;
    });
    expect(result).toBe(true);
    expect(received).toEqual(['queued\n']);
    expect(() => stream.connect('127.0.0.1', 7000)).toThrow(InvalidStateError);
  });

  it('setCloseCallback rejects a non-function; a callback set after close still runs', async () => {
    const { ioloop, client } = pair();
    expect(() => client.setCloseCallback(3 as never)).toThrow(InvalidArgumentError);
    client.close();
    let ran = false;
    client.setCloseCallback(() => {
      ran = true;
    });
    await ioloop.runSync(() => gen.sleep(0));
    expect(ran).toBe(true);
  });
});

/** A server on the virtual network that records each chunk it receives. */
function recordingServer(loop: import('@async/loop-testing').VirtualEventLoop, received: string[]) {
  return loop.createServer(
    () => ({
      dataReceived(data: Uint8Array) {
        received.push(text(data));
      },
    }),
    { host: '127.0.0.1', port: 7000 },
  );
}

describe('IOStream writes and close', () => {
  it('write futures resolve once flushed, in order, and readBytes(0) completes at once', async () => {
    const { ioloop, client, server } = pair();
    const log: string[] = [];
    await ioloop.runSync(function* () {
      const first = client.write('hello ');
      const second = client.write('world');
      first.addDoneCallback(() => log.push('first flushed'));
      second.addDoneCallback(() => log.push('second flushed'));
      yield second;
      log.push(`empty read '${text((yield server.readBytes(0)) as Uint8Array)}'`);
      log.push(text((yield server.readBytes(11)) as Uint8Array));
    });
    // As in Tornado, yielding a future that is done already (the flushed write, the empty read)
    // goes on at once; the done callbacks run on the loop's next turn, while the read waits.
    expect(log).toEqual(["empty read ''", 'first flushed', 'second flushed', 'hello world']);
  });

  it('closing fails a pending read with StreamClosedError and writes on a closed stream throw', async () => {
    const { ioloop, client, server, loop } = pair();
    const log: string[] = [];
    server.setCloseCallback(() => log.push(`closed @${loop.time()}`));
    const error = await ioloop.runSync(function* () {
      const reading = server.readUntil('\n');
      client.write('partial');
      yield gen.sleep(1);
      client.close();
      try {
        yield reading;
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(error).toBeInstanceOf(StreamClosedError);
    expect((error as StreamClosedError).realError).toBeNull();
    await ioloop.runSync(() => gen.sleep(0));
    expect(log).toEqual(['closed @1']);
    expect(() => server.write('x')).toThrow(StreamClosedError);
    expect(() => server.readBytes(100)).toThrow(StreamClosedError);
    // The unread data is still there for readUntilClose.
    expect(text(await ioloop.runSync(() => server.readUntilClose()))).toBe('partial');
  });

  it('a reset by the peer closes with ConnectionResetError as the real error', async () => {
    const { ioloop, client, server, connection } = pair();
    const error = await ioloop.runSync(function* () {
      const reading = server.readBytes(10);
      yield gen.sleep(0.1);
      connection.client.abort();
      try {
        yield reading;
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(error).toBeInstanceOf(StreamClosedError);
    expect((error as StreamClosedError).realError).toBeInstanceOf(ConnectionResetError);
    expect(client.closed()).toBe(true);
  });

  it('writes wait while the peer does not read, and the write limit throws', async () => {
    const env = virtualIOLoop();
    const client = new IOStream({ maxWriteBufferSize: 256 * 1024 });
    const server = new IOStream();
    connectProtocols(env.loop, client.protocol, server.protocol, { bufferSize: 1024 });
    const result = await env.ioloop.runSync(function* () {
      const big = client.write(new Uint8Array(200 * 1024));
      yield gen.sleep(1);
      const waitedWhileUnread = !big.done();
      expect(() => client.write(new Uint8Array(200 * 1024))).toThrow(StreamBufferFullError);
      const data = (yield server.readBytes(200 * 1024)) as Uint8Array;
      yield big;
      return [waitedWhileUnread, data.length];
    });
    expect(result).toEqual([true, 200 * 1024]);
  });

  it('close({ allFds }) on the IOLoop closes its streams', () => {
    const { ioloop, client, server, loop } = pair();
    loop.runUntilIdle();
    ioloop.close({ allFds: true });
    expect(client.closed()).toBe(true);
    expect(server.closed()).toBe(true);
  });
});
