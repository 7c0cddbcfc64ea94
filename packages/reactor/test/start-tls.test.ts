// Twisted's transport.startTLS() over real sockets (127.0.0.1, port 0) with the test
// certificate: a STARTTLS line protocol where both LineReceivers upgrade (writes made during the
// handshake wait for it), handshakeCompleted(), a refused certificate reaching connectionLost(),
// and the virtual loop, which cannot upgrade.
import { describe, expect, it } from 'vitest';
import {
  type ExceptionContext,
  InvalidArgumentError,
  InvalidStateError,
  NodeEventLoop,
  NotImplementedError,
  SSLCertVerificationError,
  type Transport,
} from '@async/loop';
import { VirtualEventLoop, testTlsCredentials } from '@async/loop-testing';
import {
  ClientCreator,
  Deferred,
  Factory,
  LineReceiver,
  Reactor,
  StringTransport,
  inlineCallbacks,
  type Failure,
  type ListeningPort,
  type ProtocolTransport,
} from '@async/reactor';

const { cert, key } = testTlsCredentials();
const text = (b: Uint8Array): string => Buffer.from(b).toString();

/** Greets; on STARTTLS answers OK and upgrades (as the TLS server); then echoes lines. */
class StartTlsServer extends LineReceiver {
  handshakes = 0;
  override connectionMade(): void {
    this.sendLine('hello');
  }
  override lineReceived(line: Uint8Array): void {
    if (text(line) === 'STARTTLS') {
      this.sendLine('OK');
      (this.transport as ProtocolTransport).startTLS({ key, cert });
    } else this.sendLine(`echo ${text(line)}`);
  }
  handshakeCompleted(): void {
    this.handshakes++;
  }
}

/** Asks for STARTTLS after the greeting, upgrades on OK with `clientTls`, writes at once. */
class StartTlsClient extends LineReceiver {
  static clientTls: object = { ca: cert, servername: 'localhost' };
  lines: string[] = [];
  peerCertificate: unknown = null;
  readonly lost = new Deferred<Failure>();
  override lineReceived(line: Uint8Array): void {
    const got = text(line);
    this.lines.push(got);
    if (got === 'hello') this.sendLine('STARTTLS');
    else if (got === 'OK') {
      (this.transport as ProtocolTransport).startTLS(StartTlsClient.clientTls);
      // Written during the handshake: sent encrypted once it is done.
      this.sendLine('secret');
    } else if (got === 'echo secret') this.transport!.loseConnection();
  }
  handshakeCompleted(): void {
    this.peerCertificate = (this.transport as ProtocolTransport).getPeerCertificate();
  }
  override connectionLost(reason: Failure): void {
    // Wrapped, so that the Failure is the result rather than an errback.
    this.lost.callback([reason] as unknown as Failure);
  }
}

function* exchange(r: Reactor, servers: StartTlsServer[]) {
  const port: ListeningPort = yield* r.listenTCP(
    0,
    Factory.forProtocol(class extends StartTlsServer {
      constructor() {
        super();
        servers.push(this);
      }
    }),
    { interface: '127.0.0.1' },
  );
  const client: StartTlsClient = yield* new ClientCreator(r, StartTlsClient).connectTCP('127.0.0.1', (port.getHost() as { port: number }).port);
  const [reason] = (yield* client.lost) as unknown as [Failure];
  yield* port.stopListening();
  return { client, reason };
}

describe('transport.startTLS()', () => {
  it('STARTTLS: both sides upgrade; a line written during the handshake goes out encrypted', async () => {
    const loop = new NodeEventLoop();
    const r = new Reactor(loop);
    const servers: StartTlsServer[] = [];
    StartTlsClient.clientTls = { ca: cert, servername: 'localhost' };
    const { client, reason } = await loop.runUntilComplete(inlineCallbacks(function* () {
      return yield* exchange(r, servers);
    })());
    expect(client.lines).toEqual(['hello', 'OK', 'echo secret']);
    expect(client.peerCertificate).toMatchObject({ subject: { CN: 'localhost' } });
    expect(reason.type!.name).toBe('ConnectionDone');
    expect(servers[0]!.handshakes).toBe(1);
    loop.close();
  });

  it('a refused certificate ends the connection: connectionLost() carries the TLS error', async () => {
    const loop = new NodeEventLoop();
    const r = new Reactor(loop);
    StartTlsClient.clientTls = { servername: 'localhost' };
    const { client, reason } = await loop.runUntilComplete(inlineCallbacks(function* () {
      return yield* exchange(r, []);
    })());
    StartTlsClient.clientTls = { ca: cert, servername: 'localhost' };
    expect(client.lines).toEqual(['hello', 'OK']);
    expect((reason.value as Error).cause).toBeInstanceOf(SSLCertVerificationError);
    loop.close();
  });

  it('checks its arguments and state; transports without TLS say so', async () => {
    const loop = new VirtualEventLoop();
    const reports: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => reports.push(context));
    const r = new Reactor(loop);
    expect('startTLS' in new StringTransport()).toBe(false);
    const outcome = await loop.runUntilComplete(inlineCallbacks(function* () {
      const port: ListeningPort = yield* r.listenTCP(0, Factory.forProtocol(LineReceiver), { interface: '127.0.0.1' });
      const client: LineReceiver = yield* new ClientCreator(r, LineReceiver).connectTCP('127.0.0.1', (port.getHost() as { port: number }).port);
      const transport = client.transport as ProtocolTransport;
      const lost = new Deferred<string>();
      client.connectionLost = (reason: Failure) => lost.callback(reason.type!.name);
      expect(() => transport.startTLS({ ca: cert })).toThrow(/servername/);
      expect(() => transport.startTLS(null as never)).toThrow(InvalidArgumentError);
      transport.startTLS({ ca: cert, servername: 'localhost' });
      expect(() => transport.startTLS({ ca: cert, servername: 'localhost' })).toThrow(InvalidStateError);
      const reason: string = yield* lost;
      yield* port.stopListening();
      return reason;
    })());
    // The in-memory loop cannot upgrade: the report says why, and the connection ends.
    expect(outcome).toBe('ConnectionDone');
    expect(reports.map((report) => report.exception)).toEqual([expect.any(NotImplementedError)]);
    loop.close();
  });
});

describe('Reactor.startTls', () => {
  it('delegates to its loop; the future belongs to the reactor', async () => {
    const loop = new NodeEventLoop();
    const r = new Reactor(loop, { pep3156: true });
    let accepted: Transport | null = null;
    const serverProtocol = {
      connectionMade: (t: Transport) => {
        accepted = t;
      },
    };
    const outcome = await r.runUntilComplete(
      (function* () {
        const server = yield* r.createServer(() => serverProtocol, { host: '127.0.0.1', port: 0 });
        const { port } = server.addresses()[0] as { port: number };
        const client = {};
        const [plain] = yield* r.createConnection(() => client, { host: '127.0.0.1', port });
        while (accepted === null) yield* sleepTurn(r);
        const serverSide = r.startTls(accepted, serverProtocol, { key, cert }, { serverSide: true });
        const clientSide = r.startTls(plain, client, { ca: cert }, { serverHostname: 'localhost' });
        const owners = [serverSide.getLoop() === r, clientSide.getLoop() === r];
        const secure = yield* clientSide;
        (yield* serverSide).close();
        secure.close();
        // The Server is the underlying loop's (its waitClosed() future too): close it, no wait.
        server.close();
        return owners;
      })(),
    );
    expect(outcome).toEqual([true, true]);
    loop.close();
  });
});

/** Completes on the loop's next iteration. */
function sleepTurn(loop: Reactor) {
  const future = loop.createFuture<void>();
  loop.callSoon(() => future.setResult(undefined));
  return future;
}
