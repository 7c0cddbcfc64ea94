// 50 MiB streamed each way through real sockets, generated on the fly: the bytes held inside our
// objects stay bounded by the flow-control marks, whatever the body size.
import { request as nodeRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HTTPClient, type HTTPServerRequest } from '@async/http';
import { withServer } from './support.js';

const TOTAL = 50 * 1024 * 1024;
const PIECE = 32 * 1024;
const BOUND = 512 * 1024;

function yieldToNode(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('streaming 50 MiB', () => {
  it('server → client: chunked response written with drain(), read with stream().read()', async () => {
    const piece = Buffer.alloc(PIECE, 0x61);
    let paused = 0;
    let maxTransportBuffer = 0;
    await withServer(
      async (request, response) => {
        const transport = request.connection.transport!;
        for (let sent = 0; sent < TOTAL; sent += PIECE) {
          if (!response.write(piece)) {
            paused++;
            maxTransportBuffer = Math.max(maxTransportBuffer, transport.getWriteBufferSize());
            await response.drain();
          }
        }
        response.end();
      },
      async (server, loop) => {
        const client = new HTTPClient(loop, { requestTimeout: 0 });
        const stream = await client.stream({ url: `http://127.0.0.1:${server.port}/big` });
        expect(stream.headers.get('transfer-encoding')).toBe('chunked');
        let received = 0;
        let reads = 0;
        for (let data = await stream.read(); data !== null; data = await stream.read()) {
          received += data.length;
          if (++reads % 4 === 0) await yieldToNode();
        }
        expect(received).toBe(TOTAL);
        expect(paused).toBeGreaterThan(0);
        // Over the high-water mark by at most one piece and its chunk framing.
        expect(maxTransportBuffer).toBeLessThanOrEqual(64 * 1024 + PIECE + 16);
        expect(stream.maxBuffered).toBeLessThanOrEqual(BOUND);
        client.close();
      },
    );
  });

  it('node:http client → server: chunked upload read with request.read()', async () => {
    let request: HTTPServerRequest | null = null;
    await withServer(
      async (req, response) => {
        request = req;
        let received = 0;
        let reads = 0;
        for (let data = await req.read(); data !== null; data = await req.read()) {
          received += data.length;
          if (++reads % 4 === 0) await yieldToNode();
        }
        response.end(String(received));
      },
      async (server) => {
        const answer = await new Promise<string>((resolve, reject) => {
          const upload = nodeRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/up' }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve(text));
          });
          upload.on('error', reject);
          const piece = Buffer.alloc(PIECE, 0x62);
          let sent = 0;
          const pump = (): void => {
            while (sent < TOTAL) {
              sent += PIECE;
              if (!upload.write(piece)) {
                upload.once('drain', pump);
                return;
              }
            }
            upload.end();
          };
          pump();
        });
        expect(answer).toBe(String(TOTAL));
        expect(request!.streaming).toBe(true);
        expect(request!.maxBuffered).toBeGreaterThan(0);
        expect(request!.maxBuffered).toBeLessThanOrEqual(BOUND);
      },
      { streamRequestBody: true },
    );
  });
});
