// Property: however the bytes are split into chunks and however they are read back (read(n),
// readexactly(n), readuntil(sep), readline()), the reader returns exactly the bytes fed, in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Coroutine, IncompleteReadError, StreamReader, getRunningLoop, sleep } from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

type Read = { kind: 'read' | 'readexactly'; n: number } | { kind: 'readuntil'; sep: string } | { kind: 'readline' };

const readArb: fc.Arbitrary<Read> = fc.oneof(
  fc.record({ kind: fc.constantFrom('read' as const, 'readexactly' as const), n: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('readuntil' as const), sep: fc.constantFrom(';', 'ab', '\n') }),
  fc.record({ kind: fc.constant('readline' as const) }),
);

function* readAll(reader: StreamReader, reads: Read[]): Coroutine<string> {
  const parts: string[] = [];
  for (let i = 0; !reader.atEof(); i++) {
    const read = reads[i % reads.length]!;
    try {
      if (read.kind === 'read') parts.push((yield* reader.read(read.n)).toString('latin1'));
      else if (read.kind === 'readexactly') parts.push((yield* reader.readexactly(read.n)).toString('latin1'));
      else if (read.kind === 'readuntil') parts.push((yield* reader.readuntil(read.sep)).toString('latin1'));
      else parts.push((yield* reader.readline()).toString('latin1'));
    } catch (error) {
      if (!(error instanceof IncompleteReadError)) throw error;
      parts.push(error.partial.toString('latin1'));
    }
  }
  return parts.join('');
}

describe('StreamReader (property)', () => {
  it('returns exactly the bytes fed, whatever the chunking and the reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[ab;\nxyz]{0,30}$/), { maxLength: 12 }),
        fc.array(readArb, { minLength: 1, maxLength: 6 }),
        async (chunks, reads) => {
          function* main(): Coroutine<string> {
            const loop = getRunningLoop();
            const reader = new StreamReader({ loop, limit: 1024 });
            // Fed from callbacks, one chunk per iteration, while the reads wait.
            const feed = function* (): Coroutine<void> {
              for (const chunk of chunks) {
                reader.feedData(Buffer.from(chunk, 'latin1'));
                yield* sleep(0);
              }
              reader.feedEof();
            };
            const feeding = loop.createTask(feed());
            const text = yield* readAll(reader, reads);
            yield* feeding;
            return text;
          }
          expect(await runVirtual(main())).toBe(chunks.join(''));
        },
      ),
      { numRuns: 60 },
    );
  });
});
