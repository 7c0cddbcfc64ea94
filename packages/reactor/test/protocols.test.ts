// Twisted-style protocols over the core transports: real TCP (127.0.0.1, port 0) and UNIX
// sockets for the reactor's listen/connect methods, and a fake transport for the framing rules
// of the basic protocols.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NodeEventLoop } from '@async/loop';
import { VirtualEventLoop, testTlsCredentials } from '@async/loop-testing';
import {
  CannotListenError,
  ClientCreator,
  ClientFactory,
  ConnectError,
  ConnectionDone,
  Deferred,
  Factory,
  IPv4Address,
  Int32StringReceiver,
  LineOnlyReceiver,
  LineReceiver,
  NetstringParseError,
  NetstringReceiver,
  Protocol,
  Reactor,
  StringTransport,
  UNIXAddress,
  inlineCallbacks,
  type Connector,
  type Failure,
  type ListeningPort,
} from '@async/reactor';

const text = (b: Uint8Array): string => Buffer.from(b).toString();

class Echo extends LineReceiver {
  override lineReceived(line: Uint8Array): void {
    if (text(line) === 'quit') this.transport!.loseConnection();
    else this.sendLine(`echo ${text(line)}`);
  }
}

class Collector extends LineReceiver {
  lines: string[] = [];
  // Fired with the reason's class name: a Failure passed to callback() would take the errback path.
  lost = new Deferred<string>();
  override lineReceived(line: Uint8Array): void {
    this.lines.push(text(line));
  }
  override connectionLost(reason: Failure): void {
    this.lost.callback(reason.type!.name);
  }
}

describe('listenTCP / connectTCP over real sockets', () => {
  it('serves a LineReceiver; the client sees lines, addresses and a clean ConnectionDone', async () => {
    const loop = new NodeEventLoop();
    const r = new Reactor(loop);
    const run = inlineCallbacks(function* () {
      const port: ListeningPort = yield* r.listenTCP(0, Factory.forProtocol(Echo), { interface: '127.0.0.1' });
      const host = port.getHost() as IPv4Address;
      expect(host).toBeInstanceOf(IPv4Address);
      const client: Collector = yield* new ClientCreator(r, Collector).connectTCP('127.0.0.1', host.port);
      expect((client.transport!.getPeer() as IPv4Address).port).toBe(host.port);
      client.transport!.writeSequence(['hello\r\n', 'wor', 'ld\r\nquit\r\n']);
      const reason: string = yield* client.lost;
      yield* port.stopListening();
      return [client.lines, reason === ConnectionDone.name];
    });
    expect(await loop.runUntilComplete(run())).toEqual([['echo hello', 'echo world'], true]);
    loop.close();
  });

  it('CannotListenError on a port in use; the factory hears a refused connection', async () => {
    const loop = new NodeEventLoop();
    const r = new Reactor(loop);
    const events: string[] = [];
    class Watcher extends ClientFactory {
      override protocol = Protocol;
      override clientConnectionFailed(_c: Connector, reason: Failure): void {
        events.push(`failed ${reason.type?.name}`);
        done.callback(undefined);
      }
      override stopFactory(): void {
        events.push('stopFactory');
      }
    }
    const done = new Deferred<void>();
    const run = inlineCallbacks(function* () {
      const port: ListeningPort = yield* r.listenTCP(0, Factory.forProtocol(Protocol), { interface: '127.0.0.1' });
      const used = (port.getHost() as IPv4Address).port;
      try {
        yield* r.listenTCP(used, Factory.forProtocol(Protocol), { interface: '127.0.0.1' });
      } catch (error) {
        events.push((error as Error).name);
      }
      yield* port.stopListening();
      const connector = r.connectTCP('127.0.0.1', used, new Watcher());
      expect(connector.getDestination()).toEqual(new IPv4Address('TCP', '127.0.0.1', used));
      yield* done;
      return events;
    });
    expect(await loop.runUntilComplete(run())).toEqual(['CannotListenError', 'failed ConnectError', 'stopFactory']);
    expect(new CannotListenError('', 1, new Error('x')).message).toContain(":1: x");
    expect(new ConnectError()).toBeInstanceOf(Error);
    loop.close();
  });

  it('listenUNIX / connectUNIX, and clientConnectionLost when the server hangs up', async () => {
    const loop = new NodeEventLoop();
    const r = new Reactor(loop);
    const path = join(tmpdir(), `reactor-test-${process.pid}-${Date.now()}.sock`);
    class Greeter extends Protocol {
      override connectionMade(): void {
        this.transport!.write('hi\r\n');
        this.transport!.loseConnection();
      }
    }
    const lost = new Deferred<string>();
    class Client extends ClientFactory<Collector> {
      override protocol = Collector;
      override clientConnectionLost(_c: Connector, reason: Failure): void {
        lost.callback(reason.type!.name);
      }
    }
    const run = inlineCallbacks(function* () {
      const port: ListeningPort = yield* r.listenUNIX(path, Factory.forProtocol(Greeter));
      expect(port.getHost()).toEqual(new UNIXAddress(path));
      r.connectUNIX(path, new Client());
      const why: string = yield* lost;
      yield* port.stopListening();
      return why;
    });
    expect(await loop.runUntilComplete(run())).toBe('ConnectionDone');
    loop.close();
  });

  it('listenSSL / connectSSL with the test certificate', async () => {
    const loop = new NodeEventLoop();
    const r = new Reactor(loop);
    const { cert, key } = testTlsCredentials();
    const run = inlineCallbacks(function* () {
      const port: ListeningPort = yield* r.listenSSL(0, Factory.forProtocol(Echo), { cert, key }, { interface: '127.0.0.1' });
      const { port: portNumber } = port.getHost() as IPv4Address;
      const client = new Collector();
      const factory = new ClientFactory<Collector>();
      factory.buildProtocol = () => client;
      r.connectSSL('127.0.0.1', portNumber, factory, { ca: cert, servername: 'localhost' });
      const connected = new Deferred<void>();
      const made = client.connectionMade.bind(client);
      client.connectionMade = () => {
        made();
        connected.callback(undefined);
      };
      yield* connected;
      client.sendLine('over tls');
      client.sendLine('quit');
      const reason: string = yield* client.lost;
      yield* port.stopListening();
      return [client.lines, reason];
    });
    expect(await loop.runUntilComplete(run())).toEqual([['echo over tls'], 'ConnectionDone']);
    loop.close();
  });

  it('runs on the VirtualEventLoop\'s in-memory network, deterministically', async () => {
    const loop = new VirtualEventLoop();
    const r = new Reactor(loop);
    const run = inlineCallbacks(function* () {
      const port: ListeningPort = yield* r.listenTCP(8123, Factory.forProtocol(Echo), { interface: '127.0.0.1' });
      const client: Collector = yield* new ClientCreator(r, Collector).connectTCP('127.0.0.1', 8123);
      client.sendLine('virtual');
      client.sendLine('quit');
      const reason: string = yield* client.lost;
      yield* port.stopListening();
      return [client.lines, reason];
    });
    expect(await loop.runUntilComplete(run())).toEqual([['echo virtual'], 'ConnectionDone']);
    loop.close();
  });

  it('bad arguments are InvalidArgumentError before anything is opened', () => {
    const r = new Reactor(new NodeEventLoop());
    expect(() => r.listenTCP(70000, new Factory())).toThrow(InvalidArgumentError);
    expect(() => r.listenTCP(0, {} as never)).toThrow(InvalidArgumentError);
    expect(() => r.connectTCP('', 1, new ClientFactory())).toThrow(InvalidArgumentError);
    expect(() => r.connectTCP('127.0.0.1', 1, new ClientFactory(), { timeout: -1 })).toThrow(InvalidArgumentError);
    expect(() => r.listenUNIX('', new Factory())).toThrow(InvalidArgumentError);
    expect(() => new Factory().buildProtocol(new IPv4Address('TCP', 'h', 1))).toThrow(/protocol is not set/);
    r.close();
  });
});

function connect<P extends Protocol>(p: P): StringTransport & { lost: boolean; written: Buffer[] } {
  const t = new StringTransport();
  p.makeConnection(t);
  return Object.defineProperties(t, {
    lost: { get: () => t.disconnecting },
    written: { get: () => [t.value()] },
  }) as StringTransport & { lost: boolean; written: Buffer[] };
}

describe('LineReceiver', () => {
  it('splits lines across chunks, switches to raw mode and back', () => {
    const seen: string[] = [];
    class P extends LineReceiver {
      override lineReceived(line: Uint8Array): void {
        seen.push(`line ${text(line)}`);
        if (text(line) === 'raw') this.setRawMode();
      }
      override rawDataReceived(data: Uint8Array): void {
        seen.push(`raw ${text(data)}`);
        this.setLineMode(data.subarray(3));
      }
    }
    const p = new P();
    connect(p);
    p.dataReceived(Buffer.from('a\r'));
    p.dataReceived(Buffer.from('\nraw\r\nxyzb\r\nc'));
    expect(seen).toEqual(['line a', 'line raw', 'raw xyzb\r\nc', 'line b']);
  });

  it('calls lineLengthExceeded past MAX_LENGTH, which drops the connection', () => {
    const seen: string[] = [];
    class P extends LineReceiver {
      override MAX_LENGTH = 5;
      override lineReceived(line: Uint8Array): void {
        seen.push(text(line));
      }
    }
    const p = new P();
    const t = connect(p);
    p.dataReceived(Buffer.from('12345\r\n123456\r\nnext\r\n'));
    expect(seen).toEqual(['12345']);
    expect(t.lost).toBe(true);
    const q = new P();
    const t2 = connect(q);
    q.dataReceived(Buffer.from('1234567'));
    expect(t2.lost).toBe(true);
  });

  it('pauseProducing holds lines back until resumeProducing', () => {
    const seen: string[] = [];
    class P extends LineReceiver {
      override lineReceived(line: Uint8Array): void {
        seen.push(text(line));
        if (seen.length === 1) this.pauseProducing();
      }
    }
    const p = new P();
    connect(p);
    p.dataReceived(Buffer.from('1\r\n2\r\n3\r\n'));
    expect(seen).toEqual(['1']);
    p.resumeProducing();
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('sendLine appends the delimiter; LineOnlyReceiver splits lines too', () => {
    const p = new Echo();
    const t = connect(p);
    p.dataReceived(Buffer.from('x\r\n'));
    expect(Buffer.concat(t.written).toString()).toBe('echo x\r\n');
    const seen: string[] = [];
    class O extends LineOnlyReceiver {
      override delimiter = '\n';
      override lineReceived(line: Uint8Array): void {
        seen.push(text(line));
      }
    }
    const o = new O();
    connect(o);
    o.dataReceived(Buffer.from('a\nb'));
    o.dataReceived(Buffer.from('c\n'));
    expect(seen).toEqual(['a', 'bc']);
    expect(() => p.sendLine(3 as never)).toThrow(InvalidArgumentError);
  });
});

describe('NetstringReceiver and Int32StringReceiver', () => {
  it('frames and parses netstrings; bad input is a NetstringParseError that drops the peer', () => {
    const seen: string[] = [];
    class N extends NetstringReceiver {
      override stringReceived(s: Uint8Array): void {
        seen.push(text(s));
      }
    }
    const n = new N();
    const t = connect(n);
    n.sendString('hello');
    expect(Buffer.concat(t.written).toString()).toBe('5:hello,');
    n.dataReceived(Buffer.from('3:abc,0:,'));
    n.dataReceived(Buffer.from('2:x'));
    n.dataReceived(Buffer.from('y,'));
    expect(seen).toEqual(['abc', '', 'xy']);
    n.dataReceived(Buffer.from('2:xyz'));
    expect(n.brokenPeer).toBe(true);
    expect(n.parseError).toBeInstanceOf(NetstringParseError);
    expect(t.lost).toBe(true);
    const m = new N();
    const t2 = connect(m);
    m.dataReceived(Buffer.from('100000:'));
    expect(m.parseError?.message).toMatch(/larger than MAX_LENGTH/);
    expect(t2.lost).toBe(true);
  });

  it('Int32StringReceiver frames with a big-endian length and enforces MAX_LENGTH', () => {
    const seen: string[] = [];
    let exceeded = 0;
    class I extends Int32StringReceiver {
      override MAX_LENGTH = 10;
      override stringReceived(s: Uint8Array): void {
        seen.push(text(s));
      }
      override lengthLimitExceeded(length: number): void {
        exceeded = length;
      }
    }
    const i = new I();
    const t = connect(i);
    i.sendString('abc');
    const frame = Buffer.concat(t.written);
    expect([...frame]).toEqual([0, 0, 0, 3, 97, 98, 99]);
    i.dataReceived(frame.subarray(0, 2));
    i.dataReceived(Buffer.concat([frame.subarray(2), frame]));
    expect(seen).toEqual(['abc', 'abc']);
    i.dataReceived(Buffer.from([0, 0, 0, 11]));
    expect(exceeded).toBe(11);
  });
});

describe('StringTransport', () => {
  it('records writes, addresses, closing and producer state', () => {
    const t = new StringTransport();
    const p = new Echo();
    p.makeConnection(t);
    p.dataReceived(Buffer.from('a\r\n'));
    expect(t.value().toString()).toBe('echo a\r\n');
    t.clear();
    t.writeSequence(['x', new Uint8Array([121])]);
    expect(t.value().toString()).toBe('xy');
    expect(t.getPeer()).toBeInstanceOf(IPv4Address);
    p.pauseProducing();
    expect(t.producerState).toBe('paused');
    p.resumeProducing();
    expect(t.producerState).toBe('producing');
    t.abortConnection();
    expect([t.disconnecting, t.aborted]).toEqual([true, true]);
    expect(() => t.write(5 as never)).toThrow(InvalidArgumentError);
  });
});
