/**
 * One round of a multi-process benchmark: a load client and every server are started at once
 * (an idle server costs nothing, and starting them one by one would cost a Node start-up each),
 * then each server in turn is handed to the workload and stopped when it is done, so that only
 * one is ever under load. Used by the TCP echo and the HTTP benchmarks.
 */
import type { BenchChild } from './bench-child.js';
import type { EchoServerSpec } from './echo-servers.js';
import { type ServerProcess, startClient, startServer } from './server-process.js';

/** The message of an error, for the report. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `load` on each of `servers` in order with one shared client (the bench's Node load
 * client, or none when `client` is null: a load generator the workload starts itself, as `wrk`);
 * a server that cannot start, or whose load fails, gets the reason in `errors[key]` (the first
 * one, if several rounds fail).
 */
export async function loadEachServer(
  servers: readonly EchoServerSpec[],
  cores: { server: number; client: number } | null,
  errors: Record<string, string>,
  load: (server: ServerProcess, client: BenchChild) => Promise<void>,
): Promise<void>;
export async function loadEachServer(
  servers: readonly EchoServerSpec[],
  cores: { server: number; client: number } | null,
  errors: Record<string, string>,
  load: (server: ServerProcess, client: null) => Promise<void>,
  client: null,
): Promise<void>;
export async function loadEachServer(
  servers: readonly EchoServerSpec[],
  cores: { server: number; client: number } | null,
  errors: Record<string, string>,
  load: ((server: ServerProcess, client: BenchChild) => Promise<void>) | ((server: ServerProcess, client: null) => Promise<void>),
  client?: null,
): Promise<void> {
  const [clientStart, ...serverStarts] = await Promise.allSettled([
    client === null ? Promise.resolve(null) : startClient('load client', './load-client.ts', cores?.client ?? null),
    ...servers.map((spec) => startServer(spec, cores?.server ?? null, false)),
  ]);
  const running = serverStarts.map((s) => (s.status === 'fulfilled' ? (s.value as ServerProcess) : null));
  try {
    if (clientStart.status === 'rejected') throw clientStart.reason;
    const loadClient = clientStart.value as BenchChild | null;
    for (const [i, spec] of servers.entries()) {
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
        await running[i]!.child.stop();
        running[i] = null;
      }
    }
  } finally {
    await Promise.all([
      clientStart.status === 'fulfilled' ? (clientStart.value as BenchChild | null)?.stop() : undefined,
      ...running.map((s) => s?.child.stop()),
    ]);
  }
}
