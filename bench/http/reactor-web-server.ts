/**
 * Our HTTP hello-world on the Twisted front, as `bench/python/twisted_web_hello.py` writes it: a
 * `Site` with one leaf `Resource` whose `render_GET` returns "Hello, world", listened on with
 * `reactor.listenTCP()` on a `Reactor` over a `NodeEventLoop`: the Twisted front's cost per
 * request (Request object, resource traversal), over `@async/http`'s server protocol.
 */
import { NodeEventLoop, setEventLoop } from '../async-loop.js';
import { type IPv4Address, Reactor, type Request, Resource, Site } from '../async-reactor.js';
import { reportStartFailure, serveControl } from '../tcp-echo/echo-server-control.js';

class Hello extends Resource {
  override isLeaf = true;

  render_GET(request: Request): string {
    request.setHeader('content-type', 'text/plain');
    return 'Hello, world';
  }
}

let open = 0;
const site = new Site(new Hello());
const buildProtocol = site.buildProtocol.bind(site);
site.buildProtocol = (address) => {
  const channel = buildProtocol(address);
  open++;
  const lost = channel.connectionLost.bind(channel);
  channel.connectionLost = (reason) => {
    open--;
    lost(reason);
  };
  return channel;
};

const loop = new NodeEventLoop();
// The clients reset their connections at the end of a run; only other errors are worth a line.
loop.setExceptionHandler((l, context) => {
  const code = (context.exception as { code?: unknown } | undefined)?.code;
  if (code !== 'ECONNRESET' && code !== 'EPIPE') l.defaultExceptionHandler(context);
});
// The reactor binds to the current loop (passing `loop` would mix the dist/ and src/ typings).
setEventLoop(loop);
const reactor = new Reactor();
reactor.callWhenRunning(() => {
  reactor
    .listenTCP(0, site, { interface: '127.0.0.1', backlog: 4096 })
    .addCallbacks(
      (port) => serveControl((port.getHost() as IPv4Address).port, () => open),
      (failure) => reportStartFailure(failure.value),
    );
});
reactor.run().catch(reportStartFailure);
