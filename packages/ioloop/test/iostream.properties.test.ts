// Property: however the bytes are cut into chunks on the way, readUntil / readBytes hand back
// exactly the lines and records that were written, in order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { connectProtocols } from '@async/loop-testing';
import { IOStream } from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

describe('IOStream framing under any chunking', () => {
  it('readUntil and readBytes reassemble what was written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '\r', 'é', '0'), maxLength: 20 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 17 }),
        async (lines, chunkSize) => {
          const { ioloop, loop } = virtualIOLoop();
          const client = new IOStream();
          const server = new IOStream();
          connectProtocols(loop, client.protocol, server.protocol, { chunkSize });
          const got = await ioloop.runSync(function* () {
            const out: string[] = [];
            for (const line of lines) {
              // Each record: a line ended by \n, then its length in bytes as 4 raw bytes.
              const body = Buffer.from(`${line}\n`);
              const length = Buffer.alloc(4);
              length.writeUInt32BE(body.length);
              client.write(body);
              client.write(length);
            }
            for (let i = 0; i < lines.length; i++) {
              const line = Buffer.from((yield server.readUntil('\n')) as Uint8Array);
              const length = Buffer.from((yield server.readBytes(4)) as Uint8Array).readUInt32BE(0);
              expect(length).toBe(line.length);
              out.push(line.toString().slice(0, -1));
            }
            client.close();
            return out;
          });
          expect(got).toEqual(lines);
          ioloop.close({ allFds: true });
        },
      ),
      { numRuns: 60 },
    );
  });
});
