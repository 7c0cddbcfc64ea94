/** The Twisted front as the benchmarks see it: its `dist/` build, like `async-loop.ts`. */
export * from '../packages/reactor/dist/index.js';
