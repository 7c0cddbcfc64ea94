/**
 * Ratios against a baseline measured beside each server. A round loads the baseline before every
 * other server and once more at the end (raw, A, raw, B, …, raw), and each run carries its place
 * in that sequence; a server's run is then divided by the baseline's runs just before and just
 * after it. Measured once per round, the baseline would share the machine's state (which drifts,
 * and on these machines is fastest in the first seconds of a phase) with only the servers loaded
 * next to it, and every other ratio would carry the difference.
 */
import { median } from '../harness.js';

/** A measured run, with its place in the order of measurement. */
export interface SequencedRun {
  /** Position in the order of measurement, across rounds; later runs have larger numbers. */
  sequence: number;
}

/** Hands out sequence numbers in the order runs are measured. */
export class RunSequence {
  #next = 0;

  /** The run, stamped with the next sequence number. */
  stamp<R extends object>(run: R): R & SequencedRun {
    return Object.assign(run, { sequence: this.#next++ });
  }
}

/** The baseline's runs closest before and after `run` (one of them may be missing). */
function neighbours<R extends SequencedRun>(baselineRuns: readonly R[], run: SequencedRun): R[] {
  let before: R | undefined;
  let after: R | undefined;
  for (const b of baselineRuns) {
    if (b.sequence < run.sequence && (before === undefined || b.sequence > before.sequence)) before = b;
    if (b.sequence > run.sequence && (after === undefined || b.sequence < after.sequence)) after = b;
  }
  return [before, after].filter((b): b is R => b !== undefined);
}

/** The geometric mean of one or two values (a run has at most two neighbours). */
function geometricMean(values: readonly number[]): number {
  return values.length === 1 ? values[0]! : Math.sqrt(values[0]! * values[1]!);
}

/**
 * The median over `runs` of each run's `value` divided by its neighbouring baseline runs' (their
 * geometric mean), or null when no run has a measured neighbour. For a cost where lower is better
 * (CPU per message), pass `inverse` to get baseline over run: "how many times as many per second".
 */
export function pairedRatio<R extends SequencedRun>(
  runs: readonly R[] | undefined,
  baselineRuns: readonly R[] | undefined,
  value: (run: R) => number,
  inverse = false,
): number | null {
  if (runs === undefined || baselineRuns === undefined) return null;
  const ratios: number[] = [];
  for (const run of runs) {
    const around = neighbours(baselineRuns, run).map(value).filter((v) => v > 0);
    const own = value(run);
    if (around.length === 0 || !(own > 0)) continue;
    const base = geometricMean(around);
    ratios.push(inverse ? base / own : own / base);
  }
  return ratios.length === 0 ? null : median(ratios);
}

/** What a throughput run must have for `BaselineScale`. */
export interface ScaledRun extends SequencedRun {
  messagesPerSecond: number;
  serverCpuMicrosPerMessage: number;
}

/**
 * Every server's figures on the baseline's scale (each run against the baseline runs beside it),
 * and two servers compared through it: A over B is A's ratio to the baseline over B's.
 */
export class BaselineScale {
  constructor(
    private readonly runs: Readonly<Record<string, readonly ScaledRun[]>>,
    private readonly baseline: string,
  ) {}

  /** The server's msgs/s over the baseline's (null for the baseline itself, or unmeasured). */
  rate(key: string): number | null {
    return key === this.baseline ? null : pairedRatio(this.runs[key], this.runs[this.baseline], (r) => r.messagesPerSecond);
  }

  /** The baseline's CPU per message over the server's: how many more messages per server CPU-second. */
  cpu(key: string): number | null {
    return key === this.baseline ? null : pairedRatio(this.runs[key], this.runs[this.baseline], (r) => r.serverCpuMicrosPerMessage, true);
  }

  /** `a`'s msgs/s over `b`'s, through the baseline. */
  rateOver(a: string, b: string): number | null {
    return quotient(this.rate(a), this.rate(b));
  }

  /** `a`'s messages per CPU-second over `b`'s, through the baseline. */
  cpuOver(a: string, b: string): number | null {
    return quotient(this.cpu(a), this.cpu(b));
  }
}

function quotient(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a / b;
}
