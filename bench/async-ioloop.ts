/** The Tornado front as the benchmarks see it: its `dist/` build, like `async-loop.ts`. */
export * from '../packages/ioloop/dist/index.js';
