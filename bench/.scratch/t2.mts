import { NodeEventLoop, TimerHeap, TimerHandle } from '../../packages/loop/src/index.js';
import { seededRandom } from '../seeded-random.js';
const n = 100000;
const r = seededRandom(0x5eed);
const delays = Array.from({ length: n }, () => Math.floor(r() * 50));
const loop = new NodeEventLoop();
const owner = { _timerHandleCancelled() {} };
for (let rep = 0; rep < 5; rep++) {
  const heap = new TimerHeap();
  const t0 = performance.now();
  const base = performance.now() / 1000;
  for (let i = 0; i < n; i++) heap.push(new TimerHandle(base + delays[i]! / 1000, i, () => {}, [], loop, owner));
  const t1 = performance.now();
  let c = 0;
  while (heap.pop() !== undefined) c++;
  const t2 = performance.now();
  // same with plain numbers
  const keys: number[] = delays.map((d, i) => base + d / 1000 + i * 1e-12);
  const t3 = performance.now();
  keys.sort((a, b) => a - b);
  const t4 = performance.now();
  console.log(`push ${(t1 - t0).toFixed(1)}ms pop ${(t2 - t1).toFixed(1)}ms (${c}) sort numbers ${(t4 - t3).toFixed(1)}`);
}
