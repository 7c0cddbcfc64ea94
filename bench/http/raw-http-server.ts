/**
 * The HTTP baseline: raw `node:http` answering every request with a 12-byte "Hello, world",
 * keep-alive, as Node's own hello-world is written.
 */
import http from 'node:http';
import { reportStartFailure, serveControl } from '../tcp-echo/echo-server-control.js';

const BODY = 'Hello, world';
let open = 0;
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length });
  response.end(BODY);
});
server.keepAliveTimeout = 60_000;
server.on('connection', (socket) => {
  socket.setNoDelay(true);
  open++;
  socket.on('close', () => open--);
});
server.on('clientError', (_error, socket) => socket.destroy());
server.on('error', reportStartFailure);
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  const address = server.address();
  if (address === null || typeof address === 'string') reportStartFailure(new Error('not listening on TCP'));
  serveControl(address.port, () => open);
});
