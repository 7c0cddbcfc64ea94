import * as base from '../../packages/loop/src/index.js';
const patched = await import(`./src${process.env.V}/index.js`);
type M = typeof base;
async function chain(m: M, n: number) {
  const loop = new m.NodeEventLoop(); let ran = 0;
  const step = () => { if (++ran < n) loop.callSoon(step); else loop.stop(); };
  const t0 = performance.now(); loop.callSoon(step); await loop.runForever(); const dt = performance.now() - t0; loop.close(); return n / dt * 1000;
}
function* body(loop: base.EventLoop, n: number): base.Coroutine<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) { const f = loop.createFuture<number>(); loop.callSoon((f: base.Future<number>, v: number) => f.setResult(v), f, i); sum += yield* f; }
  return sum;
}
async function ystar(m: M, n: number) {
  const loop = new m.NodeEventLoop(); const t0 = performance.now(); await loop.runUntilComplete(body(loop as any, n)); const dt = performance.now() - t0; loop.close(); return n / dt * 1000;
}
async function awaitF(m: M, n: number) {
  const loop = new m.NodeEventLoop(); const run = loop.runForever(); let s = 0; const t0 = performance.now();
  for (let i = 0; i < n; i++) { const f = loop.createFuture<number>(); loop.callSoon((f: base.Future<number>, v: number) => f.setResult(v), f, i); s += await f; }
  const dt = performance.now() - t0; loop.stop(); await run; loop.close(); return n / dt * 1000;
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
for (const [name, fn, n] of [['chain', chain, 1e6], ['yield*', ystar, 2e5], ['await', awaitF, 2e5]] as const) {
  const r: Record<string, number[]> = { base: [], patched: [] };
  for (let k = 0; k < 7; k++) { r.base!.push(await fn(base, n)); r.patched!.push(await fn(patched as unknown as M, n)); }
  console.log(name, 'base', (med(r.base!) / 1e3).toFixed(0), 'k/s  patched', (med(r.patched!) / 1e3).toFixed(0), 'k/s  ratio', (med(r.patched!) / med(r.base!)).toFixed(2));
}
