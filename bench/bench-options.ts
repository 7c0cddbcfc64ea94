/**
 * The command line of `npm run bench`: `--quick` for a smoke run of a few seconds, and
 * `--filter <substring>` to run only the comparisons whose id or title contains it.
 */
import type { SamplingPlan } from './harness.js';

/** What a run was asked to do. */
export interface BenchOptions {
  /** Small counts, few samples and short TCP runs: checks that everything works, not speed. */
  quick: boolean;
  /** Lower-cased substring a comparison's id or title must contain, or null for all. */
  filter: string | null;
  /** Warm-ups and samples per variant. */
  plan: SamplingPlan;
}

/** The usage text printed by `--help` and on a bad argument. */
export const USAGE = `usage: npm run bench -- [--quick] [--filter <substring>]
  --quick               smoke run: small counts, 3 samples, 1 s TCP runs (a few seconds in all)
  --filter <substring>  only comparisons whose id or title contains <substring> (case-insensitive),
                        e.g. --filter callSoon, --filter timers, --filter tcp`;

/** Thrown for a command line we do not understand; the message says what to type instead. */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

/** Parses `process.argv.slice(2)`. Returns null when help was asked for. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | null {
  let quick = false;
  let filter: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') return null;
    else if (arg === '--filter' || arg.startsWith('--filter=')) {
      const value = arg === '--filter' ? argv[++i] : arg.slice('--filter='.length);
      if (value === undefined || value === '') throw new BenchUsageError(`--filter needs a substring\n${USAGE}`);
      filter = value.toLowerCase();
    } else {
      throw new BenchUsageError(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return { quick, filter, plan: quick ? { warmups: 1, samples: 3 } : { warmups: 1, samples: 7 } };
}

/** True when the comparison passes the filter. */
export function selected(options: BenchOptions, id: string, title: string): boolean {
  return options.filter === null || `${id} ${title}`.toLowerCase().includes(options.filter);
}
