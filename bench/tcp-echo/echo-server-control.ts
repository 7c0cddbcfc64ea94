/**
 * The control side shared by both echo servers: tells the bench where the server listens, then
 * answers statistics requests (memory, CPU time, open connections). The server exits when the
 * bench goes away, so a crashed bench never leaves a server behind.
 */
import { collectGarbage } from '../gc.js';
import type { ChildMessage, StatsRequest } from './control-messages.js';

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Holds the last piece of priming garbage, so the allocations cannot be optimized away. */
let sink: unknown = null;

/** Allocates about 200 MB of small short-lived objects: many young-generation collections. */
function primeYoungGeneration(): void {
  for (let i = 0; i < 3_000_000; i++) sink = { i, list: [i, i] };
}

/** Reports `port` to the bench and serves its requests; `connections` counts open ones. */
export function serveControl(port: number, connections: () => number): void {
  if (process.send === undefined) {
    console.error('an echo server is started by the bench (bench/tcp-echo/tcp-echo-suite.ts), not by hand');
    process.exit(2);
  }
  process.on('message', (message: StatsRequest) => {
    if (message.type !== 'stats') return;
    if (message.prime) primeYoungGeneration();
    if (message.gc) collectGarbage();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    send({
      type: 'stats',
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      connections: connections(),
      cpuMicros: cpu.user + cpu.system,
    });
    sink = null;
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'listening', port });
}

/** Reports a failure to start, then exits. */
export function reportStartFailure(error: unknown): never {
  send({ type: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  process.exit(1);
}
