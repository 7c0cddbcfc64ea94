/**
 * The TCP echo benchmark: a raw `node:net` echo server, one echo server per front of ours and
 * the same servers on the Python originals, each in its own process (pinned to core 0 when
 * possible), loaded by one client process (pinned to core 1): 100 connections ping-ponging
 * 64-byte messages, then 16 messages in flight per connection; how ping-pong scales from 10 to
 * 10,000 connections; and each server's memory per idle connection with 10,000 open, the
 * Python originals' included.
 * A round starts every server at once (idle servers cost nothing), then loads them one after
 * the other, stopping each after its last turn, with raw `node:net` loaded again before each of
 * them and at the end, so that every ratio to raw is taken against raw runs measured beside it
 * (`paired-ratio.ts`); rounds alternate the order.
 */
import { type BenchOptions, selected } from '../bench-options.js';
import { median } from '../harness.js';
import type { ProcessSuite, SuiteOutput } from '../process-suite.js';
import { type BenchChild, pinningCores } from './bench-child.js';
import type { LoadConfig } from './control-messages.js';
import { ECHO_SERVERS, type EchoServerSpec, NODE_SERVERS } from './echo-servers.js';
import { idleMemory } from './idle-memory.js';
import { preparePython } from './python-setup.js';
import { RunSequence } from './paired-ratio.js';
import { type ServerProcess, type ThroughputRun, throughputRun } from './server-process.js';
import { errorMessage, loadEachServer } from './server-round.js';
import { tcpEchoMarkdown, tcpEchoSummary } from './tcp-echo-report.js';
import { CONNECTIONS, IDLE_ID, MESSAGE_SIZE, MODES, SCALING_ID, type ScalingResult, TITLE, type TcpEchoResult } from './tcp-echo-result.js';

/** Runs `tasks` with at most `limit` at once; settles like `Promise.allSettled`. */
async function settleLimited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await tasks[i]!() };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Which servers can run: every Node one, and the Python ones whose modules are there (when a
 * part that measures them, throughput or idle memory, is selected).
 */
function serversToRun(options: BenchOptions, wantPython: boolean, result: TcpEchoResult, progress: (line: string) => void): EchoServerSpec[] {
  const python = ECHO_SERVERS.filter((s) => s.python !== undefined);
  if (!wantPython) return [...NODE_SERVERS];
  if (!options.python) {
    for (const s of python) result.errors[s.key] = 'skipped (--no-python)';
    return [...NODE_SERVERS];
  }
  const availability = preparePython(
    python.flatMap((s) => s.python!.requires),
    !options.quick,
    progress,
  );
  result.python = { versions: availability.versions, missing: Object.fromEntries(availability.missing) };
  const runnable = python.filter((s) => {
    const missing = ['sys', ...s.python!.requires.map((r) => r.module)].find((m) => availability.missing.has(m));
    if (missing === undefined) return true;
    result.errors[s.key] = `skipped: ${availability.missing.get(missing)}`;
    progress(`${s.label}: ${result.errors[s.key]}`);
    return false;
  });
  return [...NODE_SERVERS, ...runnable];
}

/**
 * One round: every server loaded in each mode in turn, raw between each two (and, in `scaling`,
 * at every count, once per server).
 */
async function round(
  servers: EchoServerSpec[],
  modes: readonly (typeof MODES)[number][],
  result: TcpEchoResult,
  sequence: RunSequence,
  scaling: ScalingResult | null,
  cores: { server: number; client: number } | null,
  progress: (line: string) => void,
): Promise<void> {
  const turn = async (server: ServerProcess, client: BenchChild): Promise<void> => {
    const spec = server.spec;
    for (const mode of modes) {
      progress(`tcp-echo ${mode.name}: ${spec.label} ...`);
      const config: LoadConfig = {
        port: server.port,
        connections: CONNECTIONS,
        messageSize: MESSAGE_SIZE,
        depth: mode.depth,
        warmupSeconds: result.warmupSeconds,
        durationSeconds: result.durationSeconds,
      };
      const modeResult = result.modes.find((m) => m.id === mode.id)!;
      (modeResult.runs[spec.key] ??= []).push(sequence.stamp(await throughputRun(server, client, config)));
    }
    if (scaling === null || !scaling.serverKeys.includes(spec.key) || scaling.runs[spec.key] !== undefined) return;
    const runs: (ThroughputRun | null)[] = (scaling.runs[spec.key] = []);
    for (const connections of scaling.connectionCounts) {
      progress(`tcp-echo scaling: ${spec.label}, ${connections} connections ...`);
      const config: LoadConfig = {
        port: server.port,
        connections,
        messageSize: MESSAGE_SIZE,
        depth: 1,
        // Thousands of connections take a while to reach a steady state after connecting.
        warmupSeconds: Math.max(scaling.warmupSeconds, Math.min(2, connections / 5_000)),
        durationSeconds: scaling.durationSeconds,
      };
      try {
        runs.push(await throughputRun(server, client, config));
      } catch (error) {
        runs.push(null);
        result.errors[`${spec.key}@${connections}`] = errorMessage(error);
      }
    }
  };
  await loadEachServer(servers, cores, result.errors, turn, { baseline: 'raw' });
}

/** Runs the TCP echo benchmark (the parts `--filter` selects). */
async function runTcpEcho(options: BenchOptions, progress: (line: string) => void): Promise<SuiteOutput | null> {
  const modes = MODES.filter((m) => selected(options, m.id, `${TITLE} ${m.name}`));
  const wantScaling = selected(options, SCALING_ID, `${TITLE} scaling connections`);
  const wantIdle = selected(options, IDLE_ID, `${TITLE} idle memory`);
  if (modes.length === 0 && !wantScaling && !wantIdle) return null;

  // A smoke run measures nothing worth pinning for, and unpinned, its servers start twice as fast.
  const cores = options.quick ? null : pinningCores();
  const result: TcpEchoResult = {
    pinned: cores !== null,
    connections: CONNECTIONS,
    messageSize: MESSAGE_SIZE,
    warmupSeconds: options.quick ? 0.05 : 0.5,
    durationSeconds: options.quick ? 0.15 : 2,
    // Four rounds: a single run of a server moves by a fifth or more on these machines, even beside
    // its raw neighbours, and the median of two is just their mean.
    rounds: modes.length === 0 ? 0 : options.quick ? 1 : 4,
    servers: [],
    python: null,
    modes: modes.map((m) => ({ id: m.id, mode: m.name, depth: m.depth, runs: {}, median: {} })),
    scaling: null,
    idle: null,
    idleWarmup: options.quick ? 200 : 2_000,
    errors: {},
  };
  const servers = serversToRun(options, modes.length > 0 || wantIdle, result, progress);
  result.servers = [...ECHO_SERVERS].filter((s) => servers.includes(s) || result.errors[s.key] !== undefined);
  const scaling: ScalingResult | null = wantScaling
    ? {
        serverKeys: (options.quick ? NODE_SERVERS.slice(0, 2) : NODE_SERVERS).map((s) => s.key),
        connectionCounts: options.quick ? [10, 200] : [10, 1_000, 10_000],
        warmupSeconds: options.quick ? 0.05 : 0.5,
        durationSeconds: options.quick ? 0.15 : 2,
        runs: {},
      }
    : null;
  result.scaling = scaling;

  const rounds = Math.max(result.rounds, scaling === null ? 0 : 1);
  const sequence = new RunSequence();
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? servers : [...servers].reverse();
    // Scaling runs once, in the first round, on the same server processes.
    const roundServers = r < result.rounds ? order : order.filter((s) => s.python === undefined);
    progress(`tcp-echo round ${r + 1}/${rounds}: starting ${roundServers.length} servers ...`);
    await round(roundServers, r < result.rounds ? modes : [], result, sequence, r === 0 ? scaling : null, cores, progress);
  }
  for (const mode of result.modes) {
    for (const [key, runs] of Object.entries(mode.runs)) {
      if (runs.length > 0) mode.median[key] = median(runs.map((run) => run.messagesPerSecond));
    }
  }

  if (wantIdle) {
    const requested = options.quick ? 500 : 10_000;
    const pythonServers = servers.filter((s) => s.python !== undefined);
    // A smoke run checks the measurement on the baseline, one front and one Python server (the
    // one with nothing to install): the code is the same for all.
    const idleServers = options.quick
      ? [...NODE_SERVERS.slice(0, 2), ...pythonServers.filter((s) => s.key === 'py-asyncio-protocol')]
      : [...NODE_SERVERS, ...pythonServers];
    progress(`tcp-echo idle memory: ${idleServers.length} servers, ${result.idleWarmup} + ${requested} connections each ...`);
    // Memory is per process and not timing-sensitive, so servers are measured a few at a time.
    const measured = await settleLimited(
      idleServers.map((spec) => () => idleMemory(spec, requested, result.idleWarmup, cores)),
      3,
    );
    result.idle = {};
    for (const [i, outcome] of measured.entries()) {
      const key = idleServers[i]!.key;
      if (outcome.status === 'fulfilled') result.idle[key] = outcome.value;
      else result.errors[`${key}@idle`] = errorMessage(outcome.reason);
    }
  }

  const summary = tcpEchoSummary(result);
  return { markdown: tcpEchoMarkdown(result), json: result, rows: summary.rows, targets: summary.targets };
}

/** The TCP echo benchmark as `run.ts` runs it. */
export const tcpEchoSuite: ProcessSuite = { id: 'tcp', run: runTcpEcho };
