// The seed's Twisted Deferred example: N page fetches in parallel, each reversed and printed by
// its callbacks, and a DeferredList that stops the reactor when all are done. getPage is a
// minimal HTTP/1.0 GET written as a Twisted Protocol (the project's HTTP client comes with
// @async/http), against a local node:http server on 127.0.0.1 port 0 instead of python.org.
// Run it with `npx tsx --tsconfig tsconfig.tests.json examples/twisted-deferred-list.ts`.
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { ClientFactory, Deferred, DeferredList, Protocol, reactor, type Connector, type Failure } from '@async/reactor';

/** Reads a whole HTTP/1.0 response and fires with its body (or fails on a non-200 status). */
class PageGetter extends Protocol {
  private readonly chunks: Uint8Array[] = [];
  constructor(
    private readonly path: string,
    private readonly host: string,
    private readonly deferred: Deferred<string>,
  ) {
    super();
  }
  override connectionMade(): void {
    this.transport!.write(`GET ${this.path} HTTP/1.0\r\nHost: ${this.host}\r\n\r\n`);
  }
  override dataReceived(data: Uint8Array): void {
    this.chunks.push(data);
  }
  override connectionLost(): void {
    const response = Buffer.concat(this.chunks).toString('utf8');
    const [head = '', ...body] = response.split('\r\n\r\n');
    const status = head.split(' ')[1];
    if (status === '200') this.deferred.callback(body.join('\r\n\r\n'));
    else this.deferred.errback(new Error(`HTTP status ${status ?? 'missing'}`));
  }
}

class PageFactory extends ClientFactory<PageGetter> {
  readonly deferred = new Deferred<string>();
  constructor(private readonly url: URL) {
    super();
  }
  override buildProtocol(): PageGetter {
    return new PageGetter(this.url.pathname, this.url.host, this.deferred);
  }
  override clientConnectionFailed(_connector: Connector, reason: Failure): void {
    this.deferred.errback(reason);
  }
}

/** Twisted's `getPage(url)`: a Deferred of the page body. */
function getPage(url: string): Deferred<string> {
  const parsed = new URL(url);
  const factory = new PageFactory(parsed);
  reactor.connectTCP(parsed.hostname, Number(parsed.port || 80), factory);
  return factory.deferred;
}

const server = createServer((_request, response) => {
  response.end('<!DOCTYPE html>\n<html><title>Welcome to Python.org</title></html>\n');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const count = 5; // sys.argv[1]
const results: Deferred<unknown>[] = [];
for (let i = 0; i < count; i++) {
  const d = getPage(`http://127.0.0.1:${port}/`);
  d.addCallback((value) => value.slice(0, 10));
  d.addCallback((value) => console.log([...value].reverse().join('')));
  d.addErrback((error) => console.log('error:', error.getErrorMessage()));
  results.push(d);
}

const dList = new DeferredList(results);
dList.addBoth(() => reactor.stop());
await reactor.run();
server.close();
