// Property tests of in-memory connections: whatever the link settings, the write sizes and when
// the reader pauses, every byte arrives once and in order, EOF comes last, no dataReceived()
// exceeds chunkSize or comes while paused, a writer that honours pauseWriting() never buffers
// more than its high-water mark plus one write, and nothing is left behind.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Protocol, Transport } from '@async/loop';
import { MemoryTransport, VirtualEventLoop, connectProtocols } from '@async/loop-testing';

interface Scenario {
  latency: number;
  chunkSize: number;
  bufferSize: number;
  high: number;
  writes: number[];
  /** Virtual times at which the reader toggles pauseReading()/resumeReading(). */
  toggles: number[];
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  latency: fc.constantFrom(0, 0.001, 0.25),
  chunkSize: fc.integer({ min: 1, max: 5000 }),
  bufferSize: fc.integer({ min: 16, max: 4000 }),
  high: fc.integer({ min: 0, max: 3000 }),
  writes: fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 30 }),
  toggles: fc.array(fc.integer({ min: 0, max: 40 }).map((n) => n / 8), { maxLength: 6 }),
});

/** Writes `sizes` one after another, waiting for resumeWriting() whenever it is paused. */
class HonestWriter implements Protocol {
  transport: Transport | null = null;
  paused = false;
  maxBuffered = 0;
  lastWrite = 0;
  private _next = 0;
  private _offset = 0;
  constructor(
    private readonly _sizes: number[],
    private readonly _high: number,
  ) {}
  connectionMade(transport: Transport): void {
    this.transport = transport;
    transport.setWriteBufferLimits(this._high);
    this._pump();
  }
  pauseWriting(): void {
    this.paused = true;
  }
  resumeWriting(): void {
    this.paused = false;
    this._pump();
  }
  private _pump(): void {
    const transport = this.transport!;
    while (!this.paused && this._next < this._sizes.length) {
      const size = this._sizes[this._next++]!;
      const data = new Uint8Array(size);
      for (let i = 0; i < size; i++) data[i] = (this._offset + i) & 0xff;
      this._offset += size;
      transport.write(data);
      this.lastWrite = size;
      this.maxBuffered = Math.max(this.maxBuffered, transport.getWriteBufferSize() - size);
    }
    if (this._next === this._sizes.length && !this.paused) transport.writeEof();
  }
}

/** Checks every byte against its position as it arrives; records violations. */
class CheckingReader implements Protocol {
  transport: Transport | null = null;
  received = 0;
  problems: string[] = [];
  eof = false;
  lost: Error | null | undefined = undefined;
  constructor(private readonly _chunkSize: number) {}
  connectionMade(transport: Transport): void {
    this.transport = transport;
  }
  dataReceived(data: Uint8Array): void {
    if (!this.transport!.isReading()) this.problems.push('dataReceived while paused');
    if (this.eof) this.problems.push('data after EOF');
    if (data.length > this._chunkSize) this.problems.push(`chunk of ${data.length} > ${this._chunkSize}`);
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== ((this.received + i) & 0xff)) {
        this.problems.push(`wrong byte at ${this.received + i}`);
        break;
      }
    }
    this.received += data.length;
  }
  eofReceived(): void {
    this.eof = true;
  }
  connectionLost(error: Error | null): void {
    this.lost = error;
  }
}

describe('in-memory connections, for any link settings and write pattern', () => {
  it('deliver every byte once, in order, within the flow-control bounds', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const loop = new VirtualEventLoop();
        try {
          const writer = new HonestWriter(s.writes, s.high);
          const reader = new CheckingReader(s.chunkSize);
          // With latency each buffer-full takes a round of virtual time; keep the rounds few.
          const bufferSize = s.latency > 0 ? Math.max(256, s.bufferSize) : s.bufferSize;
          const { server } = connectProtocols(loop, writer, reader, {
            latency: s.latency,
            chunkSize: s.chunkSize,
            bufferSize,
          });
          s.toggles.forEach((at, i) => {
            loop.callAt(at, () => (i % 2 === 0 ? server.pauseReading() : server.resumeReading()));
          });
          loop.callAt(6, () => server.resumeReading());
          for (let i = 0; i < 100_000 && loop.advanceToNextTimer(); i++);

          const total = s.writes.reduce((a, b) => a + b, 0);
          expect(reader.problems).toEqual([]);
          expect(reader.received).toBe(total);
          expect(reader.eof).toBe(true);
          expect(reader.lost).toBeNull();
          // Before each write the buffer was at most at the high-water mark.
          expect(writer.maxBuffered).toBeLessThanOrEqual(s.high);
          expect(MemoryTransport.liveCount(loop)).toBe(0);
          expect(loop.nextDeadline()).toBeUndefined();
        } finally {
          loop.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
