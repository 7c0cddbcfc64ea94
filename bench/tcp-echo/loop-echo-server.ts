/**
 * Our echo server: a PEP 3156 protocol on `NodeEventLoop`, written as a user would,
 * `connectionMade(t) { this.t = t }`, `dataReceived(d) { this.t.write(d) }`.
 */
import { NodeEventLoop, type Protocol, type Transport } from '../async-loop.js';
import { reportStartFailure, serveControl } from './echo-server-control.js';

let open = 0;

class EchoProtocol implements Protocol {
  private transport: Transport | null = null;

  connectionMade(transport: Transport): void {
    this.transport = transport;
    open++;
  }

  dataReceived(data: Uint8Array): void {
    this.transport!.write(data);
  }

  connectionLost(): void {
    open--;
  }
}

async function main(): Promise<void> {
  const loop = new NodeEventLoop();
  // The clients reset their connections at the end of a run; only other errors are worth a line.
  loop.setExceptionHandler((l, context) => {
    const code = (context.exception as { code?: unknown } | undefined)?.code;
    if (code !== 'ECONNRESET' && code !== 'EPIPE') l.defaultExceptionHandler(context);
  });
  const server = await loop.runUntilComplete(
    loop.createServer(() => new EchoProtocol(), { host: '127.0.0.1', port: 0, backlog: 4096 }),
  );
  const address = server.addresses()[0];
  if (address === undefined || typeof address === 'string') throw new Error('not listening on TCP');
  serveControl(address.port, () => open);
  await loop.runForever();
}

main().catch(reportStartFailure);
