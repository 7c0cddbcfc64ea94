// startTls() on NodeEventLoop beyond the conformance suite: bytes on either side of the upgrade
// (written in clear before it, read by the socket but not yet delivered), a new protocol taking
// over, client certificates, IP addresses as serverHostname, and every way an upgrade can end
// early (old transport closed, peer gone, loop closed) leaving no socket or handle behind.
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import {
  ConnectionAbortedError,
  ConnectionResetError,
  InvalidStateError,
  LoopClosedError,
  NodeEventLoop,
  SSLCertVerificationError,
  type Coroutine,
  type Future,
  type Protocol,
  type Server,
  type Transport,
} from '@async/loop';
import { cert, key } from './test-certificate.js';

let loop: NodeEventLoop;
afterEach(() => {
  if (loop !== undefined && !loop.isRunning() && !loop.isClosed()) loop.close();
});

/** Keeps the bytes received; futures for the connection, each byte count and the end. */
class Peer implements Protocol {
  transport: Transport | null = null;
  readonly chunks: Buffer[] = [];
  size = 0;
  lostCount = 0;
  /** Called for each chunk, after it is kept. */
  onData: ((peer: Peer) => void) | null = null;
  readonly made: Future<Transport> = loop.createFuture();
  readonly lost: Future<Error | null> = loop.createFuture();
  private _waiters: Array<[number, Future<void>]> = [];
  connectionMade(transport: Transport): void {
    this.transport = transport;
    this.made.setResult(transport);
  }
  dataReceived(data: Uint8Array): void {
    this.chunks.push(Buffer.from(data));
    this.size += data.length;
    this._waiters = this._waiters.filter(([count, future]) => {
      if (this.size < count) return true;
      future.setResult(undefined);
      return false;
    });
    this.onData?.(this);
  }
  connectionLost(error: Error | null): void {
    this.lostCount++;
    if (!this.lost.done()) this.lost.setResult(error);
  }
  /** Everything received so far. */
  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }
  /** Resolves once `count` bytes have arrived in all. */
  waitFor(count: number): Future<void> {
    const future = loop.createFuture<void>();
    if (this.size >= count) future.setResult(undefined);
    else this._waiters.push([count, future]);
    return future;
  }
}

function portOf(server: Server): number {
  return (server.addresses()[0] as { port: number }).port;
}

/** A plain server whose single connection's protocol is `peer`; plus a client connected to it. */
function* pair(peer: Peer): Coroutine<{ server: Server; transport: Transport; client: Peer }> {
  const server = yield* loop.createServer(() => peer, { host: '127.0.0.1', port: 0 });
  const client = new Peer();
  const [transport] = yield* loop.createConnection(() => client, { host: '127.0.0.1', port: portOf(server) });
  yield* peer.made;
  return { server, transport, client };
}

/** Waits, a loop turn at a time, until `condition()` holds. */
function* until(condition: () => boolean): Coroutine<void> {
  while (!condition()) {
    const turn = loop.createFuture<void>();
    loop.callLater(0.001, () => turn.setResult(undefined));
    yield* turn;
  }
}

/** The error `future` fails with; fails the test if it succeeds. */
function* failureOf(future: Future<unknown>): Coroutine<unknown> {
  try {
    yield* future;
  } catch (error) {
    return error;
  }
  throw new Error('expected the upgrade to fail, but it succeeded');
}

/** Waits for `future` to settle, whichever way. */
function* settled(future: Future<unknown>): Coroutine<void> {
  try {
    yield* future;
  } catch {
    // Either way is fine here.
  }
}

function* closeServer(server: Server): Coroutine<void> {
  server.close();
  yield* server.waitClosed();
}

describe('startTls() on NodeEventLoop', () => {
  it('sends bytes written before the upgrade in clear first, even megabytes still buffered', async () => {
    loop = new NodeEventLoop();
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const peer = new Peer();
        const { server, transport, client } = yield* pair(peer);
        const clear = Buffer.alloc(4 << 20, 'c');
        peer.transport!.write(clear);
        // Still in Node's buffer when the upgrade starts: it must leave before the handshake.
        expect(peer.transport!.getWriteBufferSize()).toBeGreaterThan(0);
        const serverSide = loop.startTls(peer.transport!, peer, { key, cert }, { serverSide: true });
        yield* client.waitFor(clear.length);
        expect(client.received.equals(clear)).toBe(true);
        const secure = yield* loop.startTls(transport, client, { ca: cert }, { serverHostname: 'localhost' });
        const peerSecure = yield* serverSide;
        secure.write(Buffer.from('over tls'));
        yield* peer.waitFor(8);
        expect(peer.received.toString()).toBe('over tls');
        expect(peerSecure.getExtraInfo('cipher')).toMatchObject({ name: expect.any(String) });
        secure.close();
        yield* peer.lost;
        yield* closeServer(server);
      })(),
    );
  });

  it('hands bytes the socket read while paused to the TLS layer, and a new protocol takes over', async () => {
    loop = new NodeEventLoop();
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const peer = new Peer();
        const asked = loop.createFuture<void>();
        peer.onData = (p) => {
          // A server that reads the request and pauses before deciding to upgrade.
          if (p.received.toString() === 'STARTTLS\r\n') {
            p.transport!.pauseReading();
            asked.setResult(undefined);
          }
        };
        const { server, transport, client } = yield* pair(peer);
        transport.write(Buffer.from('STARTTLS\r\n'));
        yield* asked;
        // The client starts at once: its hello reaches the paused server's socket buffer.
        const clientSide = loop.startTls(transport, client, { ca: cert }, { serverHostname: 'localhost' });
        const raw = peer.transport!.getExtraInfo('socket') as Socket;
        yield* until(() => raw.bytesRead > 'STARTTLS\r\n'.length);
        const successor = new Peer();
        const peerSecure = yield* loop.startTls(peer.transport!, successor, { key, cert }, { serverSide: true });
        const secure = yield* clientSide;
        expect(peerSecure.getProtocol()).toBe(successor);
        secure.write(Buffer.from('to the successor'));
        yield* successor.waitFor(16);
        expect(successor.received.toString()).toBe('to the successor');
        expect(peer.received.toString()).toBe('STARTTLS\r\n');
        peerSecure.close();
        expect(yield* client.lost).toBeNull();
        expect(yield* successor.lost).toBeNull();
        expect(peer.lostCount).toBe(0);
        yield* closeServer(server);
      })(),
    );
  });

  it('verifies client certificates with requestCert, and refuses an untrusted one', async () => {
    loop = new NodeEventLoop();
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        for (const trusted of [true, false]) {
          const peer = new Peer();
          const { server, transport, client } = yield* pair(peer);
          const serverTls = trusted ? { key, cert, requestCert: true, ca: cert } : { key, cert, requestCert: true };
          const serverSide = loop.startTls(peer.transport!, peer, serverTls, { serverSide: true });
          const clientSide = loop.startTls(transport, client, { ca: cert, key, cert }, { serverHostname: 'localhost' });
          if (trusted) {
            const peerSecure = yield* serverSide;
            expect(peerSecure.getExtraInfo('peercert')).toMatchObject({ subject: { CN: 'localhost' } });
            (yield* clientSide).close();
            yield* peer.lost;
          } else {
            const error = yield* failureOf(serverSide);
            expect(error).toBeInstanceOf(SSLCertVerificationError);
            expect(yield* peer.lost).toBe(error);
            // With TLS 1.3 the client may finish its side first; either way its connection ends.
            // Its handshake failed too.
            yield* settled(clientSide);
            yield* client.lost;
          }
          yield* closeServer(server);
        }
      })(),
    );
  });

  it('checks the certificate against an IP address given as serverHostname; rejectUnauthorized: false needs none', async () => {
    loop = new NodeEventLoop();
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        for (const [clientTls, options] of [
          [{ ca: cert }, { serverHostname: '127.0.0.1' }],
          [{ rejectUnauthorized: false }, {}],
        ] as const) {
          const peer = new Peer();
          const { server, transport, client } = yield* pair(peer);
          const serverSide = loop.startTls(peer.transport!, peer, { key, cert }, { serverSide: true });
          const secure = yield* loop.startTls(transport, client, clientTls, options);
          yield* serverSide;
          secure.close();
          yield* peer.lost;
          yield* closeServer(server);
        }
        const peer = new Peer();
        const { server, transport, client } = yield* pair(peer);
        const serverSide = loop.startTls(peer.transport!, peer, { key, cert }, { serverSide: true });
        const error = yield* failureOf(loop.startTls(transport, client, { ca: cert }, { serverHostname: '127.0.0.2' }));
        expect(error).toBeInstanceOf(SSLCertVerificationError);
        expect((error as SSLCertVerificationError).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
        // The server's handshake fails too.
        yield* settled(serverSide);
        yield* peer.lost;
        yield* closeServer(server);
      })(),
    );
  });

  it('closing the old transport mid-upgrade fails it with ConnectionAbortedError; the protocol gets connectionLost(null)', async () => {
    loop = new NodeEventLoop();
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const peer = new Peer();
        const { server, transport, client } = yield* pair(peer);
        const upgrading = loop.startTls(transport, client, { ca: cert }, { serverHostname: 'localhost' });
        expect(() => transport.writeEof()).toThrow(InvalidStateError);
        expect(transport.isReading()).toBe(false);
        transport.resumeReading();
        expect(transport.isReading()).toBe(false);
        transport.close();
        const error = yield* failureOf(upgrading);
        expect(error).toBeInstanceOf(ConnectionAbortedError);
        expect(yield* client.lost).toBeNull();
        expect(client.lostCount).toBe(1);
        yield* peer.lost;
        yield* closeServer(server);
      })(),
    );
  });

  it('a peer that closes before answering fails the upgrade with ConnectionResetError', async () => {
    loop = new NodeEventLoop();
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const peer = new Peer();
        peer.onData = (p) => p.transport!.close();
        const { server, transport, client } = yield* pair(peer);
        const error = yield* failureOf(loop.startTls(transport, client, { ca: cert }, { serverHostname: 'localhost' }));
        expect(error).toBeInstanceOf(ConnectionResetError);
        expect(yield* client.lost).toBe(error);
        yield* closeServer(server);
      })(),
    );
  });

  it('loop.close() during a handshake fails startTls() with LoopClosedError and leaves no socket open', async () => {
    // Sockets of earlier tests release their handles within a turn or two of Node's loop.
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    loop = new NodeEventLoop();
    const before = process.getActiveResourcesInfo().filter((name) => /TCP|TLS/.test(name)).length;
    let upgrading: Future<Transport> | null = null;
    let client: Peer | null = null;
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const peer = new Peer();
        const made = yield* pair(peer);
        client = made.client;
        upgrading = loop.startTls(made.transport, made.client, { ca: cert }, { serverHostname: 'localhost' });
        // The hello reached the silent peer: the handshake is under way.
        yield* peer.waitFor(1);
      })(),
    );
    loop.close();
    expect(upgrading!.exception()).toBeInstanceOf(LoopClosedError);
    // No protocol callback runs on a closed loop.
    expect(client!.lostCount).toBe(0);
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(process.getActiveResourcesInfo().filter((name) => /TCP|TLS/.test(name)).length).toBe(before);
  });
});
