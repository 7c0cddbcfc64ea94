/**
 * The HTTP client benchmark's client process (pinned to its own core when possible): for each
 * mode it asks, `@async/http`'s `HTTPClient` and undici's `Pool` each make keep-alive GETs of the
 * hello-world page of a raw `node:http` server in another process, `concurrency` at a time over
 * as many pooled connections, both in this process, measured with the micro benchmarks' harness
 * (warm-up, alternating order, GC before every sample, median). Each client is used as its users
 * write it: `await client.get(url)` and the response's `text()`; `await pool.request()` and
 * `await body.text()`. Beside the rates it records each client's CPU time per request, which a
 * busy machine distorts less than wall-clock rates.
 */
import { Pool } from 'undici';
import { NodeEventLoop } from '../async-loop.js';
import { HTTPClient } from '../async-http.js';
import { type Comparison, type Variant, measure, median } from '../harness.js';
import type { ChildMessage, ClientBenchRequest, ClientCpu, ClientMode } from '../tcp-echo/control-messages.js';

const BODY = 'Hello, world';

function check(who: string, status: number, body: string): void {
  if (status !== 200 || body !== BODY) throw new Error(`${who} got ${status} ${JSON.stringify(body.slice(0, 40))}, not 200 "${BODY}"`);
}

/** What one sample cost the process in CPU: filled in by each variant's samples, warm-ups first. */
type CpuSamples = ClientCpu[];

/** `requests` GETs, `concurrency` at a time, each through `get`; records the CPU they cost. */
function variant(label: string, side: 'ours' | 'raw', mode: ClientMode, get: () => Promise<void>, cpu: CpuSamples): Variant {
  return {
    label,
    side,
    ops: mode.requests,
    async sample() {
      let started = 0;
      const worker = async (): Promise<void> => {
        while (started < mode.requests) {
          started++;
          await get();
        }
      };
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await Promise.all(Array.from({ length: mode.concurrency }, worker));
      const seconds = (performance.now() - start) / 1000;
      const used = process.cpuUsage(cpuStart);
      const micros = used.user + used.system;
      cpu.push({ microsPerRequest: micros / mode.requests, share: micros / 1e6 / seconds });
      return seconds;
    },
  };
}

// Our client's futures need a running loop; it idles between the samples that use it.
const loop = new NodeEventLoop();
loop.runForever().catch((error: unknown) => {
  console.error('the HTTP client benchmark\'s loop failed:', error);
  process.exit(1);
});

async function compare(port: number, mode: ClientMode, warmups: number, samples: number): Promise<{ result: Awaited<ReturnType<typeof measure>>; cpu: Record<string, ClientCpu> }> {
  const url = `http://127.0.0.1:${port}/`;
  // A pool as large as the concurrency, for both: every request has a connection of its own.
  const client = new HTTPClient(loop as unknown as ConstructorParameters<typeof HTTPClient>[0], { maxClients: mode.concurrency, maxConnectionsPerHost: mode.concurrency });
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: mode.concurrency });
  const oursCpu: CpuSamples = [];
  const undiciCpu: CpuSamples = [];
  const ours = variant('@async/http HTTPClient (NodeEventLoop)', 'ours', mode, async () => {
    const response = await client.get(url);
    check('HTTPClient', response.status, response.text());
  }, oursCpu);
  const undici = variant('undici Pool.request', 'raw', mode, async () => {
    const { statusCode, body } = await pool.request({ path: '/', method: 'GET' });
    check('undici', statusCode, await body.text());
  }, undiciCpu);
  const comparison: Comparison = {
    id: mode.id,
    title: mode.title,
    unit: 'requests/s',
    ours,
    baselines: [undici],
    targets: [{ baseline: undici.label, minRatio: 1, description: `@async/http client >= 1.0x undici's keep-alive GETs/s (${mode.concurrency} in flight)` }],
  };
  try {
    const result = await measure(comparison, { warmups, samples });
    const summarise = (all: CpuSamples): ClientCpu => {
      const measured = all.slice(warmups);
      return { microsPerRequest: median(measured.map((c) => c.microsPerRequest)), share: median(measured.map((c) => c.share)) };
    };
    return { result, cpu: { [ours.label]: summarise(oursCpu), [undici.label]: summarise(undiciCpu) } };
  } finally {
    client.close();
    await pool.close();
  }
}

async function run(request: ClientBenchRequest): Promise<ChildMessage> {
  const message: ChildMessage = { type: 'client-bench-result', comparisons: [], cpu: {} };
  for (const mode of request.modes) {
    const { result, cpu } = await compare(request.port, mode, request.warmups, request.samples);
    message.comparisons.push(result);
    message.cpu[mode.id] = cpu;
  }
  return message;
}

process.on('message', (message: ClientBenchRequest) => {
  if (message.type !== 'client-bench') return;
  run(message).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      const failed: ChildMessage = { type: 'failed', error: `HTTP client benchmark: ${error instanceof Error ? error.message : String(error)}` };
      process.send?.(failed);
    },
  );
});
process.on('disconnect', () => process.exit(0));
const ready: ChildMessage = { type: 'ready' };
process.send?.(ready);
