/**
 * One echo server or client process of the TCP benchmark, as the suite drives it: start it (a
 * Node server reports over IPC, a Python one on stdout), read its CPU time and memory (a Node
 * server reports them itself, after a GC if asked; a Python one is read from /proc), and run the
 * load client against it once.
 */
import { BenchChild } from './bench-child.js';
import type { LoadConfig, RunRequest, StatsMessage, StatsRequest } from './control-messages.js';
import type { EchoServerSpec } from './echo-servers.js';
import { processCpuMicros, processRssAnon } from './process-stats.js';

/** One client run against one server. */
export interface ThroughputRun {
  /** Connections the client kept busy. */
  connections: number;
  messagesPerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Server CPU time per message echoed during the measured window, in microseconds. */
  serverCpuMicrosPerMessage: number;
  /** Server CPU use over the measured window, as a share of one core (1 = saturated). */
  serverCpuShare: number;
  /** Client CPU use over the window: near 1 means the client, not the server, set the pace. */
  clientCpuShare: number;
}

/** A running echo server. */
export interface ServerProcess {
  spec: EchoServerSpec;
  child: BenchChild;
  port: number;
}

/*
 * For the idle-memory servers, the young generation starts at V8's default maximum (16 MiB
 * semi-spaces on 64-bit) instead of growing to it: the growth adds tens of MiB to RSS at a
 * moment that depends on the allocation rate, which would swamp the connections' own cost.
 */
const FIXED_YOUNG_GENERATION = ['--min-semi-space-size=16'];

/**
 * With `BENCH_CPU_PROF_DIR` set, every Node server of a throughput run writes a V8 CPU profile
 * there when it exits (`node --cpu-prof`): open it in Chrome's DevTools, or sum its self times,
 * to see where a server spends its time.
 */
function profilingFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Starts `spec`'s server, its file-descriptor limit raised; resolves once it listens. */
export async function startServer(spec: EchoServerSpec, core: number | null, forIdleMemory: boolean): Promise<ServerProcess> {
  const child = new BenchChild(`${spec.label} server`, {
    script: spec.script,
    ...(spec.python === undefined ? {} : { python: spec.python.args }),
    core,
    raiseFdLimit: true,
    nodeFlags: forIdleMemory ? FIXED_YOUNG_GENERATION : profilingFlags(),
  });
  try {
    const { port } = await child.next('listening', 60);
    return { spec, child, port };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** The server's statistics now (a Python server's from /proc: no GC, no connection count). */
export async function serverStats(server: ServerProcess, gc: boolean, prime = false): Promise<StatsMessage> {
  if (server.spec.python !== undefined) {
    const pid = server.child.pid;
    const cpuMicros = processCpuMicros(pid);
    if (cpuMicros === null) throw new Error(`${server.child.name}: cannot read /proc/${pid}/stat`);
    const rss = processRssAnon(pid) ?? 0;
    return { type: 'stats', rss, heapUsed: 0, external: 0, arrayBuffers: 0, connections: -1, cpuMicros };
  }
  const request: StatsRequest = { type: 'stats', gc, prime };
  server.child.send(request);
  return server.child.next('stats', 30);
}

/** Starts a helper client and waits until it is ready for requests. */
export async function startClient(name: string, script: string, core: number | null): Promise<BenchChild> {
  const client = new BenchChild(name, { script, core, raiseFdLimit: true });
  try {
    await client.next('ready', 60);
    return client;
  } catch (error) {
    await client.stop();
    throw error;
  }
}

/**
 * Runs the load client once against `server` with `config`. The server's CPU time is read when
 * the client's measured window starts and ends, so connecting and closing (which cost a lot with
 * thousands of connections) are not counted per message.
 */
export async function throughputRun(server: ServerProcess, client: BenchChild, config: LoadConfig): Promise<ThroughputRun> {
  const request: RunRequest = { type: 'run', config };
  client.send(request);
  const setUp = 120 + config.connections / 100;
  await client.next('window', config.warmupSeconds + setUp);
  const before = await serverStats(server, false);
  await client.next('window', config.durationSeconds + 60);
  const after = await serverStats(server, false);
  const result = await client.next('load-result', setUp);
  if (result.windowMessages === 0) {
    throw new Error(`no reply came back within the ${config.durationSeconds} s window (the server is stuck, or far too slow for it)`);
  }
  const cpuMicros = after.cpuMicros - before.cpuMicros;
  return {
    connections: config.connections,
    messagesPerSecond: result.windowMessages / result.windowSeconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    serverCpuMicrosPerMessage: cpuMicros / Math.max(1, result.windowMessages),
    serverCpuShare: cpuMicros / 1e6 / result.windowSeconds,
    clientCpuShare: result.clientCpuShare,
  };
}
