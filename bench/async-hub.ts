/** The gevent front as the benchmarks see it: its `dist/` build, like `async-loop.ts`. */
export * from '../packages/hub/dist/index.js';
