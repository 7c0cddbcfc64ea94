/** The greenlet primitive as the benchmarks see it: its `dist/` build, like `async-loop.ts`. */
export * from '../packages/greenlet/dist/index.js';
