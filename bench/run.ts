/**
 * Entry point of `npm run bench`: runs the micro benchmarks, the scaling of the scheduler with
 * the number of operations, and the multi-process suites (TCP echo, against raw Node and the
 * Python originals), each of ours beside raw Node in the same run; prints Markdown to stdout
 * (progress goes to stderr), writes every figure, with the machine's description, to
 * bench/results/latest.json, and with `--write-docs` regenerates docs/performance.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BenchUsageError, USAGE, parseBenchOptions, selected } from './bench-options.js';
import { type ComparisonResult, measure } from './harness.js';
import { machineInfo } from './machine-info.js';
import { comparisonSummary, comparisonTable, machineSection, summaryTables } from './markdown-report.js';
import { MICRO_PYTHON_REQUIREMENTS, microComparisons } from './micro/micro-suite.js';
import { preparePython } from './tcp-echo/python-setup.js';
import { operationScalingComparisons } from './micro/operation-scaling.js';
import { operationScalingMarkdown } from './micro/operation-scaling-table.js';
import { canCollectGarbage } from './gc.js';
import type { ProcessSuite } from './process-suite.js';
import { tcpEchoSuite } from './tcp-echo/tcp-echo-suite.js';
import { httpSuite } from './http/http-suite.js';
import { httpClientSuite } from './http/http-client-suite.js';
import { performanceDoc } from './performance-doc.js';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const DOCS_FILE = fileURLToPath(new URL('../docs/performance.md', import.meta.url));

/** The multi-process workloads, run in this order after the micro benchmarks: one entry each. */
const PROCESS_SUITES: readonly ProcessSuite[] = [tcpEchoSuite, httpSuite, httpClientSuite];

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
  const sections: string[] = [];
  const emit = (markdown: string): void => {
    sections.push(markdown);
    console.log(`\n${markdown}`);
  };
  console.log(machineSection(machine, options.quick, options.plan.samples));
  if (!canCollectGarbage) emit('(garbage collection between samples unavailable: expect more noise)');

  const started = performance.now();
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const progress = (line: string): void => console.error(`[${elapsed()}] ${line}`);

  const micro: ComparisonResult[] = [];
  const isSelected = (c: { id: string; title: string }): boolean => selected(options, c.id, c.title);
  // Python is asked for (and its packages installed, in a full run as root) only when a selected
  // comparison has a Python variant.
  const wanted = microComparisons(options.quick).filter(isSelected).flatMap((c) => MICRO_PYTHON_REQUIREMENTS[c.id] ?? []);
  let pythonModules: ReadonlySet<string> = new Set();
  if (options.python && wanted.length > 0) {
    const availability = preparePython(wanted, !options.quick, progress);
    for (const [module, why] of availability.missing) progress(`micro benchmarks without Python's ${module}: ${why}`);
    pythonModules = availability.available;
  }
  const comparisons = microComparisons(options.quick, pythonModules).filter(isSelected);
  if (comparisons.length > 0) emit('## Micro benchmarks (one process)');
  for (const comparison of comparisons) {
    progress(`running ${comparison.id} ...`);
    const result = await measure(comparison, options.plan);
    micro.push(result);
    emit(comparisonTable(result));
  }

  const scaling: ComparisonResult[] = [];
  const scalingComparisons = operationScalingComparisons(options.quick).filter(isSelected);
  for (const comparison of scalingComparisons) {
    progress(`running ${comparison.id} ...`);
    scaling.push(await measure(comparison, options.plan));
  }
  if (scaling.length > 0) emit(operationScalingMarkdown(scaling));

  const summary = comparisonSummary(micro);
  const suites: Record<string, unknown> = {};
  for (const suite of PROCESS_SUITES) {
    const output = await suite.run(options, progress);
    if (output === null) continue;
    suites[suite.id] = output.json;
    emit(output.markdown);
    summary.rows.push(...output.rows);
    summary.targets.push(...output.targets);
  }
  if (micro.length === 0 && scaling.length === 0 && Object.keys(suites).length === 0) {
    console.error(`no benchmark matches --filter "${options.filter}"\n${USAGE}`);
    return 2;
  }
  const summaryMarkdown = `## Summary\n\n${summaryTables(summary.rows, summary.targets)}`;
  emit(summaryMarkdown);
  // Others' work on the machine skews everything: say how busy it was by the end too.
  const loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  emit(`Load average at the end: ${loadAverageAtEnd.join(' / ')} (${machine.cpuCount} cores).`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}latest.json`;
  const json = {
    machine: { ...machine, loadAverageAtEnd },
    options: { quick: options.quick, filter: options.filter, python: options.python, ...options.plan },
    micro,
    scaling,
    ...suites,
    summary,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  progress(`results written to ${file}`);
  if (options.writeDocs) {
    writeFileSync(DOCS_FILE, performanceDoc({ machine: { ...machine, loadAverageAtEnd }, samples: options.plan.samples, sections, summary }));
    progress(`${DOCS_FILE} written`);
  }
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
