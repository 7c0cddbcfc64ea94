/**
 * The one place the benchmarks import the core from. It points at the packages' TypeScript
 * sources rather than at `@async/loop`, because under `tsx` that name resolves to the package's
 * `dist/` build, which may be stale: a benchmark must measure the code in the tree.
 */
export * from '../packages/loop/src/index.js';
