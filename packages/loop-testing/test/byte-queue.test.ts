// ByteQueue, the chunk FIFO behind the in-memory transports' buffers, against a plain byte-array
// model: any mix of pushes and bounded shifts gives back the same bytes in the same order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteQueue } from '../src/byte-queue.js';

type Op = { push: number } | { shift: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((push) => ({ push })),
  fc.integer({ min: 0, max: 120 }).map((shift) => ({ shift })),
);

describe('ByteQueue', () => {
  it('matches a byte-array model for any pushes and shifts', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const queue = new ByteQueue();
        let model: number[] = [];
        let next = 0;
        for (const op of ops) {
          if ('push' in op) {
            const chunk = Buffer.alloc(op.push);
            for (let i = 0; i < op.push; i++) chunk[i] = next++ & 0xff;
            queue.push(chunk);
            model.push(...chunk);
          } else {
            const taken = queue.shift(op.shift);
            expect([...taken]).toEqual(model.slice(0, op.shift));
            model = model.slice(taken.length);
          }
          expect(queue.size).toBe(model.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its place when thousands of small chunks are read across their boundaries', () => {
    const queue = new ByteQueue();
    for (let i = 0; i < 5000; i++) queue.push(Buffer.from([i & 0xff, (i >> 8) & 0xff, 0xee]));
    const out: Buffer[] = [];
    while (queue.size > 0) out.push(queue.shift(7));
    const all = Buffer.concat(out);
    expect(all.length).toBe(15000);
    for (let i = 0; i < 5000; i++) {
      expect([all[i * 3], all[i * 3 + 1], all[i * 3 + 2]]).toEqual([i & 0xff, (i >> 8) & 0xff, 0xee]);
    }
  });

  it('returns a whole chunk as it is, and nothing for an empty queue or max 0', () => {
    const queue = new ByteQueue();
    expect(queue.shift(10).length).toBe(0);
    const chunk = Buffer.from('abc');
    queue.push(chunk);
    queue.push(new Uint8Array(0));
    expect(queue.shift(0).length).toBe(0);
    expect(queue.shift(10)).toBe(chunk);
    queue.push(Buffer.from('xyz'));
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.shift(3).length).toBe(0);
  });
});
