/**
 * The one place the benchmarks import the core from: the package's `dist/` build, which is what
 * users run, rebuilt by `npm run bench` before it starts (nx skips an unchanged package). Not the
 * TypeScript sources through `tsx`: tsx transpiles with esbuild's `keepNames`, whose `__name()`
 * wrappers made a Deferred chain twice as slow as the same code compiled by `tsc` (150 vs 65 ns a
 * chain, measured 2026-11-26), so a benchmark of the sources measured the loader, not the library.
 */
export * from '../packages/loop/dist/index.js';
