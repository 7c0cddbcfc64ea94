/**
 * The control side shared by both echo servers: tells the bench where the server listens, then
 * answers statistics requests (memory, CPU time, open connections). The server exits when the
 * bench goes away, so a crashed bench never leaves a server behind.
 */
import { readFileSync } from 'node:fs';
import { collectGarbage } from '../gc.js';
import type { ChildMessage, StatsRequest } from './control-messages.js';

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Holds the last piece of priming garbage, so the allocations cannot be optimized away. */
let sink: unknown = null;

/** Allocates about 100 MB of small short-lived objects: several young-generation collections. */
function primeYoungGeneration(): void {
  for (let i = 0; i < 1_500_000; i++) sink = { i, list: [i, i] };
}

/**
 * Resident memory for the bench's memory figures: on Linux the anonymous part only (`RssAnon` in
 * /proc/self/status). File-backed pages (Node's own code) come and go as the kernel reclaims
 * them; on machines that reclaim cold pages proactively (DAMON) they made RSS deltas swing by
 * more than the connections being measured.
 */
function residentBytes(total: number): number {
  try {
    const match = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: the whole RSS is the best there is.
  }
  return total;
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
      rss: residentBytes(memory.rss),
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
