/**
 * The baseline: an echo server on raw `node:net`, `socket.on('data', d => socket.write(d))`.
 * Nagle's algorithm is off, as it is by default on the loop's transports, so both servers send
 * the same segments.
 */
import net from 'node:net';
import { reportStartFailure, serveControl } from './echo-server-control.js';

let open = 0;
const server = net.createServer({ noDelay: true }, (socket) => {
  open++;
  socket.on('data', (data) => socket.write(data));
  socket.on('error', () => {});
  socket.on('close', () => open--);
});
server.on('error', reportStartFailure);
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  const address = server.address();
  if (address === null || typeof address === 'string') reportStartFailure(new Error('not listening on TCP'));
  serveControl(address.port, () => open);
});
