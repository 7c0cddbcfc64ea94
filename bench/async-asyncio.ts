/**
 * The one place the benchmarks import the asyncio front from: the package's TypeScript sources,
 * for the same reason as `async-loop.ts` (a `dist/` build may be stale).
 */
export * from '../packages/asyncio/dist/index.js';
