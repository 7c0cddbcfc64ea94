// In-memory transports through connectProtocols(): the PEP 3156 transport contract (ordering,
// flow control, half-close, close vs abort, errors in protocol callbacks) on a virtual clock.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionResetError,
  InvalidArgumentError,
  InvalidStateError,
  LoopClosedError,
  NodeEventLoop,
  type ExceptionContext,
  type Protocol,
  type Transport,
} from '@async/loop';
import { MemoryTransport, VirtualEventLoop, connectProtocols } from '@async/loop-testing';
import { RecordingProtocol, bytes, pattern } from './recording-protocol.js';

const loops: VirtualEventLoop[] = [];
function newLoop(options?: ConstructorParameters<typeof VirtualEventLoop>[0]): VirtualEventLoop {
  const loop = new VirtualEventLoop(options);
  loops.push(loop);
  return loop;
}
afterEach(() => {
  for (const loop of loops.splice(0)) if (!loop.isRunning()) loop.close();
});

/** A client and an echo server sharing one log. */
function echoPair(loop: VirtualEventLoop, options?: Parameters<typeof connectProtocols>[3]) {
  const log: string[] = [];
  const clientProtocol = new RecordingProtocol({ name: 'c', log, loop });
  const serverProtocol = new RecordingProtocol({ name: 's', log, loop, echo: true });
  const { client, server } = connectProtocols(loop, clientProtocol, serverProtocol, options);
  return { log, client, server, clientProtocol, serverProtocol };
}

function captureExceptions(loop: VirtualEventLoop): ExceptionContext[] {
  const seen: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => void seen.push(context));
  return seen;
}

/** Nothing is scheduled, and no connection or timer is left. */
function expectNothingPending(loop: VirtualEventLoop): void {
  expect(loop.nextDeadline()).toBeUndefined();
  expect(loop.advanceToNextTimer()).toBe(false);
  expect(MemoryTransport.liveCount(loop)).toBe(0);
}

describe('connectProtocols: connecting', () => {
  it('calls connectionMade on the next iteration, client first, with the transports', () => {
    const loop = newLoop();
    const log: string[] = [];
    const client = new RecordingProtocol({ name: 'c', log });
    const server = new RecordingProtocol({ name: 's', log });
    const pair = connectProtocols(loop, client, server);
    expect(log).toEqual([]);
    loop.runUntilIdle();
    expect(log).toEqual(['c made', 's made']);
    expect(client.transport).toBe(pair.client);
    expect(server.transport).toBe(pair.server);
    expect(pair.client).toBeInstanceOf(MemoryTransport);
    expect(pair.server.getProtocol()).toBe(server);
    expect(MemoryTransport.liveCount(loop)).toBe(2);
  });

  it('reports fake addresses: each side sees the other as its peer', () => {
    const loop = newLoop();
    const { client, server } = connectProtocols(loop, {}, {}, {
      clientAddress: { address: '10.0.0.1', family: 'IPv4', port: 5000 },
      serverAddress: '/tmp/virtual.sock',
    });
    expect(client.getExtraInfo('sockname')).toEqual({ address: '10.0.0.1', family: 'IPv4', port: 5000 });
    expect(client.getExtraInfo('peername')).toBe('/tmp/virtual.sock');
    expect(server.getExtraInfo('peername')).toEqual({ address: '10.0.0.1', family: 'IPv4', port: 5000 });
    expect(server.getExtraInfo('socket', 'none')).toBe('none');
    expect(server.getExtraInfo('peercert')).toBeUndefined();
    expect(String(client)).toBe('<MemoryTransport 10.0.0.1:5000 -> /tmp/virtual.sock open>');
  });

  it('rejects bad arguments with InvalidArgumentError naming them', () => {
    const loop = newLoop();
    expect(() => connectProtocols(loop, null as unknown as Protocol, {})).toThrow(/clientProtocol/);
    expect(() => connectProtocols(loop, {}, 3 as unknown as Protocol)).toThrow(InvalidArgumentError);
    expect(() => connectProtocols(loop, {}, {}, { latency: -1 })).toThrow(/latency/);
    expect(() => connectProtocols(loop, {}, {}, { chunkSize: 0 })).toThrow(/chunkSize/);
    expect(() => connectProtocols(loop, {}, {}, { bufferSize: 1.5 })).toThrow(/bufferSize/);
    expect(() =>
      connectProtocols(loop, {}, {}, { clientAddress: { address: 'x', family: 'IPX', port: 1 } as never }),
    ).toThrow(/clientAddress/);
    expect(() => connectProtocols({} as never, {}, {})).toThrow(InvalidArgumentError);
    loop.close();
    expect(() => connectProtocols(loop, {}, {})).toThrow(LoopClosedError);
  });
});

describe('writing and reading', () => {
  it('delivers bytes in order through dataReceived, one read per loop callback', () => {
    const loop = newLoop();
    const { client, server } = echoPair(loop);
    client.write(bytes('hello '));
    client.writeLines([bytes('wor'), bytes('ld')]);
    loop.runUntilIdle();
    const serverProtocol = server.getProtocol() as RecordingProtocol;
    // The writes arrived before the server's first read, so they come as one chunk.
    expect(serverProtocol.chunks.map((c) => Buffer.from(c).toString())).toEqual(['hello world']);
    expect((client.getProtocol() as RecordingProtocol).text).toBe('hello world');
  });

  it('copies what is written, so the caller may reuse its buffer', () => {
    const loop = newLoop({ network: { latency: 1 } });
    const { client, server } = echoPair(loop, { latency: 1 });
    const data = bytes('abc');
    client.write(data);
    data.fill(0x7a);
    loop.advance(1);
    expect((server.getProtocol() as RecordingProtocol).text).toBe('abc');
  });

  it('echoes every size from 1 byte to 8 MiB intact', () => {
    const loop = newLoop();
    for (const size of [1, 2, 1000, 65535, 65536, 65537, 300_000, 1 << 20, 8 << 20]) {
      const { client, log } = echoPair(loop);
      const payload = pattern(size);
      client.write(payload);
      client.writeEof();
      loop.runUntilIdle();
      const received = (client.getProtocol() as RecordingProtocol).received;
      expect(received.length).toBe(size);
      expect(received.equals(payload)).toBe(true);
      // The client half-closed; the echo server closed after its EOF; the client then closed.
      expect(log.filter((e) => !e.includes('data') && !e.includes('pause') && !e.includes('resume'))).toEqual([
        'c made',
        's made',
        's eof',
        's lost',
        'c eof',
        'c lost',
      ]);
    }
    expectNothingPending(loop);
  });

  it('never hands dataReceived more than chunkSize bytes', () => {
    const loop = newLoop();
    const { client, server } = echoPair(loop, { chunkSize: 3 });
    client.write(bytes('hello world'));
    loop.runUntilIdle();
    const chunks = (server.getProtocol() as RecordingProtocol).chunks.map((c) => Buffer.from(c).toString());
    expect(chunks).toEqual(['hel', 'lo ', 'wor', 'ld']);
    expect((client.getProtocol() as RecordingProtocol).text).toBe('hello world');
  });

  it('delivers data latency seconds after it was written, on the virtual clock', () => {
    const loop = newLoop();
    const { client, server } = echoPair(loop, { latency: 0.25 });
    loop.advance(0.25); // connectionMade does not wait for latency: the pair is already connected.
    client.write(bytes('ping'));
    loop.advance(0.125);
    expect((server.getProtocol() as RecordingProtocol).chunks).toHaveLength(0);
    loop.advance(0.125);
    const s = server.getProtocol() as RecordingProtocol;
    const c = client.getProtocol() as RecordingProtocol;
    expect(s.text).toBe('ping');
    expect(s.times).toEqual([0.5]);
    expect(c.chunks).toHaveLength(0);
    loop.advance(0.25);
    expect(c.text).toBe('ping');
    expect(c.times).toEqual([0.75]);
  });

  it('keeps separate writes apart when latency separates them, and the EOF after them', () => {
    const loop = newLoop();
    const log: string[] = [];
    const server = new RecordingProtocol({ name: 's', log, loop });
    const { client } = connectProtocols(loop, new RecordingProtocol({ log }), server, { latency: 1 });
    loop.runUntilIdle();
    client.write(bytes('a'));
    loop.advance(0.5);
    client.write(bytes('b'));
    client.writeEof();
    loop.advance(2);
    expect(server.times).toEqual([1, 1.5]);
    expect(log.filter((e) => e.startsWith('s'))).toEqual(['s made', 's data 1', 's data 1', 's eof', 's lost']);
  });

  it('rejects writes of anything but bytes with InvalidArgumentError', () => {
    const loop = newLoop();
    const { client, server } = echoPair(loop);
    expect(() => client.write('text' as never)).toThrow(InvalidArgumentError);
    expect(() => client.write('text' as never)).toThrow(/TextEncoder/);
    expect(() => client.write([1, 2] as never)).toThrow(InvalidArgumentError);
    expect(() => client.writeLines([bytes('ok'), 'no' as never])).toThrow(InvalidArgumentError);
    expect(() => client.writeLines(5 as never)).toThrow(InvalidArgumentError);
    loop.runUntilIdle();
    // writeLines checks every chunk before writing any.
    expect((server.getProtocol() as RecordingProtocol).chunks).toHaveLength(0);
  });

  it('ignores empty writes', () => {
    const loop = newLoop();
    const { client, server } = echoPair(loop);
    client.write(new Uint8Array(0));
    loop.runUntilIdle();
    expect((server.getProtocol() as RecordingProtocol).chunks).toHaveLength(0);
  });

  it('lets a protocol be replaced with setProtocol()', () => {
    const loop = newLoop();
    const { client, server } = echoPair(loop);
    loop.runUntilIdle();
    const replacement = new RecordingProtocol();
    server.setProtocol(replacement);
    expect(server.getProtocol()).toBe(replacement);
    client.write(bytes('x'));
    loop.runUntilIdle();
    expect(replacement.text).toBe('x');
    expect(() => server.setProtocol(null as never)).toThrow(InvalidArgumentError);
  });
});

describe('reading flow control', () => {
  it('pauseReading stops dataReceived; resumeReading delivers what arrived meanwhile', () => {
    const loop = newLoop();
    const { client, server } = echoPair(loop);
    loop.runUntilIdle();
    server.pauseReading();
    server.pauseReading();
    expect(server.isReading()).toBe(false);
    client.write(bytes('held'));
    client.writeEof();
    loop.runUntilIdle();
    const s = server.getProtocol() as RecordingProtocol;
    expect(s.chunks).toHaveLength(0);
    expect(s.log).not.toContain('s eof');
    server.resumeReading();
    server.resumeReading();
    expect(server.isReading()).toBe(true);
    loop.runUntilIdle();
    expect(s.text).toBe('held');
    expect(s.log).toContain('s eof');
  });

  it('pausing from inside dataReceived stops the next read', () => {
    const loop = newLoop();
    const server = new RecordingProtocol();
    server.dataReceived = function (this: RecordingProtocol, data: Uint8Array) {
      RecordingProtocol.prototype.dataReceived.call(this, data);
      this.transport!.pauseReading();
    };
    const { client } = connectProtocols(loop, {}, server, { chunkSize: 2 });
    client.write(bytes('abcdef'));
    loop.runUntilIdle();
    expect(server.text).toBe('ab');
    server.transport!.resumeReading();
    loop.runUntilIdle();
    expect(server.text).toBe('abcd');
  });
});

describe('writing flow control', () => {
  /** A writer that honours pauseWriting: writes `chunk`-sized pieces of `total` while allowed. */
  class Pump implements Protocol {
    transport: Transport | null = null;
    paused = false;
    written = 0;
    maxBuffered = 0;
    pauses = 0;
    resumes = 0;
    constructor(
      private readonly total: number,
      private readonly chunk: number,
    ) {}
    connectionMade(transport: Transport): void {
      this.transport = transport;
      this.pump();
    }
    pauseWriting(): void {
      this.paused = true;
      this.pauses++;
    }
    resumeWriting(): void {
      this.paused = false;
      this.resumes++;
      this.pump();
    }
    pump(): void {
      const t = this.transport!;
      while (!this.paused && this.written < this.total) {
        const n = Math.min(this.chunk, this.total - this.written);
        t.write(pattern(n));
        this.written += n;
        this.maxBuffered = Math.max(this.maxBuffered, t.getWriteBufferSize());
      }
      if (this.written === this.total && !this.paused) t.writeEof();
    }
  }

  it('fills the virtual socket buffer, then the transport buffer, then pauses the writer', () => {
    const loop = newLoop();
    const reader = new RecordingProtocol();
    const writer = new Pump(1 << 20, 1024);
    const { server } = connectProtocols(loop, writer, reader, { bufferSize: 65536 });
    server.pauseReading();
    loop.runUntilIdle();
    // 64 KiB fit in the channel, then the buffer grew past its 64 KiB high-water mark by one write.
    expect(writer.pauses).toBe(1);
    expect(writer.written).toBe(65536 + 65536 + 1024);
    expect(writer.transport!.getWriteBufferSize()).toBe(65536 + 1024);
    expect(reader.chunks).toHaveLength(0);
    server.resumeReading();
    loop.runUntilIdle();
    expect(writer.written).toBe(1 << 20);
    expect(writer.resumes).toBe(writer.pauses);
    expect(writer.maxBuffered).toBeLessThanOrEqual(65536 + 1024);
    expect(reader.received.length).toBe(1 << 20);
    expect(reader.log.at(-1)).toBe('lost');
  });

  it('by default lets 4 MiB through to a paused reader before buffering, as loopback TCP does', () => {
    const loop = newLoop();
    const { client, server } = connectProtocols(loop, new RecordingProtocol(), new RecordingProtocol());
    loop.runUntilIdle();
    server.pauseReading();
    client.write(pattern(1 << 20));
    expect(client.getWriteBufferSize()).toBe(0);
    client.write(pattern(4 << 20));
    expect(client.getWriteBufferSize()).toBe(1 << 20);
    expect((client.getProtocol() as RecordingProtocol).log).toEqual(['made', 'pause']);
  });

  it('resumes the writer once its buffer is at or below the low-water mark', () => {
    const loop = newLoop();
    const reader = new RecordingProtocol();
    const { client, server } = connectProtocols(loop, new RecordingProtocol(), reader, { bufferSize: 100 });
    loop.runUntilIdle();
    client.setWriteBufferLimits(400, 200);
    expect(client.getWriteBufferLimits()).toEqual([200, 400]);
    server.pauseReading();
    client.write(pattern(100)); // fills the channel
    client.write(pattern(401)); // buffered: 401 > 400
    const writer = client.getProtocol() as RecordingProtocol;
    expect(writer.log).toEqual(['made', 'pause']);
    server.resumeReading();
    loop.runUntilIdle();
    expect(writer.log).toEqual(['made', 'pause', 'resume']);
    expect(client.getWriteBufferSize()).toBe(0);
    expect(reader.received.length).toBe(501);
  });

  it('setWriteBufferLimits follows asyncio: defaults, high alone, low alone, and checks', () => {
    const loop = newLoop();
    const { client } = echoPair(loop);
    expect(client.getWriteBufferLimits()).toEqual([16384, 65536]);
    client.setWriteBufferLimits(1000);
    expect(client.getWriteBufferLimits()).toEqual([250, 1000]);
    client.setWriteBufferLimits(undefined, 100);
    expect(client.getWriteBufferLimits()).toEqual([100, 400]);
    client.setWriteBufferLimits();
    expect(client.getWriteBufferLimits()).toEqual([16384, 65536]);
    client.setWriteBufferLimits(0);
    expect(client.getWriteBufferLimits()).toEqual([0, 0]);
    expect(() => client.setWriteBufferLimits(10, 20)).toThrow(InvalidArgumentError);
    expect(() => client.setWriteBufferLimits(-1)).toThrow(InvalidArgumentError);
    expect(() => client.setWriteBufferLimits('big' as never)).toThrow(InvalidArgumentError);
  });

  it('lowering the high-water mark under what is buffered pauses the writer at once', () => {
    const loop = newLoop();
    const { client, server } = connectProtocols(loop, new RecordingProtocol(), new RecordingProtocol(), {
      bufferSize: 10,
    });
    loop.runUntilIdle();
    server.pauseReading();
    client.write(pattern(110));
    expect(client.getWriteBufferSize()).toBe(100);
    client.setWriteBufferLimits(50);
    expect((client.getProtocol() as RecordingProtocol).log).toEqual(['made', 'pause']);
  });
});

describe('half-close', () => {
  it('client writeEof: the server may keep writing, then closes', () => {
    const loop = newLoop();
    const log: string[] = [];
    const client = new RecordingProtocol({ name: 'c', log });
    const server = new RecordingProtocol({ name: 's', log, keepOpenOnEof: true });
    const pair = connectProtocols(loop, client, server);
    expect(pair.client.canWriteEof()).toBe(true);
    pair.client.write(bytes('request'));
    pair.client.writeEof();
    pair.client.writeEof();
    expect(() => pair.client.write(bytes('more'))).toThrow(InvalidStateError);
    expect(() => pair.client.writeLines([bytes('more')])).toThrow(InvalidStateError);
    loop.runUntilIdle();
    expect(log).toEqual(['c made', 's made', 's data 7', 's eof']);
    expect(pair.server.isClosing()).toBe(false);
    pair.server.write(bytes('response'));
    pair.server.close();
    loop.runUntilIdle();
    expect(client.text).toBe('response');
    // The response was on its way before the server's connectionLost, the EOF after it.
    expect(log.slice(4)).toEqual(['c data 8', 's lost', 'c eof', 'c lost']);
    expectNothingPending(loop);
  });

  it('server writeEof: the client may keep writing, the other way round', () => {
    const loop = newLoop();
    const log: string[] = [];
    const client = new RecordingProtocol({ name: 'c', log, keepOpenOnEof: true });
    const server = new RecordingProtocol({ name: 's', log });
    const pair = connectProtocols(loop, client, server);
    loop.runUntilIdle();
    pair.server.write(bytes('banner'));
    pair.server.writeEof();
    loop.runUntilIdle();
    expect(log).toEqual(['c made', 's made', 'c data 6', 'c eof']);
    // Reading goes on after our own EOF.
    pair.client.write(bytes('reply'));
    pair.client.close();
    loop.runUntilIdle();
    expect(server.text).toBe('reply');
    expect(log.slice(4)).toEqual(['s data 5', 'c lost', 's eof', 's lost']);
  });

  it('ends the connection by itself once both sides have shut their write sides', () => {
    const loop = newLoop();
    const log: string[] = [];
    const client = new RecordingProtocol({ name: 'c', log, keepOpenOnEof: true });
    const server = new RecordingProtocol({ name: 's', log, keepOpenOnEof: true });
    const pair = connectProtocols(loop, client, server);
    pair.client.write(bytes('question'));
    pair.client.writeEof();
    loop.runUntilIdle();
    expect(log).toEqual(['c made', 's made', 's data 8', 's eof']);
    pair.server.write(bytes('answer'));
    pair.server.writeEof();
    loop.runUntilIdle();
    expect(log.slice(4)).toEqual(['c data 6', 's lost', 'c eof', 'c lost']);
    expect(client.lost).toBeNull();
    expect(server.lost).toBeNull();
    expectNothingPending(loop);
  });

  it('an eofReceived that does not return true closes the transport', () => {
    const loop = newLoop();
    const server = new RecordingProtocol();
    server.eofReceived = () => false;
    const pair = connectProtocols(loop, {}, server);
    pair.client.writeEof();
    loop.runUntilIdle();
    expect(pair.server.isClosing()).toBe(true);
    expect(server.lost).toBeNull();
  });

  it('writeEof waits for buffered bytes before the EOF goes out', () => {
    const loop = newLoop();
    const server = new RecordingProtocol();
    const pair = connectProtocols(loop, {}, server, { bufferSize: 4 });
    loop.runUntilIdle();
    pair.server.pauseReading();
    pair.client.write(bytes('0123456789'));
    pair.client.writeEof();
    expect(pair.client.getWriteBufferSize()).toBe(6);
    pair.server.resumeReading();
    loop.runUntilIdle();
    expect(server.text).toBe('0123456789');
    expect(server.log).toEqual(['made', 'data 4', 'data 4', 'data 2', 'eof', 'lost']);
  });
});

describe('close and abort', () => {
  it('close flushes the buffer, the peer sees eofReceived then connectionLost, and we lose with null', () => {
    const loop = newLoop();
    const log: string[] = [];
    const client = new RecordingProtocol({ name: 'c', log });
    const server = new RecordingProtocol({ name: 's', log });
    const pair = connectProtocols(loop, client, server, { bufferSize: 8 });
    loop.runUntilIdle();
    pair.server.pauseReading();
    pair.client.write(pattern(100));
    pair.client.close();
    pair.client.close();
    expect(pair.client.isClosing()).toBe(true);
    loop.runUntilIdle();
    expect(log).toEqual(['c made', 's made']); // still flushing into a paused reader
    pair.server.resumeReading();
    loop.runUntilIdle();
    expect(server.received.equals(pattern(100))).toBe(true);
    expect(log.filter((e) => !e.includes('data'))).toEqual(['c made', 's made', 'c lost', 's eof', 's lost']);
    expect(client.lost).toBeNull();
    expect(server.lost).toBeNull();
    expectNothingPending(loop);
  });

  it('stops reading at close(): no dataReceived after it', () => {
    const loop = newLoop();
    const client = new RecordingProtocol();
    const pair = connectProtocols(loop, client, {});
    loop.runUntilIdle();
    pair.server.write(bytes('late'));
    pair.client.close();
    expect(pair.client.isReading()).toBe(false);
    loop.runUntilIdle();
    expect(client.log).toEqual(['made', 'lost']);
  });

  it('abort drops the buffer: we lose with null, the peer with ConnectionResetError', () => {
    const loop = newLoop();
    const log: string[] = [];
    const client = new RecordingProtocol({ name: 'c', log });
    const server = new RecordingProtocol({ name: 's', log });
    const pair = connectProtocols(loop, client, server, { bufferSize: 8 });
    loop.runUntilIdle();
    pair.server.pauseReading();
    pair.client.write(pattern(100));
    pair.client.abort();
    expect(pair.client.getWriteBufferSize()).toBe(0);
    expect(pair.client.isClosing()).toBe(true);
    pair.server.resumeReading();
    loop.runUntilIdle();
    expect(log).toEqual(['c made', 's made', 'c lost', 's lost ConnectionResetError']);
    expect(client.lost).toBeNull();
    expect(server.lost).toBeInstanceOf(ConnectionResetError);
    expect((server.lost as ConnectionResetError).code).toBe('ECONNRESET');
    expect(server.chunks).toHaveLength(0);
    // abort after abort, close after abort: nothing more happens.
    pair.client.abort();
    pair.client.close();
    loop.runUntilIdle();
    expect(log).toHaveLength(4);
    expectNothingPending(loop);
  });

  it('with latency, a reset arrives after the data sent before it', () => {
    const loop = newLoop();
    const server = new RecordingProtocol({ loop });
    const pair = connectProtocols(loop, {}, server, { latency: 1 });
    loop.runUntilIdle();
    pair.client.write(bytes('first'));
    loop.advance(0.5);
    pair.client.abort();
    loop.advance(0.75);
    expect(server.text).toBe('first');
    expect(server.lost).toBeUndefined();
    loop.advance(0.25);
    expect(server.lost).toBeInstanceOf(ConnectionResetError);
    expectNothingPending(loop);
  });

  it('writing to a peer that has closed resets us after its EOF', () => {
    const loop = newLoop();
    const log: string[] = [];
    const client = new RecordingProtocol({ name: 'c', log, keepOpenOnEof: true });
    const pair = connectProtocols(loop, client, new RecordingProtocol({ name: 's', log }));
    loop.runUntilIdle();
    pair.server.close();
    loop.runUntilIdle();
    expect(log).toEqual(['c made', 's made', 's lost', 'c eof']);
    pair.client.write(bytes('anyone there?'));
    loop.runUntilIdle();
    expect(log.at(-1)).toBe('c lost ConnectionResetError');
    expectNothingPending(loop);
  });

  it('discards writes after close, and tells the exception handler at the fifth', () => {
    const loop = newLoop();
    const seen = captureExceptions(loop);
    const server = new RecordingProtocol();
    const pair = connectProtocols(loop, {}, server);
    loop.runUntilIdle();
    pair.client.close();
    for (let i = 0; i < 6; i++) pair.client.write(bytes('x'));
    loop.runUntilIdle();
    expect(server.chunks).toHaveLength(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.message).toMatch(/5 times on a closed transport/);
    expect(seen[0]!.transport).toBe(pair.client);
  });

  it('a transport closed before connectionMade still sees made, then lost', () => {
    const loop = newLoop();
    const log: string[] = [];
    const pair = connectProtocols(loop, new RecordingProtocol({ name: 'c', log }), new RecordingProtocol({ name: 's', log }));
    pair.client.close();
    loop.runUntilIdle();
    expect(log).toEqual(['c made', 's made', 'c lost', 's eof', 's lost']);
  });
});

describe('exceptions in protocol callbacks', () => {
  const boom = new Error('boom');

  it.each(['connectionMade', 'dataReceived', 'eofReceived'] as const)(
    'an exception in %s goes to the exception handler and aborts the connection',
    (method) => {
      const loop = newLoop();
      const seen = captureExceptions(loop);
      const log: string[] = [];
      const server = new RecordingProtocol({ name: 's', log });
      server[method] = () => {
        throw boom;
      };
      const client = new RecordingProtocol({ name: 'c', log });
      const pair = connectProtocols(loop, client, server);
      pair.client.write(bytes('data'));
      pair.client.writeEof();
      loop.runUntilIdle();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        message: `Fatal error: protocol.${method}() call failed.`,
        exception: boom,
        protocol: server,
        transport: pair.server,
      });
      expect(server.lost).toBe(boom);
      expect(client.lost).toBeInstanceOf(ConnectionResetError);
      expectNothingPending(loop);
    },
  );

  it('an exception in pauseWriting is reported and aborts; write() itself does not throw', () => {
    const loop = newLoop();
    const seen = captureExceptions(loop);
    const client = new RecordingProtocol();
    client.pauseWriting = () => {
      throw boom;
    };
    const pair = connectProtocols(loop, client, new RecordingProtocol(), { bufferSize: 1 });
    loop.runUntilIdle();
    pair.client.setWriteBufferLimits(10);
    pair.server.pauseReading();
    expect(() => pair.client.write(pattern(20))).not.toThrow();
    loop.runUntilIdle();
    expect(seen[0]).toMatchObject({ message: 'Fatal error: protocol.pauseWriting() call failed.', exception: boom });
    expect(client.lost).toBe(boom);
  });

  it('an exception in resumeWriting is reported and aborts', () => {
    const loop = newLoop();
    const seen = captureExceptions(loop);
    const client = new RecordingProtocol();
    client.resumeWriting = () => {
      throw boom;
    };
    const pair = connectProtocols(loop, client, new RecordingProtocol(), { bufferSize: 1 });
    loop.runUntilIdle();
    pair.client.setWriteBufferLimits(10);
    pair.server.pauseReading();
    pair.client.write(pattern(20));
    pair.server.resumeReading();
    loop.runUntilIdle();
    expect(seen[0]).toMatchObject({ message: 'Fatal error: protocol.resumeWriting() call failed.', exception: boom });
    expect(client.lost).toBe(boom);
  });

  it('an exception in connectionLost is reported, and the end is still released', () => {
    const loop = newLoop();
    const seen = captureExceptions(loop);
    const client = new RecordingProtocol();
    client.connectionLost = () => {
      throw boom;
    };
    const pair = connectProtocols(loop, client, new RecordingProtocol());
    pair.client.close();
    loop.runUntilIdle();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ message: 'Exception in protocol.connectionLost()', exception: boom, protocol: client });
    expectNothingPending(loop);
  });

  it('a non-Error thrown value still ends the connection with an Error', () => {
    const loop = newLoop();
    captureExceptions(loop);
    const server = new RecordingProtocol();
    server.dataReceived = () => {
      throw 'plain string';
    };
    const pair = connectProtocols(loop, {}, server);
    pair.client.write(bytes('x'));
    loop.runUntilIdle();
    expect(server.lost).toBeInstanceOf(Error);
    expect(server.lost!.message).toBe('plain string');
  });
});

describe('the end of the loop', () => {
  it('loop.close() destroys live connections without calling protocols, and leaves no timer', () => {
    const loop = newLoop();
    const log: string[] = [];
    const pair = connectProtocols(loop, new RecordingProtocol({ name: 'c', log }), new RecordingProtocol({ name: 's', log }), {
      latency: 5,
    });
    loop.runUntilIdle();
    pair.client.write(pattern(1000));
    expect(loop.nextDeadline()).toBe(5);
    loop.close();
    expect(log).toEqual(['c made', 's made']);
    expect(pair.client.isClosing()).toBe(true);
    expect(pair.server.isClosing()).toBe(true);
    // Using a destroyed transport is harmless.
    pair.client.write(bytes('x'));
    pair.client.close();
    pair.server.abort();
    expect(pair.client.getWriteBufferSize()).toBe(0);
  });

  it('works on a NodeEventLoop too, and destroyAll() cleans up before closing it', async () => {
    const loop = new NodeEventLoop();
    try {
      const server = new RecordingProtocol({ echo: true });
      const client = new RecordingProtocol();
      const pair = connectProtocols(loop, client, server);
      pair.client.write(bytes('over node'));
      pair.client.writeEof();
      const done = loop.createFuture<void>();
      client.connectionLost = () => done.setResult(undefined);
      await loop.runUntilComplete(done);
      expect(client.text).toBe('over node');
      const open = connectProtocols(loop, {}, {});
      MemoryTransport.destroyAll(loop);
      expect(open.client.isClosing()).toBe(true);
    } finally {
      loop.close();
    }
  });
});
