/**
 * What the TCP echo benchmark measures and records: its modes and identifiers, and the shape of
 * its results (written to the JSON file and rendered by `tcp-echo-report.ts`).
 */
import type { EchoServerSpec } from './echo-servers.js';
import type { IdleMemory } from './idle-memory.js';
import type { SequencedRun } from './paired-ratio.js';
import type { ThroughputRun } from './server-process.js';

/** Connections and message size of the two throughput modes. */
export const CONNECTIONS = 100;
export const MESSAGE_SIZE = 64;
const PIPELINE_DEPTH = 16;

/** The throughput modes. */
export const MODES = [
  { id: 'tcp-echo-ping-pong', name: 'ping-pong', depth: 1 },
  { id: 'tcp-echo-pipelined', name: `pipelined (${PIPELINE_DEPTH} in flight)`, depth: PIPELINE_DEPTH },
] as const;
export const SCALING_ID = 'tcp-echo-scaling';
export const IDLE_ID = 'tcp-echo-idle-memory';
export const TITLE = 'TCP echo';

/** Every server in one mode. */
export interface ModeResult {
  id: string;
  mode: string;
  depth: number;
  /** Server key → its runs (one per round; the baseline's, one per turn: see `paired-ratio.ts`). */
  runs: Record<string, (ThroughputRun & SequencedRun)[]>;
  /** Server key → median msgs/s, for the servers measured. */
  median: Record<string, number>;
}

/** Ping-pong at growing connection counts, on the Node servers. */
export interface ScalingResult {
  /** The servers loaded at every count (all Node servers; the baseline and one front with `--quick`). */
  serverKeys: string[];
  connectionCounts: number[];
  warmupSeconds: number;
  durationSeconds: number;
  /** Server key → one run per connection count, in order (missing when a count failed). */
  runs: Record<string, (ThroughputRun | null)[]>;
}

/** Everything the TCP benchmark measured. */
export interface TcpEchoResult {
  pinned: boolean;
  connections: number;
  messageSize: number;
  warmupSeconds: number;
  durationSeconds: number;
  rounds: number;
  /** The servers that were to be measured, in table order. */
  servers: EchoServerSpec[];
  /** Python and its frameworks' versions, and why a missing one is missing. */
  python: { versions: Record<string, string>; missing: Record<string, string> } | null;
  modes: ModeResult[];
  scaling: ScalingResult | null;
  /** Server key → memory per idle connection. */
  idle: Record<string, IdleMemory> | null;
  /** Connections opened before the idle-memory baseline, not counted. */
  idleWarmup: number;
  /** Errors that kept a server from being measured, by server key. */
  errors: Record<string, string>;
}
