/**
 * Networking conformance, streams: what one connection does between `connectionMade()` and
 * `connectionLost()`. Bytes arrive intact and in order whatever their size, callbacks come in
 * PEP 3156's order and never synchronously from the call that caused them, half-close, `close()`
 * (flushes) against `abort()` (drops), write flow control at the water marks, read pausing,
 * extra info and protocol switching. Every case runs on any loop, real or in-memory.
 */
import { describe, expect } from 'vitest';
import { ConnectionError, InvalidArgumentError, InvalidStateError, type Transport } from '@async/loop';
import { sleep } from './sleep.js';
import {
  Accepted,
  HOST,
  type NetworkTest,
  PausedReader,
  Recorder,
  closeServer,
  connectRecorder,
  echoServer,
  listen,
  pattern,
  sameBytes,
  utf8,
} from './networking-kit.js';

/** The sizes echoed end to end: one byte, small, just over a high-water mark, large. */
const ECHO_SIZES = [1, 1000, 65_537, 1 << 20, 8 << 20];

/** Registers the stream tests. */
export function describeStreams(test: NetworkTest): void {
  describe('streams', () => {
    for (const size of ECHO_SIZES) {
      test(`echoes ${size} bytes intact and in order`, function* (loop) {
        const { server, port } = yield* echoServer(loop);
        const [transport, client] = yield* connectRecorder(loop, port);
        const data = pattern(size, size & 0xff);
        transport.write(data);
        yield* client.waitFor(size);
        expect(client.received).toBe(size);
        expect(sameBytes(client.bytes(), data)).toBe(true);
        transport.close();
        expect(yield* client.lost).toBeNull();
        yield* closeServer(server);
      });
    }

    test('serves 50 concurrent connections, each getting its own bytes back', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      const tasks = Array.from({ length: 50 }, (_, i) =>
        loop.createTask(
          (function* () {
            const [transport, client] = yield* connectRecorder(loop, port);
            const data = pattern(1000 + i * 37, i);
            transport.write(data);
            transport.writeEof();
            yield* client.eof;
            expect(sameBytes(client.bytes(), data)).toBe(true);
            expect(yield* client.lost).toBeNull();
          })(),
        ),
      );
      for (const task of tasks) yield* task;
      yield* closeServer(server);
    });

    test('calls made, data, eof, lost in order, never from inside the call that caused them', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      expect(client.events).toEqual(['made']);
      const peer = yield* accepted.nth(0);
      yield* peer.made;
      transport.write(utf8('hello'));
      transport.writeEof();
      expect(peer.received).toBe(0);
      yield* peer.eof;
      expect(peer.text()).toBe('hello');
      expect(yield* peer.lost).toBeNull();
      expect(peer.events).toEqual(['made', 'data', 'eof', 'lost']);
      yield* client.eof;
      expect(yield* client.lost).toBeNull();
      expect(client.events).toEqual(['made', 'eof', 'lost']);
      yield* closeServer(server);
    });

    test('half-close: writeEof() keeps reading, and eofReceived() returning true keeps writing', function* (loop) {
      class Replier extends Recorder {
        override keepOpenOnEof = true;
        override eofReceived(): boolean {
          // Answers later: the transport must still be writable after eofReceived() returns.
          const transport = this.transport!;
          this.loop.callSoon(() => {
            transport.write(utf8(`got ${this.received}`));
            transport.close();
          });
          return super.eofReceived();
        }
      }
      const accepted = new Accepted(loop, () => new Replier(loop));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      expect(transport.canWriteEof()).toBe(true);
      transport.write(utf8('ping'));
      transport.writeEof();
      transport.writeEof();
      expect(transport.isClosing()).toBe(false);
      expect(() => transport.write(utf8('late'))).toThrow(InvalidStateError);
      yield* client.eof;
      expect(client.text()).toBe('got 4');
      expect(yield* client.lost).toBeNull();
      const peer = yield* accepted.nth(0);
      expect(yield* peer.lost).toBeNull();
      expect(peer.events).toEqual(['made', 'data', 'eof', 'lost']);
      yield* closeServer(server);
    });

    test('close() sends what is buffered, then calls connectionLost(null) once', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      // More than a kernel takes at once, so close() has a buffer to flush.
      const data = pattern(16 << 20, 3);
      transport.write(data);
      transport.close();
      expect(transport.isClosing()).toBe(true);
      expect(client.lifecycle()).toEqual(['made']);
      transport.close();
      // Writes after close() are discarded without an error.
      transport.write(utf8('discarded'));
      const peer = yield* accepted.nth(0);
      yield* peer.eof;
      expect(peer.received).toBe(data.length);
      expect(sameBytes(peer.bytes(), data)).toBe(true);
      expect(yield* client.lost).toBeNull();
      expect(yield* peer.lost).toBeNull();
      expect(client.lostCount).toBe(1);
      expect(client.lifecycle()).toEqual(['made', 'lost']);
      yield* closeServer(server);
    });

    test('abort() drops the write buffer and calls connectionLost(null) once', function* (loop) {
      const accepted = new Accepted(loop, () => new PausedReader(loop));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      yield* peer.made;
      const total = 32 << 20;
      transport.write(new Uint8Array(total).fill(7));
      expect(transport.getWriteBufferSize()).toBeGreaterThan(0);
      transport.abort();
      expect(transport.isClosing()).toBe(true);
      expect(transport.getWriteBufferSize()).toBe(0);
      expect(client.events).not.toContain('lost');
      transport.abort();
      transport.close();
      expect(yield* client.lost).toBeNull();
      peer.transport!.resumeReading();
      yield* peer.lost;
      expect(peer.received).toBeLessThan(total);
      expect(client.lostCount).toBe(1);
      yield* closeServer(server);
    });

    test('a peer that aborts while we write ends our connection once, without throwing', function* (loop) {
      const accepted = new Accepted(loop, () => new PausedReader(loop));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      yield* peer.made;
      transport.write(new Uint8Array(4 << 20).fill(1));
      peer.transport!.abort();
      const error = yield* client.lost;
      expect(error === null || error instanceof ConnectionError).toBe(true);
      expect(transport.isClosing()).toBe(true);
      expect(() => transport.write(utf8('after'))).not.toThrow();
      expect(client.lostCount).toBe(1);
      yield* closeServer(server);
    });

    test('a reader that pauses makes the writer pause at the high-water mark, then resume under the low one', function* (loop) {
      const accepted = new Accepted(loop, () => new PausedReader(loop));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      yield* peer.made;
      const [low, high] = transport.getWriteBufferLimits();
      expect([low, high]).toEqual([16 * 1024, 64 * 1024]);
      const chunk = pattern(16 * 1024, 5);
      let written = 0;
      // A real kernel takes megabytes before anything stays in the transport's buffer.
      while (!client.writingPaused && written < 256 << 20) {
        transport.write(chunk);
        written += chunk.length;
      }
      expect(client.writingPaused).toBe(true);
      expect(transport.getWriteBufferSize()).toBeGreaterThan(high);
      expect(transport.getWriteBufferSize()).toBeLessThanOrEqual(high + chunk.length);
      peer.transport!.resumeReading();
      yield* client.resumed;
      expect(client.bufferAtResume).toBeLessThanOrEqual(low);
      expect(client.events).toEqual(['made', 'pause', 'resume']);
      transport.close();
      yield* peer.eof;
      expect(peer.received).toBe(written);
      yield* client.lost;
      yield* closeServer(server);
    });

    test('setWriteBufferLimits() completes and checks the limits as asyncio does', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      const [transport, client] = yield* connectRecorder(loop, port);
      transport.setWriteBufferLimits(4096);
      expect(transport.getWriteBufferLimits()).toEqual([1024, 4096]);
      transport.setWriteBufferLimits(8000, 2000);
      expect(transport.getWriteBufferLimits()).toEqual([2000, 8000]);
      transport.setWriteBufferLimits(undefined, 100);
      expect(transport.getWriteBufferLimits()).toEqual([100, 400]);
      transport.setWriteBufferLimits(0);
      expect(transport.getWriteBufferLimits()).toEqual([0, 0]);
      transport.setWriteBufferLimits();
      expect(transport.getWriteBufferLimits()).toEqual([16384, 65536]);
      for (const [high, low] of [
        [100, 200],
        [-1, undefined],
        [Number.NaN, undefined],
        ['64' as unknown as number, undefined],
        [undefined, -5],
      ] as Array<[number | undefined, number | undefined]>) {
        expect(() => transport.setWriteBufferLimits(high, low)).toThrow(InvalidArgumentError);
      }
      expect(transport.getWriteBufferLimits()).toEqual([16384, 65536]);
      transport.close();
      yield* client.lost;
      yield* closeServer(server);
    });

    test('pauseReading() holds back data and EOF until resumeReading()', function* (loop) {
      const accepted = new Accepted(loop, () => new PausedReader(loop));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      yield* peer.made;
      expect(peer.transport!.isReading()).toBe(false);
      transport.write(utf8('abc'));
      transport.close();
      yield* client.lost;
      yield* sleep(loop, 0.02);
      expect(peer.events).toEqual(['made']);
      peer.transport!.pauseReading();
      peer.transport!.resumeReading();
      expect(peer.transport!.isReading()).toBe(true);
      yield* peer.eof;
      expect(peer.text()).toBe('abc');
      yield* peer.lost;
      expect(peer.events).toEqual(['made', 'data', 'eof', 'lost']);
      yield* closeServer(server);
    });

    test('no dataReceived() arrives while reading is paused, even for data already on its way', function* (loop) {
      class Stutter extends Recorder {
        callsWhilePaused = 0;
        override dataReceived(data: Uint8Array): void {
          if (!this.transport!.isReading()) this.callsWhilePaused++;
          super.dataReceived(data);
          const transport = this.transport!;
          transport.pauseReading();
          this.loop.callLater(0.001, () => transport.resumeReading());
        }
      }
      const accepted = new Accepted(loop, () => new Stutter(loop));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      const sent = pattern(20 * 1000, 9);
      for (let i = 0; i < 20; i++) {
        transport.write(sent.subarray(i * 1000, (i + 1) * 1000));
        if (i % 4 === 0) yield* sleep(loop, 0);
      }
      transport.writeEof();
      const peer = yield* accepted.nth(0);
      yield* peer.eof;
      expect(peer.callsWhilePaused).toBe(0);
      expect(sameBytes(peer.bytes(), sent)).toBe(true);
      yield* client.lost;
      yield* closeServer(server);
    });

    test('getExtraInfo() gives both ends’ addresses, and the default for unknown names', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      const peerTransport: Transport = yield* peer.made;
      const peername = transport.getExtraInfo('peername') as { address: string; port: number };
      const sockname = transport.getExtraInfo('sockname') as { address: string; port: number };
      expect(peername).toMatchObject({ address: HOST, port });
      expect(sockname.address).toBe(HOST);
      expect(peerTransport.getExtraInfo('sockname')).toMatchObject({ address: HOST, port });
      expect(peerTransport.getExtraInfo('peername')).toMatchObject({ address: HOST, port: sockname.port });
      expect(transport.getExtraInfo('no such name')).toBeUndefined();
      expect(transport.getExtraInfo('no such name', 'fallback')).toBe('fallback');
      transport.close();
      yield* client.lost;
      yield* closeServer(server);
    });

    test('setProtocol() sends what follows to the new protocol', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      transport.write(utf8('one'));
      const first = yield* accepted.nth(0);
      yield* first.waitFor(3);
      const second = new Recorder(loop);
      first.transport!.setProtocol(second);
      expect(first.transport!.getProtocol()).toBe(second);
      expect(() => first.transport!.setProtocol(null as never)).toThrow(InvalidArgumentError);
      transport.write(utf8('two'));
      transport.close();
      yield* second.eof;
      yield* second.lost;
      expect(first.text()).toBe('one');
      expect(second.text()).toBe('two');
      expect(first.events).toEqual(['made', 'data']);
      expect(second.events).toEqual(['data', 'eof', 'lost']);
      yield* client.lost;
      yield* closeServer(server);
    });

    test('writeLines() writes every chunk in order, and write() wants bytes', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      const [transport, client] = yield* connectRecorder(loop, port);
      for (const bad of ['text', 42, null, undefined, [1, 2], new ArrayBuffer(4), { length: 1 }]) {
        expect(() => transport.write(bad as never)).toThrow(InvalidArgumentError);
      }
      expect(() => transport.writeLines([utf8('a'), 'b' as never])).toThrow(InvalidArgumentError);
      transport.write(new Uint8Array(0));
      transport.writeLines([utf8('one '), utf8('two '), Buffer.from('three')]);
      transport.writeLines([]);
      yield* client.waitFor(13);
      expect(client.text()).toBe('one two three');
      transport.close();
      yield* client.lost;
      yield* closeServer(server);
    });
  });
}
