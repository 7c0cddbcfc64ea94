/**
 * The demo's results and how they are shown: the talk's table of wall times (one row per page
 * count, one column per way of fetching), the one-line conclusion, and the same as JSON.
 */

/** The ways of fetching the demo measures, in the order of the table's columns. */
export const STYLES = ['sequential', 'twisted', 'gevent', 'tornado', 'asyncio', 'all four'] as const;

/** One of `STYLES`. */
export type Style = (typeof STYLES)[number];

/** One measurement: `pages` pages fetched in `seconds` of wall time. */
export interface Measurement {
  style: Style;
  /** The page count asked for (each front fetches this many; "all four" fetches four times it). */
  count: number;
  /** Pages actually fetched. */
  pages: number;
  /** Wall time, in seconds. */
  seconds: number;
}

/** Everything the demo measured, and against what. */
export interface DemoReport {
  url: string;
  /** The embedded server's delay per request in seconds, or null for an outside `--url`. */
  delay: number | null;
  counts: number[];
  measurements: Measurement[];
  conclusion: string;
}

function secondsText(seconds: number): string {
  return `${seconds.toFixed(2)} s`;
}

/** The table of wall times, as fixed-width text. */
export function formatTable(counts: readonly number[], measurements: readonly Measurement[]): string {
  const header = ['pages', ...STYLES];
  const rows = counts.map((count) => [
    String(count),
    ...STYLES.map((style) => {
      const m = measurements.find((x) => x.style === style && x.count === count);
      return m === undefined ? '-' : secondsText(m.seconds);
    }),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The conclusion, from the largest page count: how much faster the fronts were than fetching one
 * page after another, and what all four fronts did together on one loop.
 */
export function conclude(counts: readonly number[], measurements: readonly Measurement[]): string {
  const count = Math.max(...counts);
  const at = (style: Style): Measurement | undefined => measurements.find((m) => m.style === style && m.count === count);
  const sequential = at('sequential');
  const fronts = (['twisted', 'gevent', 'tornado', 'asyncio'] as const).map(at).filter((m) => m !== undefined);
  if (sequential === undefined || fronts.length === 0) return 'Nothing to compare.';
  const slowest = Math.max(...fronts.map((m) => m.seconds));
  const speedup = sequential.seconds / slowest;
  const together = at('all four');
  const tail =
    together === undefined
      ? ''
      : `; all four fronts at once on one loop fetched ${together.pages} pages in ${secondsText(together.seconds)}`;
  return (
    `${count} pages one after another took ${secondsText(sequential.seconds)}; every front fetching them ` +
    `concurrently took at most ${secondsText(slowest)} (${speedup.toFixed(1)}x faster)${tail}.`
  );
}
