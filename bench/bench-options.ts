/**
 * The command line of `npm run bench`: `--quick` for a smoke run of a few seconds,
 * `--filter <substring>` to run only the comparisons whose id or title contains it,
 * `--no-python` to leave out the Python originals, `--write-docs` to regenerate
 * docs/performance.md from the run.
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
  /** Run the Python originals' servers beside ours (installing them if root and missing). */
  python: boolean;
  /** Write docs/performance.md from this run (a full run of everything only). */
  writeDocs: boolean;
}

/** The usage text printed by `--help` and on a bad argument. */
export const USAGE = `usage: npm run bench -- [--quick] [--filter <substring>] [--no-python] [--write-docs]
  --quick               smoke run: small counts, 3 samples, 0.15 s TCP runs, 1 s wrk runs
  --filter <substring>  only comparisons whose id or title contains <substring> (case-insensitive),
                        e.g. --filter callSoon, --filter timers, --filter tcp, --filter scaling, --filter http
  --no-python           leave out the Python originals' echo and HTTP servers
  --write-docs          write docs/performance.md from this run (not with --quick or --filter)`;

/** Thrown for a command line we do not understand; the message says what to type instead. */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

/** Parses `process.argv.slice(2)`. Returns null when help was asked for. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | null {
  let quick = false;
  let filter: string | null = null;
  let python = true;
  let writeDocs = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') return null;
    else if (arg === '--no-python') python = false;
    else if (arg === '--write-docs') writeDocs = true;
    else if (arg === '--filter' || arg.startsWith('--filter=')) {
      const value = arg === '--filter' ? argv[++i] : arg.slice('--filter='.length);
      if (value === undefined || value === '') throw new BenchUsageError(`--filter needs a substring\n${USAGE}`);
      filter = value.toLowerCase();
    } else {
      throw new BenchUsageError(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  if (writeDocs && (quick || filter !== null)) {
    throw new BenchUsageError(`--write-docs documents a full run of everything: leave out --quick and --filter\n${USAGE}`);
  }
  return { quick, filter, plan: quick ? { warmups: 1, samples: 3 } : { warmups: 1, samples: 7 }, python, writeDocs };
}

/** True when the comparison passes the filter. */
export function selected(options: BenchOptions, id: string, title: string): boolean {
  return options.filter === null || `${id} ${title}`.toLowerCase().includes(options.filter);
}
