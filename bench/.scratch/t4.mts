import { NodeEventLoop } from '../../packages/loop/src/index.js';
const n = 1_000_000;
for (let rep = 0; rep < 6; rep++) {
  const loop = new NodeEventLoop();
  let ran = 0;
  const cb = () => { ran++; };
  const t0 = performance.now();
  for (let i = 1; i < n; i++) loop.callSoon(cb);
  loop.callSoon(() => { ran++; loop.stop(); });
  const t1 = performance.now();
  await loop.runForever();
  const t2 = performance.now();
  loop.close();
  // setImmediate batch
  const t3 = performance.now();
  await new Promise<void>((res) => { let k = 0; const f = () => { if (++k === n) res(); }; for (let i = 0; i < n; i++) setImmediate(f); });
  const t4 = performance.now();
  console.log(`queue ${(t1 - t0).toFixed(0)} run ${(t2 - t1).toFixed(0)} total ${(t2 - t0).toFixed(0)} ms; setImmediate batch ${(t4 - t3).toFixed(0)} ms`);
}
