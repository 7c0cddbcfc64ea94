/**
 * The marginal memory of idle connections in an echo server. A Node server's young generation
 * has a fixed size, and before the baseline it is primed (every page used once); for every server
 * a first batch of connections (not counted) has been accepted, so the code that handles them is
 * compiled (or, in Python, its objects' free lists and allocator arenas are there); then
 * `requested` more connections are opened, and the RSS delta is theirs. A Node server counts its
 * connections itself; a Python one's are counted as its open file descriptors. See bench/README.md.
 */
import type { BenchChild } from './bench-child.js';
import type { OpenRequest } from './control-messages.js';
import type { EchoServerSpec } from './echo-servers.js';
import { processOpenFds } from './process-stats.js';
import { type ServerProcess, serverStats, startClient, startServer } from './server-process.js';

/** One server's memory with idle connections. */
export interface IdleMemory {
  requested: number;
  connected: number;
  /** Why fewer than requested are open, if so. */
  shortfall: string | null;
  rssDeltaBytes: number;
  rssBytesPerConnection: number;
  /** JS heap + external memory per connection (after a full GC); null for a Python server. */
  heapBytesPerConnection: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Has the idle client open `count` more connections; resolves with how many it opened. */
async function openIdle(client: BenchChild, port: number, count: number): Promise<[number, string | null]> {
  const request: OpenRequest = { type: 'open', port, connections: count };
  client.send(request);
  const { connected, error } = await client.next('idle-connected', 180);
  return [connected, error];
}

/**
 * The connections the server holds: as it reports them (Node), or as its file descriptors beyond
 * the `baseFds` it had before the first connection (Python).
 */
async function connectionsHeld(server: ServerProcess, baseFds: number): Promise<number> {
  if (server.spec.python === undefined) return (await serverStats(server, false)).connections;
  const fds = processOpenFds(server.child.pid);
  if (fds === null) throw new Error(`cannot read /proc/${server.child.pid}/fd to count the connections`);
  return fds - baseFds;
}

/** Waits until the server has accepted (and set up) `count` connections. */
async function serverHolds(server: ServerProcess, count: number, baseFds: number): Promise<void> {
  const deadline = performance.now() + 60_000;
  while ((await connectionsHeld(server, baseFds)) < count) {
    if (performance.now() > deadline) throw new Error(`the server never saw all ${count} connections`);
    await sleep(50);
  }
}

/** Measures `spec`'s server (Node or Python) with `requested` idle connections. */
export async function idleMemory(
  spec: EchoServerSpec,
  requested: number,
  warmup: number,
  cores: { server: number; client: number } | null,
): Promise<IdleMemory> {
  const [serverStart, clientStart] = await Promise.allSettled([
    startServer(spec, cores?.server ?? null, true),
    startClient('idle client', './idle-client.ts', cores?.client ?? null),
  ] as const);
  const server = serverStart.status === 'fulfilled' ? serverStart.value : null;
  const client = clientStart.status === 'fulfilled' ? clientStart.value : null;
  try {
    if (serverStart.status === 'rejected') throw serverStart.reason;
    if (clientStart.status === 'rejected') throw clientStart.reason;
    const python = server!.spec.python !== undefined;
    const baseFds = python ? (processOpenFds(server!.child.pid) ?? 0) : 0;
    const [warmed] = await openIdle(client!, server!.port, warmup);
    await serverHolds(server!, warmed, baseFds);
    await sleep(200);
    const before = await serverStats(server!, true, true);
    const [connected, error] = await openIdle(client!, server!.port, requested);
    if (connected === 0) throw new Error(`no idle connection could be opened: ${error}`);
    await serverHolds(server!, warmed + connected, baseFds);
    await sleep(200);
    const after = await serverStats(server!, true);
    const rssDelta = after.rss - before.rss;
    const heapDelta = after.heapUsed + after.external - (before.heapUsed + before.external);
    return {
      requested,
      connected,
      shortfall: connected < requested ? error : null,
      rssDeltaBytes: rssDelta,
      rssBytesPerConnection: rssDelta / connected,
      heapBytesPerConnection: python ? null : heapDelta / connected,
    };
  } finally {
    await Promise.all([client?.stop(), server?.child.stop()]);
  }
}
