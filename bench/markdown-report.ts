/**
 * Renders measured comparisons as Markdown: one small table per comparison (ours first, then
 * each baseline with the ratio ours/baseline, then reference figures measured elsewhere), and
 * a summary of every ratio and target at the end.
 */
import type { ComparisonResult, RateStats } from './harness.js';
import type { MachineInfo } from './machine-info.js';

/** A rate in short form: 5.23M, 544k, 12.3k, 950. */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return String(rate);
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(rate >= 1e8 ? 0 : 2)}M`;
  if (rate >= 1e4) return `${(rate / 1e3).toFixed(0)}k`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)}k`;
  return rate.toFixed(rate >= 100 ? 0 : 2);
}

/** A ratio such as 0.97x, 12.4x or 0.0042x. */
export function formatRatio(ratio: number): string {
  // Two significant digits below 0.1, so that 0.004x does not print as 0.00x.
  if (Math.abs(ratio) < 0.1 && ratio !== 0) return `${ratio.toPrecision(2)}x`;
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}x`;
}

function statsCells(s: RateStats): string {
  return `${formatRate(s.median)} | ${formatRate(s.min)} | ${formatRate(s.max)}`;
}

/** The header of a report: what ran where. */
export function machineSection(machine: MachineInfo, quick: boolean, samples: number): string {
  return [
    `# Benchmarks${quick ? ' (--quick: smoke run, numbers are not meaningful)' : ''}`,
    '',
    `${machine.cpuModel} x${machine.cpuCount}, Node ${machine.node} (V8 ${machine.v8}), ` +
      `${machine.platform} ${machine.release} ${machine.arch}, ${machine.totalMemoryMiB} MiB; ` +
      `load average ${machine.loadAverage.join(' / ')}; ${machine.date}`,
    '',
    `Rates are medians of ${samples} samples after a warm-up (min and max beside them). ` +
      'A ratio is ours/baseline, taken in each round and then the median over the rounds: above 1 means ours is faster.',
  ].join('\n');
}

/** One comparison as a Markdown table. */
export function comparisonTable(result: ComparisonResult): string {
  const lines = [
    `### ${result.id}: ${result.title}`,
    '',
    `| variant | median ${result.unit} | min | max | ours/this |`,
    '|---|---:|---:|---:|---:|',
    `| **ours**: ${result.ours.label} | ${statsCells(result.ours.rate)} | |`,
  ];
  for (const b of result.baselines) {
    lines.push(`| ${b.side}: ${b.label} | ${statsCells(b.rate)} | ${formatRatio(b.ratio)} |`);
  }
  for (const a of result.anchors) {
    lines.push(`| reference: ${a.label} | ${formatRate(a.rate)} | | | ${formatRatio(a.ratio)} |`);
  }
  return lines.join('\n');
}

/** One line of the summary: a ratio of ours to a baseline. */
export interface SummaryRow {
  id: string;
  ours: string;
  baseline: string;
  ratio: number;
  /** How to read the ratio, when it is not "higher is better". */
  note?: string;
}

/** One target, evaluated. */
export interface TargetRow {
  id: string;
  description: string;
  ratio: number;
  met: boolean;
  withinNoise: boolean;
}

/** The summary rows and targets of measured micro comparisons. */
export function comparisonSummary(results: readonly ComparisonResult[]): { rows: SummaryRow[]; targets: TargetRow[] } {
  return {
    rows: results.flatMap((r) =>
      r.baselines.map((b): SummaryRow => ({ id: r.id, ours: r.ours.label, baseline: b.label, ratio: b.ratio })),
    ),
    targets: results.flatMap((r) =>
      r.targets.map((t): TargetRow => ({ id: r.id, description: t.description, ratio: t.ratio, met: t.met, withinNoise: t.withinNoise })),
    ),
  };
}

/** Every ratio in one table, then the targets with whether they were met. */
export function summaryTables(rows: readonly SummaryRow[], targets: readonly TargetRow[]): string {
  const lines = ['### Ratios', '', '| case | ours | baseline | ours/baseline |', '|---|---|---|---:|'];
  for (const r of rows) {
    lines.push(`| ${r.id} | ${r.ours} | ${r.baseline} | ${formatRatio(r.ratio)}${r.note ? ` (${r.note})` : ''} |`);
  }
  if (targets.length > 0) {
    lines.push('', '### Targets (reported, never enforced)', '', '| case | target | ratio | met |', '|---|---|---:|---|');
    for (const t of targets) {
      const verdict = t.met ? 'yes' : '**no**';
      lines.push(`| ${t.id} | ${t.description} | ${formatRatio(t.ratio)} | ${verdict}${t.withinNoise ? ' (within noise: the rounds\' ratios fall on both sides of it)' : ''} |`);
    }
  }
  return lines.join('\n');
}
