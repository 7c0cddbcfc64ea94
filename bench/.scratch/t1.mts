import { NodeEventLoop } from '../../packages/loop/src/index.js';
import { seededRandom } from '../seeded-random.js';
const n = 100000;
const r = seededRandom(0x5eed);
const delays = Array.from({ length: n }, () => Math.floor(r() * 50));
for (let rep = 0; rep < 3; rep++) {
  const loop = new NodeEventLoop();
  let fired = 0, start = 0, sched = 0, end = 0;
  const wakes: number[] = [];
  let lastT = 0;
  const onTimer = () => { const t = performance.now(); if (t - lastT > 0.5) { wakes.push(Math.round(t - start)); lastT = t; } if (++fired === n) { end = t; loop.stop(); } };
  loop.callSoon(() => { start = performance.now(); for (let i = 0; i < n; i++) loop.callLater(delays[i]! / 1000, onTimer); sched = performance.now(); });
  await loop.runForever();
  console.log('sched', (sched - start).toFixed(1), 'total', (end - start).toFixed(1), 'wakes', wakes.length, wakes.slice(0, 60).join(','));
}
