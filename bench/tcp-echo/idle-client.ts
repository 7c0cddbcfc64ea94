/**
 * Opens connections and leaves them idle, so the bench can see what each costs the server in
 * memory. Each `open` request adds `connections` more, a few hundred at a time (the server's
 * accept backlog is finite); it stops at the first error (typically the file-descriptor limit)
 * and reports how many it opened. Everything is closed when the bench goes away.
 */
import net from 'node:net';
import type { ChildMessage, OpenRequest } from './control-messages.js';

const CONCURRENT_CONNECTS = 200;
const sockets: net.Socket[] = [];

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

async function open(port: number, count: number): Promise<ChildMessage> {
  let connected = 0;
  let error: string | null = null;
  while (connected < count && error === null) {
    const batch = Math.min(CONCURRENT_CONNECTS, count - connected);
    const settled = await Promise.allSettled(Array.from({ length: batch }, () => connect(port)));
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') {
        sockets.push(outcome.value);
        connected++;
      } else {
        error ??= outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      }
    }
  }
  return { type: 'idle-connected', connected, error };
}

process.on('message', (message: OpenRequest) => {
  if (message.type !== 'open') return;
  void open(message.port, message.connections).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => {
  for (const socket of sockets) socket.destroy();
  process.exit(0);
});
const ready: ChildMessage = { type: 'ready' };
process.send?.(ready);
