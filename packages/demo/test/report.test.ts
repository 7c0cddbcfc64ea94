import { describe, expect, it } from 'vitest';
import { type Measurement, STYLES, conclude, formatTable } from '../src/report.js';

const measurements: Measurement[] = [1, 5].flatMap((count) =>
  STYLES.map((style) => ({
    style,
    count,
    pages: style === 'all four' ? 4 * count : count,
    seconds: style === 'sequential' ? count * 0.2 : 0.25,
  })),
);

describe('formatTable', () => {
  it('prints a row per page count and a column per style, in seconds', () => {
    expect(formatTable([1, 5], measurements)).toBe(
      [
        'pages  sequential  twisted  gevent  tornado  asyncio  all four',
        '-----  ----------  -------  ------  -------  -------  --------',
        '1          0.20 s   0.25 s  0.25 s   0.25 s   0.25 s    0.25 s',
        '5          1.00 s   0.25 s  0.25 s   0.25 s   0.25 s    0.25 s',
      ].join('\n'),
    );
  });

  it('shows a dash where nothing was measured', () => {
    expect(formatTable([7], measurements).split('\n')[2]).toMatch(/^7 +- +- +- +- +- +-$/);
  });
});

describe('conclude', () => {
  it('compares the largest page count, fronts against one-after-another', () => {
    expect(conclude([1, 5], measurements)).toBe(
      '5 pages one after another took 1.00 s; every front fetching them concurrently took at most 0.25 s ' +
        '(4.0x faster); all four fronts at once on one loop fetched 20 pages in 0.25 s.',
    );
  });

  it('says so when there is nothing to compare', () => {
    expect(conclude([1], [])).toBe('Nothing to compare.');
  });
});
