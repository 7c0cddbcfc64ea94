/**
 * Entry point of `npm run bench`: runs the micro benchmarks and the TCP echo benchmark, each of
 * ours beside raw Node in the same run, prints Markdown tables to stdout (progress goes to
 * stderr) and writes every figure, with the machine's description, to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BenchUsageError, USAGE, parseBenchOptions, selected } from './bench-options.js';
import { type ComparisonResult, measure } from './harness.js';
import { machineInfo } from './machine-info.js';
import { comparisonSummary, comparisonTable, machineSection, summaryTables } from './markdown-report.js';
import { microComparisons } from './micro/micro-suite.js';
import { canCollectGarbage } from './gc.js';
import { runTcpEcho } from './tcp-echo/tcp-echo-suite.js';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (options === null) {
    console.log(USAGE);
    return 0;
  }
  const machine = machineInfo();
  console.log(machineSection(machine, options.quick, options.plan.samples));
  if (!canCollectGarbage) console.log('\n(garbage collection between samples unavailable: expect more noise)');

  const started = performance.now();
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const micro: ComparisonResult[] = [];
  const comparisons = microComparisons(options.quick).filter((c) => selected(options, c.id, c.title));
  if (comparisons.length > 0) console.log('\n## Micro benchmarks (one process)');
  for (const comparison of comparisons) {
    console.error(`[${elapsed()}] running ${comparison.id} ...`);
    const result = await measure(comparison, options.plan);
    micro.push(result);
    console.log(`\n${comparisonTable(result)}`);
  }

  const tcp = await runTcpEcho(options, (line) => console.error(`[${elapsed()}] ${line}`));

  const summary = comparisonSummary(micro);
  if (tcp !== null) {
    summary.rows.push(...tcp.summary.rows);
    summary.targets.push(...tcp.summary.targets);
  }
  if (micro.length === 0 && tcp === null) {
    console.error(`no benchmark matches --filter "${options.filter}"\n${USAGE}`);
    return 2;
  }
  console.log(`\n## Summary\n\n${summaryTables(summary.rows, summary.targets)}`);
  // Others' work on the machine skews everything: say how busy it was by the end too.
  const loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  console.log(`\nLoad average at the end: ${loadAverageAtEnd.join(' / ')} (${machine.cpuCount} cores).`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}latest.json`;
  const json = { machine: { ...machine, loadAverageAtEnd }, options: { quick: options.quick, filter: options.filter, ...options.plan }, micro, tcp: tcp?.result ?? null };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.error(`[${elapsed()}] results written to ${file}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
