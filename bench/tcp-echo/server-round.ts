/**
 * One round of a multi-process benchmark: a load client and every server are started at once
 * (an idle server costs nothing, and starting them one by one would cost a Node start-up each),
 * then each server in turn is handed to the workload and stopped after its last turn, so that
 * only one is ever under load. With a baseline, the baseline takes a turn before every other
 * server and one at the end (see `paired-ratio.ts`). Used by the TCP echo and HTTP benchmarks.
 */
import type { BenchChild } from './bench-child.js';
import type { EchoServerSpec } from './echo-servers.js';
import { type ServerProcess, startClient, startServer } from './server-process.js';

/** The message of an error, for the report. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How a round runs: whether the bench's load client is started, and the baseline's key. */
export interface RoundOptions {
  /** No load client (a load generator the workload starts itself, as `wrk`). */
  client?: null;
  /** The key of a server that takes a turn before every other server and one at the end. */
  baseline?: string;
}

/**
 * The order of the turns: `servers` as given, or with a baseline, the baseline before each of the
 * others and once more after the last (`[raw, A, raw, B, raw]`). Indexes into `servers`.
 */
export function turnOrder(servers: readonly EchoServerSpec[], baseline: string | undefined): number[] {
  const at = baseline === undefined ? -1 : servers.findIndex((s) => s.key === baseline);
  if (at < 0) return servers.map((_, i) => i);
  const turns: number[] = [];
  for (const [i] of servers.entries()) if (i !== at) turns.push(at, i);
  turns.push(at);
  return turns;
}

/**
 * Runs `load` on each of `servers` in turn with one shared client (the bench's Node load client,
 * or none when `options.client` is null); a server that cannot start, or whose load fails, gets
 * the reason in `errors[key]` (the first one, if several turns fail).
 */
export async function loadEachServer(
  servers: readonly EchoServerSpec[],
  cores: { server: number; client: number } | null,
  errors: Record<string, string>,
  load: (server: ServerProcess, client: BenchChild) => Promise<void>,
  options?: RoundOptions & { client?: undefined },
): Promise<void>;
export async function loadEachServer(
  servers: readonly EchoServerSpec[],
  cores: { server: number; client: number } | null,
  errors: Record<string, string>,
  load: (server: ServerProcess, client: null) => Promise<void>,
  options: RoundOptions & { client: null },
): Promise<void>;
export async function loadEachServer(
  servers: readonly EchoServerSpec[],
  cores: { server: number; client: number } | null,
  errors: Record<string, string>,
  load: ((server: ServerProcess, client: BenchChild) => Promise<void>) | ((server: ServerProcess, client: null) => Promise<void>),
  options: RoundOptions = {},
): Promise<void> {
  const [clientStart, ...serverStarts] = await Promise.allSettled([
    options.client === null ? Promise.resolve(null) : startClient('load client', './load-client.ts', cores?.client ?? null),
    ...servers.map((spec) => startServer(spec, cores?.server ?? null, false)),
  ]);
  const running = serverStarts.map((s) => (s.status === 'fulfilled' ? (s.value as ServerProcess) : null));
  const turns = turnOrder(servers, options.baseline);
  try {
    if (clientStart.status === 'rejected') throw clientStart.reason;
    const loadClient = clientStart.value as BenchChild | null;
    for (const [t, i] of turns.entries()) {
      const spec = servers[i]!;
      const start = serverStarts[i]!;
      if (start.status === 'rejected') {
        errors[spec.key] ??= errorMessage(start.reason);
        continue;
      }
      try {
        // The overloads pair a null client with a `load` that takes null, a started one with one that takes it.
        await (load as (server: ServerProcess, client: BenchChild | null) => Promise<void>)(start.value as ServerProcess, loadClient);
      } catch (error) {
        errors[spec.key] ??= errorMessage(error);
      } finally {
        if (!turns.includes(i, t + 1)) {
          await running[i]!.child.stop();
          running[i] = null;
        }
      }
    }
  } finally {
    await Promise.all([
      clientStart.status === 'fulfilled' ? (clientStart.value as BenchChild | null)?.stop() : undefined,
      ...running.map((s) => s?.child.stop()),
    ]);
  }
}
