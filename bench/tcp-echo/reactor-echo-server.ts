/**
 * Our echo server on the Twisted front, as Twisted's own echo example is written: a `Protocol`
 * whose `dataReceived` writes to `this.transport`, a `Factory` building one per connection,
 * `reactor.listenTCP()` on a `Reactor` over a `NodeEventLoop` (the current loop), then `reactor.run()`.
 */
import { NodeEventLoop, setEventLoop } from '../async-loop.js';
import { Factory, type IPv4Address, Protocol, Reactor } from '../async-reactor.js';
import { reportStartFailure, serveControl } from './echo-server-control.js';

let open = 0;

class Echo extends Protocol {
  override connectionMade(): void {
    open++;
  }

  override dataReceived(data: Uint8Array): void {
    this.transport!.write(data);
  }

  override connectionLost(): void {
    open--;
  }
}

class EchoFactory extends Factory<Echo> {
  override buildProtocol(): Echo {
    return new Echo();
  }
}

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
    .listenTCP(0, new EchoFactory(), { interface: '127.0.0.1', backlog: 4096 })
    .addCallbacks(
      (port) => serveControl((port.getHost() as IPv4Address).port, () => open),
      (failure) => reportStartFailure(failure.value),
    );
});
reactor.run().catch(reportStartFailure);
