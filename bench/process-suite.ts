/**
 * The shape of a multi-process benchmark (TCP echo now; an HTTP workload plugs in the same way):
 * it runs the servers and load generators it selects from the options, and hands `run.ts` its
 * Markdown, its raw figures for the JSON file, and its rows for the summary. `run.ts` runs every
 * suite of `PROCESS_SUITES` in order, so adding a workload is one entry there.
 */
import type { BenchOptions } from './bench-options.js';
import type { SummaryRow, TargetRow } from './markdown-report.js';

/** What a suite measured. */
export interface SuiteOutput {
  /** Its section of the report, starting with a `##` heading. */
  markdown: string;
  /** Every figure, for bench/results/latest.json. */
  json: unknown;
  /** Its ratios and targets, for the summary at the end. */
  rows: SummaryRow[];
  targets: TargetRow[];
}

/** A benchmark made of separate processes. */
export interface ProcessSuite {
  /** Key of its figures in the JSON file, e.g. `tcp`. */
  id: string;
  /**
   * Runs what the options select (`--filter`, `--quick`, `--no-python`), reporting progress
   * lines; resolves with null when the filter selects none of it.
   */
  run(options: BenchOptions, progress: (line: string) => void): Promise<SuiteOutput | null>;
}
