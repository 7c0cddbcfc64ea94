import net from 'node:net';
import v8 from 'node:v8';
import { NodeEventLoop, type Protocol, type Transport } from '../../packages/loop/src/index.js';
import { collectGarbage } from '../gc.js';
const which = process.argv[2];
let open = 0;
function snap() {
  collectGarbage();
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_size / 1024)]));
  return { rss: Math.round(m.rss / 1024), heapTotal: Math.round(m.heapTotal / 1024), heapUsed: Math.round(m.heapUsed / 1024), ext: Math.round(m.external / 1024), ...spaces };
}
let port: number;
if (which === 'raw') {
  const server = net.createServer({ noDelay: true }, (s) => { open++; s.on('data', (d) => s.write(d)); s.on('error', () => {}); });
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, r));
  port = (server.address() as net.AddressInfo).port;
} else {
  class Echo implements Protocol { t: Transport | null = null; connectionMade(t: Transport) { this.t = t; open++; } dataReceived(d: Uint8Array) { this.t!.write(d); } }
  const loop = new NodeEventLoop();
  const server = await loop.runUntilComplete(loop.createServer(() => new Echo(), { host: '127.0.0.1', port: 0, backlog: 4096 }));
  port = (server.addresses()[0] as { port: number }).port;
  void loop.runForever();
}
const { spawn } = await import('node:child_process');
const c0 = spawn(process.execPath, ['--import', 'tsx', '../tcp-echo/idle-client.ts', JSON.stringify({ port, connections: 2000 })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await new Promise((r) => c0.once('message', r));
while (open < 2000) await new Promise((r) => setTimeout(r, 50));
await new Promise((r) => setTimeout(r, 300));
const before = snap();
const child = spawn(process.execPath, ['--import', 'tsx', '../tcp-echo/idle-client.ts', JSON.stringify({ port, connections: 5000 })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await new Promise((r) => child.once('message', r));
while (open < 7000) await new Promise((r) => setTimeout(r, 50));
await new Promise((r) => setTimeout(r, 300));
const mid = snap();
const c2 = spawn(process.execPath, ['--import', 'tsx', '../tcp-echo/idle-client.ts', JSON.stringify({ port, connections: 5000 })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await new Promise((r) => c2.once('message', r));
while (open < 12000) await new Promise((r) => setTimeout(r, 50));
await new Promise((r) => setTimeout(r, 300));
const after = snap();
const d1: Record<string, number> = {};
for (const k of Object.keys(after)) d1[k] = (mid as any)[k] - (before as any)[k];
console.log(which, 'first 5000 delta KiB', JSON.stringify(d1));
const d2: Record<string, number> = {};
for (const k of Object.keys(after)) d2[k] = (after as any)[k] - (mid as any)[k];
console.log(which, 'second 5000 delta KiB', JSON.stringify(d2));
console.log(which, JSON.stringify(before));
console.log(which, JSON.stringify(after));
const d: Record<string, number> = {};
for (const k of Object.keys(after)) d[k] = (after as any)[k] - (before as any)[k];
console.log(which, 'delta KiB', JSON.stringify(d));
child.kill(); c0.kill(); c2.kill();
process.exit(0);
