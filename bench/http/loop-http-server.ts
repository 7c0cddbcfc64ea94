/**
 * Our HTTP hello-world: `@async/http`'s server (`listenHTTP`) on a `NodeEventLoop`, answering
 * every request with the same 12-byte "Hello, world" as the raw `node:http` baseline.
 */
import { NodeEventLoop, setEventLoop } from '../async-loop.js';
import { listenHTTP } from '../async-http.js';
import { reportStartFailure, serveControl } from '../tcp-echo/echo-server-control.js';

const BODY = 'Hello, world';
const loop = new NodeEventLoop();
// The clients reset their connections at the end of a run; only other errors are worth a line.
loop.setExceptionHandler((l, context) => {
  const code = (context.exception as { code?: unknown } | undefined)?.code;
  if (code !== 'ECONNRESET' && code !== 'EPIPE') l.defaultExceptionHandler(context);
});
setEventLoop(loop);

async function main(): Promise<void> {
  const running = loop.runForever();
  const server = await listenHTTP(
    loop as unknown as Parameters<typeof listenHTTP>[0], // dist/ and src/ typings of one module
    (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BODY.length });
      response.end(BODY);
    },
    { host: '127.0.0.1', port: 0, backlog: 4096 },
  );
  serveControl(server.port, () => server.connectionCount);
  await running;
}

main().catch(reportStartFailure);
