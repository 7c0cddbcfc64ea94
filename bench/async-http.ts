/** The HTTP package as the benchmarks see it: its `dist/` build, like `async-loop.ts`. */
export * from '../packages/http/dist/index.js';
