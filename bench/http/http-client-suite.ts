/**
 * The HTTP client benchmark: `@async/http`'s `HTTPClient` against undici's `Pool`, both making
 * keep-alive GETs of a raw `node:http` hello-world server in another process (pinned to core 0
 * when possible), from one client process (pinned to core 1) that measures both with the micro
 * benchmarks' harness: one request at a time, then ten in flight over ten pooled connections.
 * The HTTP issue's target: our client at least 1.0x undici's request rate.
 */
import { type BenchOptions, selected } from '../bench-options.js';
import type { ComparisonResult } from '../harness.js';
import { type SummaryRow, type TargetRow, comparisonSummary, comparisonTable, formatRatio } from '../markdown-report.js';
import type { ProcessSuite, SuiteOutput } from '../process-suite.js';
import { type BenchChild, pinningCores } from '../tcp-echo/bench-child.js';
import type { ClientBenchRequest, ClientCpu, ClientMode } from '../tcp-echo/control-messages.js';
import { type ServerProcess, startClient, startServer } from '../tcp-echo/server-process.js';
import { errorMessage } from '../tcp-echo/server-round.js';
import { HTTP_SERVERS } from './http-servers.js';

/**
 * The modes, sized so a sample lasts a fraction of a second on a quiet machine in a full run (a
 * few seconds on a busy one, where a round trip waits for both processes to be scheduled), and a
 * few ms in a smoke run.
 */
export function clientModes(quick: boolean): ClientMode[] {
  return [
    { id: 'http-client-sequential', title: 'HTTP client keep-alive GETs, one at a time', concurrency: 1, requests: quick ? 200 : 2_000 },
    { id: 'http-client-concurrent', title: 'HTTP client keep-alive GETs, 10 in flight', concurrency: 10, requests: quick ? 1_000 : 10_000 },
  ];
}

/** Everything the HTTP client benchmark measured. */
export interface HttpClientResult {
  pinned: boolean;
  /** The server both clients talk to. */
  server: string;
  comparisons: ComparisonResult[];
  /** Comparison id → client label → its CPU cost. */
  cpu: Record<string, Record<string, ClientCpu>>;
  /** Why nothing was measured, if so. */
  error: string | null;
}

/** The benchmark's section of the report. */
export function httpClientMarkdown(result: HttpClientResult): string {
  const parts = [
    `## HTTP client: keep-alive GETs (separate processes; ${result.pinned ? 'server pinned to core 0, clients to core 1' : 'not pinned'})`,
    `Both clients run in one process, one after the other, against ${result.server} in another, each with a pool as large as ` +
      "the requests in flight; each reads every response's body as text. Rates are medians of the samples; `client CPU µs/request` " +
      "is the client process's own CPU time per request, which the machine's other work distorts less.",
  ];
  if (result.error !== null) parts.push(`Not measured: ${result.error}`);
  for (const comparison of result.comparisons) {
    parts.push(comparisonTable(comparison));
    const cpu = result.cpu[comparison.id] ?? {};
    const lines = ['| client | client CPU µs/request | client CPU | requests per client CPU-s, ours/this |', '|---|---:|---:|---:|'];
    const ours = cpu[comparison.ours.label];
    for (const variant of [comparison.ours, ...comparison.baselines]) {
      const c = cpu[variant.label];
      if (c === undefined) continue;
      const vs = variant === comparison.ours || ours === undefined ? '' : formatRatio(c.microsPerRequest / ours.microsPerRequest);
      lines.push(`| ${variant.label} | ${c.microsPerRequest.toFixed(1)} | ${Math.round(c.share * 100)}% | ${vs} |`);
    }
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

/** The request-rate ratios and targets, and the CPU-cost ratios. */
export function httpClientSummary(result: HttpClientResult): { rows: SummaryRow[]; targets: TargetRow[] } {
  const { rows, targets } = comparisonSummary(result.comparisons);
  for (const comparison of result.comparisons) {
    const cpu = result.cpu[comparison.id] ?? {};
    const ours = cpu[comparison.ours.label];
    for (const baseline of comparison.baselines) {
      const theirs = cpu[baseline.label];
      if (ours === undefined || theirs === undefined) continue;
      rows.push({ id: comparison.id, ours: comparison.ours.label, baseline: baseline.label, ratio: theirs.microsPerRequest / ours.microsPerRequest, note: 'requests per client CPU-second' });
    }
  }
  return { rows, targets };
}

async function runHttpClient(options: BenchOptions, progress: (line: string) => void): Promise<SuiteOutput | null> {
  const modes = clientModes(options.quick).filter((m) => selected(options, m.id, m.title));
  if (modes.length === 0) return null;
  const cores = options.quick ? null : pinningCores();
  const rawSpec = HTTP_SERVERS.find((s) => s.key === 'raw-http')!;
  const result: HttpClientResult = { pinned: cores !== null, server: rawSpec.label, comparisons: [], cpu: {}, error: null };
  progress(`http-client: ${modes.map((m) => m.id).join(', ')} ...`);
  const [serverStart, clientStart] = await Promise.allSettled([
    startServer(rawSpec, cores?.server ?? null, false),
    startClient('HTTP client benchmark', '../http/http-client-load.ts', cores?.client ?? null),
  ] as const);
  const server: ServerProcess | null = serverStart.status === 'fulfilled' ? serverStart.value : null;
  const client: BenchChild | null = clientStart.status === 'fulfilled' ? clientStart.value : null;
  try {
    if (serverStart.status === 'rejected') throw serverStart.reason;
    if (clientStart.status === 'rejected') throw clientStart.reason;
    const request: ClientBenchRequest = { type: 'client-bench', port: server!.port, modes, warmups: options.plan.warmups, samples: options.plan.samples };
    client!.send(request);
    const answer = await client!.next('client-bench-result', 600);
    result.comparisons = answer.comparisons;
    result.cpu = answer.cpu;
  } catch (error) {
    result.error = errorMessage(error);
    progress(`http-client: ${result.error}`);
  } finally {
    await Promise.all([client?.stop(), server?.child.stop()]);
  }
  const { rows, targets } = httpClientSummary(result);
  return { markdown: httpClientMarkdown(result), json: result, rows, targets };
}

/** The HTTP client benchmark as `run.ts` runs it. */
export const httpClientSuite: ProcessSuite = { id: 'httpClient', run: runHttpClient };
