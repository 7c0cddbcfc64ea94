// The seed's Twisted counter server (twisted_example listening on a port): each new connection
// is told how many connections are open. Here it listens on 127.0.0.1 port 0 instead of 8123,
// and two real TCP clients (node:net, as the seed's telnet) check what it says. Run it with
// `npx tsx --tsconfig tsconfig.tests.json examples/twisted-counter-server.ts`.
import { connect, type Socket } from 'node:net';
import { Deferred, Factory, Protocol, inlineCallbacks, reactor, type IPv4Address } from '@async/reactor';

class Counter extends Protocol {
  constructor(readonly counter: CounterFactory) {
    super();
  }
  override connectionMade(): void {
    const num = (this.counter.num = this.counter.num + 1);
    this.transport!.write(`open connections: ${num}\n`);
  }
  override connectionLost(): void {
    this.counter.num -= 1;
    if (this.counter.num === 0) this.counter.allGone?.callback(undefined);
  }
  override dataReceived(): void {}
}

class CounterFactory extends Factory<Counter> {
  num = 0;
  /** Fired when the last connection is gone (only for this demo's clean exit). */
  allGone: Deferred<void> | null = null;
  override buildProtocol(): Counter {
    return new Counter(this);
  }
}

/** A telnet-like client: connects and resolves with the socket and the first line it reads. */
function telnet(port: number): Promise<[Socket, string]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.once('data', (line: string) => resolve([socket, line.trimEnd()]));
    socket.once('error', reject);
  });
}

const factory = new CounterFactory();

const demo = inlineCallbacks(function* () {
  const port = yield* reactor.listenTCP(0, factory, { interface: '127.0.0.1' });
  const { port: portNumber } = port.getHost() as IPv4Address;
  const [first, firstLine] = yield* Deferred.fromPromise(telnet(portNumber));
  console.log(`client 1: ${firstLine}`);
  const [second, secondLine] = yield* Deferred.fromPromise(telnet(portNumber));
  console.log(`client 2: ${secondLine}`);
  factory.allGone = new Deferred<void>();
  first.end();
  second.end();
  yield* factory.allGone;
  console.log(`after both left: open connections ${factory.num}`);
  yield* port.stopListening();
});

reactor.callWhenRunning(() => {
  demo()
    .addErrback((failure) => console.log('error:', failure.getErrorMessage()))
    .addBoth(() => reactor.stop());
});
await reactor.run();
