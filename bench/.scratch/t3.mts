import { NodeEventLoop } from '../../packages/loop/src/index.js';
import { seededRandom } from '../seeded-random.js';
const n = 100000;
const r = seededRandom(0x5eed);
const delays = Array.from({ length: n }, () => Math.floor(r() * 50));
class Probe extends NodeEventLoop {
  log: string[] = [];
  t0 = 0;
  protected override runOnce(): void {
    const a = performance.now();
    const before = (this as any)._timers.size;
    super.runOnce();
    const b = performance.now();
    this.log.push(`[${(a - this.t0).toFixed(1)} +${(b - a).toFixed(1)} popped ${before - (this as any)._timers.size}]`);
  }
}
for (let rep = 0; rep < 3; rep++) {
  const loop = new Probe();
  let fired = 0, start = 0, sched = 0, end = 0;
  const onTimer = () => { if (++fired === n) { end = performance.now(); loop.stop(); } };
  loop.callSoon(() => { start = loop.t0 = performance.now(); for (let i = 0; i < n; i++) loop.callLater(delays[i]! / 1000, onTimer); sched = performance.now(); });
  await loop.runForever();
  console.log('sched', (sched - start).toFixed(1), 'total', (end - start).toFixed(1), loop.log.length, loop.log.slice(0, 12).join(' '));
}
