/**
 * The measuring harness: a comparison pits one case of ours against one or more raw-Node
 * baselines that do the same work, and measures them in the same process, in alternating
 * order, after a warm-up, with a garbage collection before every sample. Results are rates
 * (operations per second): the median of the samples, with the min and max to show the noise;
 * a ratio between two variants is taken round by round (see `roundRatios`). Nothing here asserts
 * a timing; targets are reported as met or not, never enforced.
 */
import { collectGarbage } from './gc.js';

/** One side of a comparison: a piece of work that can be run as often as needed. */
export interface Variant {
  /** What is run, as shown in the table, e.g. `setImmediate chain`. */
  label: string;
  /**
   * `ours` for the project's code, `raw` for plain Node doing the same work, `python` for the
   * Python original (run by /usr/bin/python3 in its own process).
   */
  side: 'ours' | 'raw' | 'python';
  /** Operations one sample performs; the rate is `ops / seconds`. */
  ops: number;
  /** Runs one sample and resolves with the seconds it took to perform `ops` operations. */
  sample(): Promise<number>;
}

/** A goal for the ratio ours/baseline, printed as met or not met. */
export interface Target {
  /** The label of the baseline the ratio is taken against. */
  baseline: string;
  /** The ratio ours/baseline that meets the target. */
  minRatio: number;
  /** The goal in words, e.g. `callSoon batch >= 2x a setImmediate chain`. */
  description: string;
}

/** A figure measured elsewhere (another language or machine), shown only for reference. */
export interface Anchor {
  /** What was measured, and where. */
  label: string;
  /** Its rate, in the comparison's unit. */
  rate: number;
}

/** One of ours against its baselines. */
export interface Comparison {
  /** Stable identifier, used by `--filter` and in the JSON output. */
  id: string;
  /** One line saying what is compared. */
  title: string;
  /** The unit of the rates, e.g. `callbacks/s`. */
  unit: string;
  ours: Variant;
  baselines: Variant[];
  targets?: Target[];
  anchors?: Anchor[];
}

/** Summary of the samples of one variant, as rates. */
export interface RateStats {
  median: number;
  min: number;
  max: number;
  /** Every sample's rate, in the order measured. */
  samples: number[];
}

/** A measured variant. */
export interface VariantResult {
  label: string;
  side: Variant['side'];
  ops: number;
  rate: RateStats;
}

/** A measured baseline, with the ratio of our rate to its rate (see `roundRatios`). */
export interface BaselineResult extends VariantResult {
  /** ours/baseline, the median over the rounds: above 1 means ours is faster. */
  ratio: number;
  /** The lowest and highest of the rounds' ratios. */
  ratioMin: number;
  ratioMax: number;
}

/** A target, evaluated. */
export interface TargetResult extends Target {
  ratio: number;
  met: boolean;
  /** Some rounds' ratios fall below the target and some reach it: the verdict is noise. */
  withinNoise: boolean;
}

/** A measured comparison. */
export interface ComparisonResult {
  id: string;
  title: string;
  unit: string;
  ours: VariantResult;
  baselines: BaselineResult[];
  targets: TargetResult[];
  anchors: (Anchor & { ratio: number })[];
}

/** How many times each variant is run. */
export interface SamplingPlan {
  warmups: number;
  samples: number;
}

/**
 * The ratio of two variants round by round: `ours[i] / baseline[i]` for each round `i` (the
 * rates of one round were measured one right after the other), with their median, min and max.
 * This machine runs whole stretches of seconds faster or slower than others; a ratio of the two
 * medians would mix rounds measured in different states of it, where each round's own ratio does
 * not.
 */
export function roundRatios(ours: readonly number[], baseline: readonly number[]): { median: number; min: number; max: number } {
  if (ours.length === 0 || ours.length !== baseline.length) {
    throw new Error(`roundRatios needs one rate per round on each side, got ${ours.length} and ${baseline.length}`);
  }
  const ratios = ours.map((rate, i) => rate / baseline[i]!);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min and max of a non-empty list of rates. */
export function rateStats(samples: readonly number[]): RateStats {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples: [...samples] };
}

async function runOnce(variant: Variant): Promise<number> {
  collectGarbage();
  const seconds = await variant.sample();
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new Error(`${variant.label}: a sample took ${seconds} s, which is not a duration`);
  }
  return variant.ops / seconds;
}

/**
 * Measures a comparison: every variant is warmed up, then sampled round-robin, the order
 * reversed every other round so that neither side always runs on a warmer (or dirtier) heap.
 */
export async function measure(comparison: Comparison, plan: SamplingPlan): Promise<ComparisonResult> {
  const variants = [comparison.ours, ...comparison.baselines];
  for (let w = 0; w < plan.warmups; w++) {
    for (const variant of variants) await runOnce(variant);
  }
  const rates = variants.map((): number[] => []);
  for (let round = 0; round < plan.samples; round++) {
    const order = variants.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) rates[i]!.push(await runOnce(variants[i]!));
  }
  const results = variants.map(
    (v, i): VariantResult => ({ label: v.label, side: v.side, ops: v.ops, rate: rateStats(rates[i]!) }),
  );
  const ours = results[0]!;
  const baselines = results.slice(1).map((b, i): BaselineResult => {
    const ratios = roundRatios(rates[0]!, rates[i + 1]!);
    return { ...b, ratio: ratios.median, ratioMin: ratios.min, ratioMax: ratios.max };
  });
  const targets = (comparison.targets ?? []).map((t): TargetResult => {
    const baseline = baselines.find((b) => b.label === t.baseline);
    if (baseline === undefined) throw new Error(`${comparison.id}: target names an unknown baseline "${t.baseline}"`);
    const withinNoise = baseline.ratioMin < t.minRatio && baseline.ratioMax >= t.minRatio;
    return { ...t, ratio: baseline.ratio, met: baseline.ratio >= t.minRatio, withinNoise };
  });
  const anchors = (comparison.anchors ?? []).map((a) => ({ ...a, ratio: ours.rate.median / a.rate }));
  return { id: comparison.id, title: comparison.title, unit: comparison.unit, ours, baselines, targets, anchors };
}

/** Starts timing a sample; the function it returns gives the seconds elapsed since. */
export type Stopwatch = () => () => number;

/** Wall-clock time (`performance.now()`): what most samples are timed with. */
export const wallClock: Stopwatch = () => {
  const start = performance.now();
  return () => (performance.now() - start) / 1000;
};

/**
 * The process's CPU time (user + system): for work that spends much of its wall time waiting
 * (timers until their deadlines), so that only what it costs is counted.
 */
export const cpuClock: Stopwatch = () => {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e6;
  };
};

/** Seconds elapsed since `start`, a `performance.now()` reading. */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
