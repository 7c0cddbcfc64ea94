/**
 * The TCP echo benchmark: a raw `node:net` echo server, our protocol echo server on
 * `NodeEventLoop` and our asyncio streams echo server, each in its own process (pinned to core 0 when possible), loaded by a client
 * process of its own (pinned to core 1): 100 connections ping-ponging 64-byte messages, then
 * the same with 16 messages in flight per connection; and the server's memory per idle
 * connection with 10,000 connections open. Servers are started fresh for each round and killed
 * after it; rounds alternate which server goes first.
 */
import { type BenchOptions, selected } from '../bench-options.js';
import { median } from '../harness.js';
import { type SummaryRow, type TargetRow, formatRate, formatRatio } from '../markdown-report.js';
import {
  ASYNCIO_ECHO_PING_PONG_PER_S,
  ASYNCIO_ECHO_PIPELINED_PER_S,
  UVLOOP_ECHO_PING_PONG_PER_S,
  UVLOOP_ECHO_PIPELINED_PER_S,
} from '../anchors.js';
import { BenchChild, pinningCores } from './bench-child.js';
import type { LoadConfig, OpenRequest, RunRequest, StatsMessage, StatsRequest } from './control-messages.js';

const CONNECTIONS = 100;
const MESSAGE_SIZE = 64;
const PIPELINE_DEPTH = 16;
const THROUGHPUT_TARGET = 0.95;
const MEMORY_TARGET = 1.1;
/** The goal for the asyncio streams echo server. */
const ASYNCIO_STREAMS_TARGET = 0.9;

/** The servers under test: raw node:net, our protocol server and our asyncio streams server. */
const SERVERS = [
  { key: 'raw', label: 'raw node:net', script: './raw-echo-server.ts' },
  { key: 'ours', label: 'ours: protocol on NodeEventLoop', script: './loop-echo-server.ts' },
  { key: 'asyncio', label: 'ours: asyncio streams on NodeEventLoop', script: './asyncio-echo-server.ts' },
] as const;
type ServerKey = (typeof SERVERS)[number]['key'];

const MODES = [
  { id: 'tcp-echo-ping-pong', name: 'ping-pong', depth: 1, anchors: { asyncio: ASYNCIO_ECHO_PING_PONG_PER_S, uvloop: UVLOOP_ECHO_PING_PONG_PER_S } },
  { id: 'tcp-echo-pipelined', name: `pipelined (${PIPELINE_DEPTH} in flight)`, depth: PIPELINE_DEPTH, anchors: { asyncio: ASYNCIO_ECHO_PIPELINED_PER_S, uvloop: UVLOOP_ECHO_PIPELINED_PER_S } },
] as const;
const IDLE_ID = 'tcp-echo-idle-memory';
const TITLE = 'TCP echo';

/** One client run against one server. */
export interface ThroughputRun {
  messagesPerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Server CPU time per echoed message, warm-up included, in microseconds. */
  serverCpuMicrosPerMessage: number;
  /** Server CPU use over the run, as a share of one core (1 = saturated). */
  serverCpuShare: number;
  /** Client CPU use over the window: near 1 means the client, not the server, set the pace. */
  clientCpuShare: number;
}

/** Every server in one mode. */
export interface ModeResult {
  id: string;
  mode: string;
  depth: number;
  runs: Record<ServerKey, ThroughputRun[]>;
  /** Median msgs/s per server. */
  median: Record<ServerKey, number | null>;
  /** ours/raw of the median msgs/s, when both ran. */
  ratio: number | null;
  /**
   * ours/raw of messages per server CPU-second (raw's CPU µs/msg over ours): the servers'
   * efficiency, which holds even when the client or other load on the machine set the pace.
   */
  cpuRatio: number | null;
  /** msgs/s of Python's servers in the same mode, measured elsewhere (ANCHORS.md). */
  anchors: { asyncio: number; uvloop: number };
}

/** One server's memory with idle connections. */
export interface IdleMemory {
  requested: number;
  connected: number;
  /** Why fewer than requested are open, if so. */
  shortfall: string | null;
  rssDeltaBytes: number;
  rssBytesPerConnection: number;
  /** JS heap + external memory per connection (after a full GC). */
  heapBytesPerConnection: number;
}

/** Everything the TCP benchmark measured. */
export interface TcpEchoResult {
  pinned: boolean;
  connections: number;
  messageSize: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
  modes: ModeResult[];
  idle: Partial<Record<ServerKey, IdleMemory>> | null;
  /** Connections opened before the idle-memory baseline, not counted. */
  idleWarmup: number;
  idleRatio: number | null;
  /** Errors that kept a server from being measured (e.g. networking not implemented yet). */
  errors: Partial<Record<ServerKey, string>>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/*
 * For the idle-memory servers, the young generation starts at V8's default maximum (16 MiB
 * semi-spaces on 64-bit) instead of growing to it: the growth adds tens of MiB to RSS at a
 * moment that depends on the allocation rate, which would swamp the connections' own cost.
 */
const FIXED_YOUNG_GENERATION = ['--min-semi-space-size=16'];

async function startServer(key: ServerKey, core: number | null, forIdleMemory: boolean): Promise<[BenchChild, number]> {
  const spec = SERVERS.find((s) => s.key === key)!;
  const server = new BenchChild(`${spec.label} server`, {
    script: spec.script,
    core,
    raiseFdLimit: forIdleMemory,
    nodeFlags: forIdleMemory ? FIXED_YOUNG_GENERATION : [],
  });
  try {
    const { port } = await server.next('listening', 30);
    return [server, port];
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function stats(server: BenchChild, gc: boolean, prime = false): Promise<StatsMessage> {
  const request: StatsRequest = { type: 'stats', gc, prime };
  server.send(request);
  return server.next('stats', 30);
}

/** Starts a helper client and waits until it is ready for requests. */
async function startClient(name: string, script: string, core: number | null, raiseFdLimit: boolean): Promise<BenchChild> {
  const client = new BenchChild(name, { script, core, raiseFdLimit });
  try {
    await client.next('ready', 60);
    return client;
  } catch (error) {
    await client.stop();
    throw error;
  }
}

async function throughputRun(server: BenchChild, client: BenchChild, config: LoadConfig): Promise<ThroughputRun> {
  const before = await stats(server, false);
  const startedAt = performance.now();
  const request: RunRequest = { type: 'run', config };
  client.send(request);
  const result = await client.next('load-result', config.warmupSeconds + config.durationSeconds + 60);
  const after = await stats(server, false);
  const cpuMicros = after.cpuMicros - before.cpuMicros;
  return {
    messagesPerSecond: result.windowMessages / result.windowSeconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    serverCpuMicrosPerMessage: cpuMicros / Math.max(1, result.totalMessages),
    serverCpuShare: cpuMicros / 1000 / (performance.now() - startedAt),
    clientCpuShare: result.clientCpuShare,
  };
}

/** Has the idle client open `count` more connections; resolves with how many it opened. */
async function openIdle(client: BenchChild, port: number, count: number): Promise<[number, string | null]> {
  const request: OpenRequest = { type: 'open', port, connections: count };
  client.send(request);
  const { connected, error } = await client.next('idle-connected', 120);
  return [connected, error];
}

/** Waits until the server has accepted (and set up) `count` connections. */
async function serverHolds(server: BenchChild, count: number): Promise<void> {
  const deadline = performance.now() + 30_000;
  while ((await stats(server, false)).connections < count) {
    if (performance.now() > deadline) throw new Error(`the server never saw all ${count} connections`);
    await sleep(50);
  }
}

/**
 * The marginal memory of idle connections. The server's young generation has a fixed size, and
 * before the baseline it is primed (every page used once) and a first batch of connections (not
 * counted) has been accepted, so the code that handles them is compiled and its buffers are
 * there; then `requested` more connections are opened, and the RSS delta is theirs.
 */
async function idleMemory(key: ServerKey, requested: number, warmup: number, cores: { server: number; client: number } | null): Promise<IdleMemory> {
  const starting = await Promise.allSettled([
    startServer(key, cores?.server ?? null, true),
    startClient('idle client', './idle-client.ts', cores?.client ?? null, true),
  ] as const);
  const [serverStart, clientStart] = starting;
  const server = serverStart.status === 'fulfilled' ? serverStart.value[0] : null;
  const client = clientStart.status === 'fulfilled' ? clientStart.value : null;
  try {
    if (serverStart.status === 'rejected') throw serverStart.reason;
    if (clientStart.status === 'rejected') throw clientStart.reason;
    const port = serverStart.value[1];
    const [warmed] = await openIdle(client!, port, warmup);
    await serverHolds(server!, warmed);
    await sleep(200);
    const before = await stats(server!, true, true);
    const [connected, error] = await openIdle(client!, port, requested);
    if (connected === 0) throw new Error(`no idle connection could be opened: ${error}`);
    await serverHolds(server!, warmed + connected);
    await sleep(200);
    const after = await stats(server!, true);
    const rssDelta = after.rss - before.rss;
    const heapDelta = after.heapUsed + after.external - (before.heapUsed + before.external);
    return {
      requested,
      connected,
      shortfall: connected < requested ? error : null,
      rssDeltaBytes: rssDelta,
      rssBytesPerConnection: rssDelta / connected,
      heapBytesPerConnection: heapDelta / connected,
    };
  } finally {
    await Promise.all([client?.stop(), server?.stop()]);
  }
}

/** Median server CPU µs per message of some runs. */
function cpuPerMessage(runs: ThroughputRun[]): number {
  return median(runs.map((r) => r.serverCpuMicrosPerMessage));
}

function ms(value: number | null): string {
  return value === null ? '—' : value.toFixed(2);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function modeTable(result: TcpEchoResult, errors: Partial<Record<ServerKey, string>>): string {
  const lines = [
    `| mode | server | msgs/s (median) | each run | p50 ms | p99 ms | server CPU µs/msg | server CPU | client CPU | ours/raw msgs/s | ours/raw msgs per server CPU-s |`,
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const mode of result.modes) {
    for (const spec of SERVERS) {
      const runs = mode.runs[spec.key];
      const m = mode.median[spec.key];
      if (m === null) {
        lines.push(`| ${mode.mode} | ${spec.label} | not measured: ${errors[spec.key] ?? 'no run'} | | | | | | | | |`);
        continue;
      }
      const pick = (f: (r: ThroughputRun) => number | null): number | null => {
        const values = runs.map(f).filter((v): v is number => v !== null);
        return values.length === 0 ? null : median(values);
      };
      lines.push(
        `| ${mode.mode} | ${spec.label} | ${formatRate(m)} | ${runs.map((r) => formatRate(r.messagesPerSecond)).join(', ')} | ` +
          `${ms(pick((r) => r.p50Ms))} | ${ms(pick((r) => r.p99Ms))} | ${pick((r) => r.serverCpuMicrosPerMessage)!.toFixed(1)} | ` +
          `${percent(pick((r) => r.serverCpuShare)!)} | ${percent(pick((r) => r.clientCpuShare)!)} | ` +
          `${spec.key !== 'raw' && mode.median.raw !== null ? formatRatio(m / mode.median.raw) : ''} | ` +
          `${spec.key !== 'raw' && mode.runs.raw.length > 0 ? formatRatio(cpuPerMessage(mode.runs.raw) / cpuPerMessage(runs)) : ''} |`,
      );
    }
    for (const [name, rate] of [['asyncio Protocol', mode.anchors.asyncio], ['uvloop Protocol', mode.anchors.uvloop]] as const) {
      const vs = mode.median.ours === null ? '' : ` (ours/this ${formatRatio(mode.median.ours / rate)})`;
      lines.push(`| ${mode.mode} | reference: ${name}, measured elsewhere with a C client | ${formatRate(rate)}${vs} | | | | | | | | |`);
    }
  }
  return lines.join('\n');
}

function idleTable(idle: Partial<Record<ServerKey, IdleMemory>>, ratio: number | null, errors: Partial<Record<ServerKey, string>>): string {
  const lines = [
    '| server | idle connections | RSS delta | RSS bytes/connection | JS heap+external bytes/connection | ours/raw (RSS) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const spec of SERVERS) {
    const m = idle[spec.key];
    if (m === undefined) {
      lines.push(`| ${spec.label} | not measured: ${errors[spec.key] ?? 'no run'} | | | | |`);
      continue;
    }
    const count = m.shortfall === null ? String(m.connected) : `${m.connected} of ${m.requested} (${m.shortfall})`;
    lines.push(
      `| ${spec.label} | ${count} | ${(m.rssDeltaBytes / 2 ** 20).toFixed(1)} MiB | ${Math.round(m.rssBytesPerConnection)} | ` +
        `${Math.round(m.heapBytesPerConnection)} | ${spec.key === 'ours' && ratio !== null ? formatRatio(ratio) : ''} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Runs the TCP echo benchmark (the parts `--filter` selects), printing its tables as Markdown
 * and telling `progress` what it starts. Returns null when the filter selects none of it.
 */
export async function runTcpEcho(
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<{ result: TcpEchoResult; summary: { rows: SummaryRow[]; targets: TargetRow[] } } | null> {
  const modes = MODES.filter((m) => selected(options, m.id, `${TITLE} ${m.name}`));
  const wantIdle = selected(options, IDLE_ID, `${TITLE} idle memory`);
  if (modes.length === 0 && !wantIdle) return null;

  const cores = pinningCores();
  const rounds = options.quick ? 1 : 2;
  const warmupSeconds = options.quick ? 0.1 : 0.5;
  const durationSeconds = options.quick ? 1 : 3;
  const errors: Partial<Record<ServerKey, string>> = {};
  const result: TcpEchoResult = {
    pinned: cores !== null,
    connections: CONNECTIONS,
    messageSize: MESSAGE_SIZE,
    warmupSeconds,
    durationSeconds,
    rounds,
    modes: modes.map((m) => ({ id: m.id, mode: m.name, depth: m.depth, runs: { raw: [], ours: [], asyncio: [] }, median: { raw: null, ours: null, asyncio: null }, ratio: null, cpuRatio: null, anchors: { ...m.anchors } })),
    idle: null,
    idleWarmup: options.quick ? 200 : 2_000,
    idleRatio: null,
    errors,
  };

  for (let round = 0; round < rounds && modes.length > 0; round++) {
    const order = round % 2 === 0 ? SERVERS : [...SERVERS].reverse();
    for (const spec of order) {
      if (errors[spec.key] !== undefined) continue;
      progress(`running tcp-echo round ${round + 1}/${rounds}: ${spec.label} ...`);
      const starting = await Promise.allSettled([
        startServer(spec.key, cores?.server ?? null, false),
        startClient('load client', './load-client.ts', cores?.client ?? null, false),
      ] as const);
      const [serverStart, clientStart] = starting;
      try {
        if (serverStart.status === 'rejected') throw serverStart.reason;
        if (clientStart.status === 'rejected') throw clientStart.reason;
        const [server, port] = serverStart.value;
        for (const [i, mode] of modes.entries()) {
          const config: LoadConfig = { port, connections: CONNECTIONS, messageSize: MESSAGE_SIZE, depth: mode.depth, warmupSeconds, durationSeconds };
          result.modes[i]!.runs[spec.key].push(await throughputRun(server, clientStart.value, config));
        }
      } catch (error) {
        errors[spec.key] = error instanceof Error ? error.message : String(error);
      } finally {
        await Promise.all([
          serverStart.status === 'fulfilled' ? serverStart.value[0].stop() : undefined,
          clientStart.status === 'fulfilled' ? clientStart.value.stop() : undefined,
        ]);
      }
    }
  }
  for (const mode of result.modes) {
    for (const spec of SERVERS) {
      const runs = mode.runs[spec.key];
      mode.median[spec.key] = runs.length === 0 ? null : median(runs.map((r) => r.messagesPerSecond));
    }
    const { raw, ours } = mode.median;
    mode.ratio = raw !== null && ours !== null ? ours / raw : null;
    if (mode.runs.raw.length > 0 && mode.runs.ours.length > 0) {
      const cpu = (runs: ThroughputRun[]): number => median(runs.map((r) => r.serverCpuMicrosPerMessage));
      mode.cpuRatio = cpu(mode.runs.raw) / cpu(mode.runs.ours);
    }
  }

  if (wantIdle) {
    const requested = options.quick ? 500 : 10_000;
    const warmup = result.idleWarmup;
    const idle: Partial<Record<ServerKey, IdleMemory>> = {};
    // Memory is per process and not timing-sensitive, so the servers are measured at once.
    progress(`running tcp-echo idle memory: every server, ${warmup} + ${requested} connections each ...`);
    const measured = await Promise.allSettled(SERVERS.map((spec) => idleMemory(spec.key, requested, warmup, cores)));
    for (const [i, outcome] of measured.entries()) {
      const key = SERVERS[i]!.key;
      if (outcome.status === 'fulfilled') idle[key] = outcome.value;
      else errors[key] ??= outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    }
    result.idle = idle;
    if (idle.raw !== undefined && idle.ours !== undefined) {
      result.idleRatio = idle.ours.rssBytesPerConnection / idle.raw.rssBytesPerConnection;
    }
  }

  const pinning = cores === null ? 'not pinned (taskset or a second core unavailable)' : 'server pinned to core 0, load client to core 1';
  console.log(`\n## ${TITLE} (separate processes; ${pinning})`);
  if (result.modes.length > 0) {
    console.log(
      `\n${CONNECTIONS} connections, ${MESSAGE_SIZE}-byte messages, ${durationSeconds} s measured after ${warmupSeconds} s warm-up, ` +
        `${rounds} round(s) alternating which server goes first; the load client is Node (node:net) on its own core.\n`,
    );
    console.log(modeTable(result, errors));
  }
  if (result.idle !== null) {
    console.log(
      `\n### ${IDLE_ID}: server memory per idle connection\n\nThe server's RSS growth (after a full GC) from the idle ` +
        `connections counted here, opened while ${result.idleWarmup} others were already open, with a fixed-size, primed young ` +
        'generation (see bench/README.md).\n',
    );
    console.log(idleTable(result.idle, result.idleRatio, errors));
  }

  const rows: SummaryRow[] = [];
  const targets: TargetRow[] = [];
  for (const mode of result.modes) {
    if (mode.ratio === null) continue;
    rows.push({ id: mode.id, ours: 'protocol echo on NodeEventLoop', baseline: 'raw node:net echo', ratio: mode.ratio, note: 'msgs/s' });
    if (mode.cpuRatio !== null) {
      rows.push({ id: mode.id, ours: 'protocol echo on NodeEventLoop', baseline: 'raw node:net echo', ratio: mode.cpuRatio, note: 'msgs per server CPU-second' });
    }
    targets.push({ id: mode.id, description: `>= ${THROUGHPUT_TARGET}x raw node:net msgs/s`, ratio: mode.ratio, met: mode.ratio >= THROUGHPUT_TARGET, withinNoise: false });
  }
  for (const mode of result.modes) {
    const { raw, asyncio } = mode.median;
    if (raw === null || asyncio === null) continue;
    const ratio = asyncio / raw;
    rows.push({ id: mode.id, ours: 'asyncio streams echo', baseline: 'raw node:net echo', ratio, note: 'msgs/s' });
    targets.push({ id: mode.id, description: `asyncio streams >= ${ASYNCIO_STREAMS_TARGET}x raw node:net msgs/s`, ratio, met: ratio >= ASYNCIO_STREAMS_TARGET, withinNoise: false });
  }
  if (result.idleRatio !== null) {
    rows.push({ id: IDLE_ID, ours: 'protocol echo on NodeEventLoop', baseline: 'raw node:net echo', ratio: result.idleRatio, note: 'bytes per idle connection: lower is better' });
    targets.push({ id: IDLE_ID, description: `memory per idle connection <= ${MEMORY_TARGET}x raw`, ratio: result.idleRatio, met: result.idleRatio <= MEMORY_TARGET, withinNoise: false });
  }
  return { result, summary: { rows, targets } };
}
