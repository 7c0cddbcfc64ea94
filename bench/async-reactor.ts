/** The Twisted front as the benchmarks see it: its sources, like `async-loop.ts`. */
export * from '../packages/reactor/src/index.js';
