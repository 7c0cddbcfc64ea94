/**
 * The HTTP hello-world benchmark: raw `node:http`, `@async/http`'s server and the Python
 * originals' web servers, each in its own process, loaded by the TCP benchmark's client in HTTP
 * mode: 100 keep-alive connections, one request in flight on each (as `wrk -c100`). Servers start
 * together for a round and are loaded one after the other; rounds alternate the order.
 */
import { type BenchOptions, selected } from '../bench-options.js';
import { median } from '../harness.js';
import { type SummaryRow, type TargetRow, formatRate, formatRatio } from '../markdown-report.js';
import type { ProcessSuite, SuiteOutput } from '../process-suite.js';
import { pinningCores } from '../tcp-echo/bench-child.js';
import type { LoadConfig } from '../tcp-echo/control-messages.js';
import type { EchoServerSpec } from '../tcp-echo/echo-servers.js';
import { preparePython } from '../tcp-echo/python-setup.js';
import { type ThroughputRun, throughputRun } from '../tcp-echo/server-process.js';
import { loadEachServer } from '../tcp-echo/server-round.js';
import { HELLO_REQUEST, HTTP_SERVERS } from './http-servers.js';

const ID = 'http-hello';
const CONNECTIONS = 100;
/** Our HTTP server at least this many times its Python original's requests/s. */
const PYTHON_TARGET = 2;
/** Our HTTP server at least this share of raw node:http's requests/s. */
const RAW_TARGET = 0.9;

/** Everything the HTTP benchmark measured. */
export interface HttpResult {
  pinned: boolean;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
  servers: EchoServerSpec[];
  /** Server key → runs (one per round). */
  runs: Record<string, ThroughputRun[]>;
  /** Server key → median requests/s. */
  median: Record<string, number>;
  errors: Record<string, string>;
}

async function round(servers: readonly EchoServerSpec[], result: HttpResult, cores: { server: number; client: number } | null, progress: (line: string) => void): Promise<void> {
  await loadEachServer(servers, cores, result.errors, async (server, client) => {
    progress(`http-hello: ${server.spec.label} ...`);
    const config: LoadConfig = {
      port: server.port,
      connections: CONNECTIONS,
      messageSize: 0,
      httpRequest: HELLO_REQUEST,
      depth: 1,
      warmupSeconds: result.warmupSeconds,
      durationSeconds: result.durationSeconds,
    };
    (result.runs[server.spec.key] ??= []).push(await throughputRun(server, client, config));
  });
}

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined ? null : a / b;
}

function cpu(runs: readonly ThroughputRun[] | undefined): number | null {
  return runs === undefined || runs.length === 0 ? null : median(runs.map((r) => r.serverCpuMicrosPerMessage));
}

/** The benchmark's section of the report. */
export function httpMarkdown(result: HttpResult): string {
  const lines = [
    `## HTTP hello-world (separate processes; ${result.pinned ? 'server pinned to core 0, load client to core 1' : 'not pinned'})`,
    '',
    `${result.connections} keep-alive connections, one \`GET /\` in flight on each (as \`wrk -c${result.connections}\`), answered "Hello, world"; ` +
      `${result.durationSeconds} s measured after ${result.warmupSeconds} s warm-up, ${result.rounds} round(s); the TCP benchmark's load client in HTTP mode.`,
    '',
    `### ${ID}`,
    '',
    '| server | requests/s (median) | each run | p50 ms | p99 ms | server CPU µs/request | server CPU | client CPU | /raw requests/s | /raw requests per CPU-s |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const raw = result.median['raw-http'];
  const rawCpu = cpu(result.runs['raw-http']);
  for (const spec of result.servers) {
    const runs = result.runs[spec.key] ?? [];
    const m = result.median[spec.key];
    if (m === undefined) {
      lines.push(`| ${spec.label} | not measured: ${result.errors[spec.key] ?? 'no run'} | | | | | | | | |`);
      continue;
    }
    const pick = (f: (r: ThroughputRun) => number | null): number => median(runs.map(f).filter((v): v is number => v !== null));
    const own = cpu(runs)!;
    const vsRaw = spec.key === 'raw-http' ? '' : (ratio(m, raw) === null ? '' : formatRatio(ratio(m, raw)!));
    const vsRawCpu = spec.key === 'raw-http' || rawCpu === null ? '' : formatRatio(rawCpu / own);
    lines.push(
      `| ${spec.label} | ${formatRate(m)} | ${runs.map((r) => formatRate(r.messagesPerSecond)).join(', ')} | ${pick((r) => r.p50Ms).toFixed(2)} | ${pick((r) => r.p99Ms).toFixed(2)} | ` +
        `${own.toFixed(1)} | ${Math.round(pick((r) => r.serverCpuShare) * 100)}% | ${Math.round(pick((r) => r.clientCpuShare) * 100)}% | ${vsRaw} | ${vsRawCpu} |`,
    );
  }
  return lines.join('\n');
}

/** Each server of ours against raw node:http, and against its Python original (or, without one, every Python server). */
export function httpSummary(result: HttpResult): { rows: SummaryRow[]; targets: TargetRow[] } {
  const rows: SummaryRow[] = [];
  const targets: TargetRow[] = [];
  const rawCpu = cpu(result.runs['raw-http']);
  for (const ours of result.servers.filter((s) => s.side === 'ours')) {
    const vsRaw = ratio(result.median[ours.key], result.median['raw-http']);
    if (vsRaw !== null) {
      rows.push({ id: ID, ours: ours.label, baseline: 'raw node:http', ratio: vsRaw, note: 'requests/s' });
      const oursCpu = cpu(result.runs[ours.key]);
      if (oursCpu !== null && rawCpu !== null) rows.push({ id: ID, ours: ours.label, baseline: 'raw node:http', ratio: rawCpu / oursCpu, note: 'requests per server CPU-second' });
      targets.push({ id: ID, description: `${ours.label} >= ${RAW_TARGET}x raw node:http requests/s`, ratio: vsRaw, met: vsRaw >= RAW_TARGET, withinNoise: false });
    }
    const originals = result.servers.filter((s) => s.side === 'python' && (ours.original === undefined || s.key === ours.original));
    for (const python of originals) {
      const r = ratio(result.median[ours.key], result.median[python.key]);
      if (r === null) continue;
      rows.push({ id: ID, ours: ours.label, baseline: python.label, ratio: r, note: 'requests/s' });
      targets.push({ id: ID, description: `${ours.label} >= ${PYTHON_TARGET}x ${python.label} requests/s`, ratio: r, met: r >= PYTHON_TARGET, withinNoise: false });
    }
  }
  return { rows, targets };
}

async function runHttp(options: BenchOptions, progress: (line: string) => void): Promise<SuiteOutput | null> {
  if (!selected(options, ID, 'HTTP hello-world requests')) return null;
  const cores = options.quick ? null : pinningCores();
  const result: HttpResult = {
    pinned: cores !== null,
    connections: CONNECTIONS,
    warmupSeconds: options.quick ? 0.05 : 0.5,
    durationSeconds: options.quick ? 0.15 : 2,
    rounds: options.quick ? 1 : 2,
    servers: [...HTTP_SERVERS],
    runs: {},
    median: {},
    errors: {},
  };
  let servers = HTTP_SERVERS.filter((s) => s.python === undefined);
  const python = HTTP_SERVERS.filter((s) => s.python !== undefined);
  if (options.python) {
    const availability = preparePython(python.flatMap((s) => s.python!.requires), !options.quick, progress);
    for (const s of python) {
      const missing = ['sys', ...s.python!.requires.map((r) => r.module)].find((m) => availability.missing.has(m));
      if (missing === undefined) servers = [...servers, s];
      else result.errors[s.key] = `skipped: ${availability.missing.get(missing)}`;
    }
  } else {
    for (const s of python) result.errors[s.key] = 'skipped (--no-python)';
  }
  for (let r = 0; r < result.rounds; r++) {
    progress(`http-hello round ${r + 1}/${result.rounds}: starting ${servers.length} servers ...`);
    await round(r % 2 === 0 ? servers : [...servers].reverse(), result, cores, progress);
  }
  for (const [key, runs] of Object.entries(result.runs)) {
    if (runs.length > 0) result.median[key] = median(runs.map((run) => run.messagesPerSecond));
  }
  const { rows, targets } = httpSummary(result);
  return { markdown: httpMarkdown(result), json: result, rows, targets };
}

/** The HTTP hello-world benchmark as `run.ts` runs it. */
export const httpSuite: ProcessSuite = { id: 'http', run: runHttp };
