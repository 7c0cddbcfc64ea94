/**
 * The messages the benchmark exchanges, over Node's IPC channel, with the processes it starts:
 * the echo servers (which say where they listen and report their memory, CPU time and open
 * connections on request) and the clients (which say when they are ready, take requests and
 * report what they measured). Every process exits when the channel closes.
 */
import type { ComparisonResult } from '../harness.js';

/** Server → bench: listening on `port` of 127.0.0.1. */
export interface ListeningMessage {
  type: 'listening';
  port: number;
}

/** Server → bench: could not start. */
export interface FailedMessage {
  type: 'failed';
  error: string;
}

/**
 * Bench → server: report your statistics, after a full garbage collection if `gc`. With
 * `prime`, first churn through enough short-lived garbage that every page of the young
 * generation has been used, so it adds nothing to RSS later.
 */
export interface StatsRequest {
  type: 'stats';
  gc: boolean;
  prime?: boolean;
}

/** Server → bench: its statistics now. */
export interface StatsMessage {
  type: 'stats';
  /** Resident memory in bytes: anonymous pages only on Linux (see `echo-server-control.ts`). */
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Connections accepted and not yet closed. */
  connections: number;
  /** CPU time used so far, user + system, in microseconds. */
  cpuMicros: number;
}

/** Client → bench: started, and listening for requests. */
export interface ReadyMessage {
  type: 'ready';
}

/** What a load client is asked to do in one run. */
export interface LoadConfig {
  port: number;
  connections: number;
  messageSize: number;
  /**
   * HTTP mode: send this request (keep-alive) instead of `messageSize` bytes, and count the
   * responses, whose size the client learns from a first request (they must all be the same size).
   */
  httpRequest?: string;
  /** Messages in flight per connection: 1 is ping-pong. */
  depth: number;
  warmupSeconds: number;
  durationSeconds: number;
}

/** Bench → load client: open the connections, measure, close them, report. */
export interface RunRequest {
  type: 'run';
  config: LoadConfig;
}

/** Load client → bench: the measurement. */
export interface LoadResultMessage {
  type: 'load-result';
  /** Messages echoed back during the measured window. */
  windowMessages: number;
  windowSeconds: number;
  /** Messages echoed back from the first send to the end, warm-up included. */
  totalMessages: number;
  /** Round-trip latency percentiles in milliseconds (depth 1 only, else null). */
  p50Ms: number | null;
  p99Ms: number | null;
  /** The client's own CPU use during the window, as a share of one core (1 = saturated). */
  clientCpuShare: number;
}

/**
 * Load client → bench: the measured window starts or ends now (after the warm-up, before the
 * connections close), so the bench can read the server's CPU time over the window alone.
 */
export interface WindowMessage {
  type: 'window';
  phase: 'start' | 'end';
}

/** Bench → idle client: open this many more connections to `port` and leave them idle. */
export interface OpenRequest {
  type: 'open';
  port: number;
  connections: number;
}

/** Idle client → bench: how many connections the request opened. */
export interface IdleConnectedMessage {
  type: 'idle-connected';
  connected: number;
  /** The first error that stopped it short of the count asked for, if any. */
  error: string | null;
}

/** One way of issuing GETs in the HTTP client benchmark. */
export interface ClientMode {
  /** The comparison's id, e.g. `http-client-sequential`. */
  id: string;
  title: string;
  /** Requests in flight at once (and connections in each client's pool). */
  concurrency: number;
  /** Requests per sample. */
  requests: number;
}

/** Bench → HTTP client benchmark: compare the clients on `port`'s server in each mode. */
export interface ClientBenchRequest {
  type: 'client-bench';
  port: number;
  modes: ClientMode[];
  warmups: number;
  samples: number;
}

/** A client's own CPU cost in one mode: medians over the measured samples. */
export interface ClientCpu {
  /** CPU time (user + system) of the client process per request, in microseconds. */
  microsPerRequest: number;
  /** CPU use during a sample, as a share of one core. */
  share: number;
}

/** HTTP client benchmark → bench: one comparison per mode (ours first), and each client's CPU cost. */
export interface ClientBenchResultMessage {
  type: 'client-bench-result';
  comparisons: ComparisonResult[];
  /** Comparison id → variant label → its CPU cost. */
  cpu: Record<string, Record<string, ClientCpu>>;
}

/** Any message a child process sends. */
export type ChildMessage =
  | ReadyMessage
  | ListeningMessage
  | FailedMessage
  | StatsMessage
  | LoadResultMessage
  | WindowMessage
  | IdleConnectedMessage
  | ClientBenchResultMessage;
