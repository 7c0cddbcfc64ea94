/**
 * The HTTP hello-world benchmark: raw `node:http`, `@async/http`'s server, each front's own HTTP
 * server and the Python originals' web servers, each in its own process (pinned to core 0 when
 * possible), loaded by `wrk` (pinned to core 1): 100 keep-alive connections, one request in
 * flight on each (`wrk -t1 -c100 --latency`). Where wrk cannot be had (not installed and not
 * root, or `--quick` on a machine without it), the TCP benchmark's Node load client does the same
 * in HTTP mode, and the report says so. Servers start together for a round and are loaded one
 * after the other, raw `node:http` again before each and after the last, so that each ratio to
 * raw is taken against raw runs measured beside it (`../tcp-echo/paired-ratio.ts`); rounds
 * alternate the order.
 */
import { type BenchOptions, selected } from '../bench-options.js';
import { median } from '../harness.js';
import { type SummaryRow, type TargetRow, formatRate, formatRatio } from '../markdown-report.js';
import type { ProcessSuite, SuiteOutput } from '../process-suite.js';
import { pinningCores } from '../tcp-echo/bench-child.js';
import type { LoadConfig } from '../tcp-echo/control-messages.js';
import type { EchoServerSpec } from '../tcp-echo/echo-servers.js';
import { preparePython } from '../tcp-echo/python-setup.js';
import { BaselineScale, RunSequence, type SequencedRun } from '../tcp-echo/paired-ratio.js';
import { type ServerProcess, type ThroughputRun, serverStats, throughputRun } from '../tcp-echo/server-process.js';
import { loadEachServer } from '../tcp-echo/server-round.js';
import { HELLO_REQUEST, HTTP_SERVERS } from './http-servers.js';
import { prepareWrk, runWrk } from './wrk.js';

const ID = 'http-hello';
const CONNECTIONS = 100;
/** Our HTTP server at least this many times its Python original's requests/s. */
const PYTHON_TARGET = 2;
/**
 * Each server of ours at least this share of raw node:http's requests/s: the HTTP issue's targets
 * for `@async/http` (it has less to do than node:http) and the Tornado front's `web.Application`;
 * the fronts' echo target for the other fronts' servers.
 */
const RAW_TARGETS: Readonly<Record<string, number>> = { 'async-http': 1.0, 'ioloop-web': 0.8 };
const DEFAULT_RAW_TARGET = 0.9;

/** Everything the HTTP benchmark measured. */
export interface HttpResult {
  pinned: boolean;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
  /** What loaded the servers: `wrk <version>`, or the bench's Node load client. */
  loadGenerator: string;
  /** Why wrk was not used (the Node load client measured instead), or null when it was. */
  wrkUnavailable: string | null;
  /** Python and its frameworks' versions, and why a missing one is missing (null with --no-python). */
  python: { versions: Record<string, string>; missing: Record<string, string> } | null;
  servers: EchoServerSpec[];
  /** Server key → runs (one per round; raw's, one per turn). */
  runs: Record<string, (ThroughputRun & SequencedRun)[]>;
  /** Server key → median requests/s. */
  median: Record<string, number>;
  errors: Record<string, string>;
  /** Server key → wrk's socket errors (connect, read, write, timeout) in a measured run, when it had some. */
  socketErrors: Record<string, string[]>;
}

/**
 * One wrk measurement: a warm-up run (the servers' JIT, Python's caches), then the measured run,
 * with the server's CPU time read just before and after it.
 */
async function wrkThroughputRun(server: ServerProcess, result: HttpResult, core: number | null): Promise<ThroughputRun> {
  const options = { port: server.port, connections: result.connections, core };
  if (result.warmupSeconds > 0) await runWrk({ ...options, seconds: result.warmupSeconds });
  const before = await serverStats(server, false);
  const start = performance.now();
  const run = await runWrk({ ...options, seconds: result.durationSeconds });
  const wallSeconds = (performance.now() - start) / 1000;
  const after = await serverStats(server, false);
  if (run.requests === 0) throw new Error(`wrk got no response within ${run.seconds} s (the server is stuck, or far too slow for it)`);
  if (run.non2xx > 0) throw new Error(`${run.non2xx} of wrk's ${run.requests} responses were not 2xx or 3xx`);
  if (run.socketErrors !== null) (result.socketErrors[server.spec.key] ??= []).push(run.socketErrors);
  const cpuMicros = after.cpuMicros - before.cpuMicros;
  return {
    connections: result.connections,
    messagesPerSecond: run.requestsPerSecond,
    p50Ms: run.p50Ms,
    p99Ms: run.p99Ms,
    serverCpuMicrosPerMessage: cpuMicros / run.requests,
    serverCpuShare: cpuMicros / 1e6 / wallSeconds,
    clientCpuShare: run.cpuShare ?? Number.NaN,
  };
}

const BASELINE = 'raw-http';

async function round(
  servers: readonly EchoServerSpec[],
  result: HttpResult,
  sequence: RunSequence,
  useWrk: boolean,
  cores: { server: number; client: number } | null,
  progress: (line: string) => void,
): Promise<void> {
  const record = (server: ServerProcess, run: ThroughputRun): void => {
    (result.runs[server.spec.key] ??= []).push(sequence.stamp(run));
  };
  if (useWrk) {
    await loadEachServer(
      servers,
      cores,
      result.errors,
      async (server) => {
        progress(`http-hello (wrk): ${server.spec.label} ...`);
        record(server, await wrkThroughputRun(server, result, cores?.client ?? null));
      },
      { client: null, baseline: BASELINE },
    );
    return;
  }
  await loadEachServer(servers, cores, result.errors, async (server, client) => {
    progress(`http-hello (Node load client): ${server.spec.label} ...`);
    const config: LoadConfig = {
      port: server.port,
      connections: result.connections,
      messageSize: 0,
      httpRequest: HELLO_REQUEST,
      depth: 1,
      warmupSeconds: result.warmupSeconds,
      durationSeconds: result.durationSeconds,
    };
    record(server, await throughputRun(server, client, config));
  }, { baseline: BASELINE });
}

function cpu(runs: readonly ThroughputRun[] | undefined): number | null {
  return runs === undefined || runs.length === 0 ? null : median(runs.map((r) => r.serverCpuMicrosPerMessage));
}

/** How the servers were loaded, in words (and why not with wrk, when not). */
function generatorNote(result: HttpResult): string {
  if (result.wrkUnavailable === null) {
    const warmup = result.warmupSeconds > 0 ? `after a ${result.warmupSeconds} s warm-up run` : 'no warm-up';
    return `Load generator: ${result.loadGenerator} (\`wrk -t1 -c${result.connections} -d${result.durationSeconds}s --latency\`, ${warmup}).`;
  }
  return (
    `**Load generator: ${result.loadGenerator}, not wrk** (${result.wrkUnavailable}): ${result.connections} keep-alive connections ` +
    `with one request in flight on each, as \`wrk -c${result.connections}\`, ${result.durationSeconds} s measured after a ${result.warmupSeconds} s warm-up. ` +
    'Being Node, it costs about as much per request as the fastest servers, so their requests/s ratios are compressed towards 1.'
  );
}

function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : '—';
}

/** The benchmark's section of the report. */
export function httpMarkdown(result: HttpResult): string {
  const lines = [
    `## HTTP hello-world (separate processes; ${result.pinned ? 'server pinned to core 0, load generator to core 1' : 'not pinned'})`,
    '',
    `${result.connections} keep-alive connections, one \`GET /\` in flight on each, answered "Hello, world"; ${result.rounds} round(s) alternating the order of the servers. ` +
      'Raw node:http is loaded again before every other server and after the last; each ratio to raw divides a run by the raw runs just before and after it ' +
      '(their geometric mean) and takes the median over the rounds, and a ratio between two servers is the ratio of their ratios to raw.',
    '',
    generatorNote(result),
  ];
  if (result.python !== null) {
    const versions = Object.entries(result.python.versions).map(([k, v]) => `${k} ${v}`).join(', ');
    const missing = Object.entries(result.python.missing).map(([k, v]) => `${k}: ${v}`).join('; ');
    lines.push('', `Python originals on /usr/bin/python3: ${versions || 'none'}${missing ? `. Missing: ${missing}` : ''}. asyncio has no HTTP server of its own: the asyncio front's \`http.startServer\` is compared with aiohttp's, whose handler model it re-creates.`);
  }
  lines.push(
    '',
    `### ${ID}`,
    '',
    '| server | requests/s (median) | each run | p50 ms | p99 ms | server CPU µs/request | server CPU | client CPU | /raw requests/s | /raw requests per CPU-s | /Python original requests/s |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  const scale = new BaselineScale(result.runs, BASELINE);
  for (const spec of result.servers) {
    const runs = result.runs[spec.key] ?? [];
    const m = result.median[spec.key];
    if (m === undefined) {
      lines.push(`| ${spec.label} | not measured: ${result.errors[spec.key] ?? 'no run'} | | | | | | | | | |`);
      continue;
    }
    const pick = (f: (r: ThroughputRun) => number | null): number => median(runs.map(f).filter((v): v is number => v !== null));
    const own = cpu(runs)!;
    const cellOf = (r: number | null): string => (r === null ? '' : formatRatio(r));
    const vsRaw = cellOf(scale.rate(spec.key));
    const vsRawCpu = cellOf(scale.cpu(spec.key));
    const vsOriginal = spec.original === undefined ? null : scale.rateOver(spec.key, spec.original);
    const rates = runs.map((r) => r.messagesPerSecond);
    const each = spec.key === BASELINE ? `${runs.length} runs, ${formatRate(Math.min(...rates))}–${formatRate(Math.max(...rates))}` : rates.map(formatRate).join(', ');
    lines.push(
      `| ${spec.label} | ${formatRate(m)} | ${each} | ${pick((r) => r.p50Ms).toFixed(2)} | ${pick((r) => r.p99Ms).toFixed(2)} | ` +
        `${own.toFixed(1)} | ${percent(pick((r) => r.serverCpuShare))} | ${percent(pick((r) => r.clientCpuShare))} | ${vsRaw} | ${vsRawCpu} | ${vsOriginal === null ? '' : formatRatio(vsOriginal)} |`,
    );
  }
  const socketErrors = Object.entries(result.socketErrors);
  if (socketErrors.length > 0) {
    lines.push('', "wrk's socket errors during measured runs (the requests/s count only complete responses):");
    for (const [key, runs] of socketErrors) lines.push(`- ${result.servers.find((s) => s.key === key)?.label ?? key}: ${runs.join('; ')}`);
  }
  return lines.join('\n');
}

/** Each server of ours against raw node:http, and against its Python original (or, without one, every Python server). */
export function httpSummary(result: HttpResult): { rows: SummaryRow[]; targets: TargetRow[] } {
  const rows: SummaryRow[] = [];
  const targets: TargetRow[] = [];
  const scale = new BaselineScale(result.runs, BASELINE);
  // A run without wrk says so on every requests/s line, so the figure is never taken for wrk's.
  const perSecond = result.wrkUnavailable === null ? 'requests/s' : 'requests/s, Node load client: wrk unavailable';
  for (const ours of result.servers.filter((s) => s.side === 'ours')) {
    const vsRaw = scale.rate(ours.key);
    if (vsRaw !== null) {
      rows.push({ id: ID, ours: ours.label, baseline: 'raw node:http', ratio: vsRaw, note: perSecond });
      const vsRawCpu = scale.cpu(ours.key);
      if (vsRawCpu !== null) rows.push({ id: ID, ours: ours.label, baseline: 'raw node:http', ratio: vsRawCpu, note: 'requests per server CPU-second' });
      const target = RAW_TARGETS[ours.key] ?? DEFAULT_RAW_TARGET;
      targets.push({ id: ID, description: `${ours.label} >= ${target.toFixed(1)}x raw node:http requests/s`, ratio: vsRaw, met: vsRaw >= target, withinNoise: false });
    }
    const originals = result.servers.filter((s) => s.side === 'python' && (ours.original === undefined || s.key === ours.original));
    for (const python of originals) {
      const r = scale.rateOver(ours.key, python.key);
      if (r === null) continue;
      rows.push({ id: ID, ours: ours.label, baseline: python.label, ratio: r, note: perSecond });
      targets.push({ id: ID, description: `${ours.label} >= ${PYTHON_TARGET}x ${python.label} requests/s`, ratio: r, met: r >= PYTHON_TARGET, withinNoise: false });
    }
  }
  return { rows, targets };
}

async function runHttp(options: BenchOptions, progress: (line: string) => void): Promise<SuiteOutput | null> {
  if (!selected(options, ID, 'HTTP hello-world requests')) return null;
  const cores = options.quick ? null : pinningCores();
  // As for the Python frameworks: a full run installs wrk when it can, a smoke run never does.
  const wrk = prepareWrk(!options.quick, progress);
  if (!wrk.available) progress(`http-hello: ${wrk.reason}; the bench's Node load client measures instead`);
  const result: HttpResult = {
    pinned: cores !== null,
    connections: CONNECTIONS,
    // wrk takes whole seconds; a smoke run skips its warm-up.
    warmupSeconds: wrk.available ? (options.quick ? 0 : 1) : options.quick ? 0.05 : 0.5,
    durationSeconds: wrk.available ? (options.quick ? 1 : 2) : options.quick ? 0.15 : 2,
    rounds: options.quick ? 1 : 2,
    loadGenerator: wrk.available ? `wrk ${wrk.version}` : "the bench's Node load client (bench/tcp-echo/load-client.ts, HTTP mode)",
    wrkUnavailable: wrk.available ? null : wrk.reason,
    python: null,
    servers: [...HTTP_SERVERS],
    runs: {},
    median: {},
    errors: {},
    socketErrors: {},
  };
  let servers = HTTP_SERVERS.filter((s) => s.python === undefined);
  const python = HTTP_SERVERS.filter((s) => s.python !== undefined);
  if (options.python) {
    const availability = preparePython(python.flatMap((s) => s.python!.requires), !options.quick, progress);
    result.python = { versions: availability.versions, missing: Object.fromEntries(availability.missing) };
    for (const s of python) {
      const missing = ['sys', ...s.python!.requires.map((r) => r.module)].find((m) => availability.missing.has(m));
      if (missing === undefined) servers = [...servers, s];
      else result.errors[s.key] = `skipped: ${availability.missing.get(missing)}`;
    }
  } else {
    for (const s of python) result.errors[s.key] = 'skipped (--no-python)';
  }
  const sequence = new RunSequence();
  for (let r = 0; r < result.rounds; r++) {
    progress(`http-hello round ${r + 1}/${result.rounds}: starting ${servers.length} servers ...`);
    await round(r % 2 === 0 ? servers : [...servers].reverse(), result, sequence, wrk.available, cores, progress);
  }
  for (const [key, runs] of Object.entries(result.runs)) {
    if (runs.length > 0) result.median[key] = median(runs.map((run) => run.messagesPerSecond));
  }
  const { rows, targets } = httpSummary(result);
  return { markdown: httpMarkdown(result), json: result, rows, targets };
}

/** The HTTP hello-world benchmark as `run.ts` runs it. */
export const httpSuite: ProcessSuite = { id: 'http', run: runHttp };
