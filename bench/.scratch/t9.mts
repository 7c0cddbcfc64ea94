// Server under strace -c: counts syscalls per echoed message.
import { spawn } from 'node:child_process';
const which = process.argv[2]!;
const depth = Number(process.argv[3] ?? 1);
const script = which === 'raw' ? '../tcp-echo/raw-echo-server.ts' : '../tcp-echo/loop-echo-server.ts';
const server = spawn('strace', ['-f', '-c', '-o', `/tmp/bx/strace-${which}-${depth}.txt`, process.execPath, '--import', 'tsx', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const { port } = await new Promise<any>((r) => server.once('message', r));
const client = spawn(process.execPath, ['--import', 'tsx', '../tcp-echo/load-client.ts'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
await new Promise<any>((r) => client.once('message', r));
client.send({ type: 'run', config: { port, connections: 100, messageSize: 64, depth, warmupSeconds: 0.2, durationSeconds: 2 } });
const result = await new Promise<any>((r) => client.once('message', r));
console.log(which, depth, 'total msgs', result.totalMessages, Math.round(result.windowMessages / result.windowSeconds), 'msgs/s');
client.disconnect(); server.disconnect();
await new Promise((r) => server.once('exit', r));
