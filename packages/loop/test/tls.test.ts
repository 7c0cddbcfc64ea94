// TLS on NodeEventLoop beyond the conformance suite: the Node error codes behind the typed
// verification errors, half-close over TLS, certificates checked against an IP given as
// serverHostname, the server's handshake timeout, and handshakes cut off by loop.close().
import { afterEach, describe, expect, it } from 'vitest';
import * as net from 'node:net';
import {
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

/** Keeps the text received and resolves futures at EOF and at the end of the connection. */
class Collector implements Protocol {
  transport: Transport | null = null;
  text = '';
  keepOpenOnEof = false;
  onEof: (() => void) | null = null;
  readonly made: Future<Transport> = loop.createFuture();
  readonly eof: Future<void> = loop.createFuture();
  readonly lost: Future<Error | null> = loop.createFuture();
  connectionMade(transport: Transport): void {
    this.transport = transport;
    this.made.setResult(transport);
  }
  dataReceived(data: Uint8Array): void {
    this.text += Buffer.from(data).toString();
  }
  eofReceived(): boolean {
    this.eof.setResult(undefined);
    this.onEof?.();
    return this.keepOpenOnEof;
  }
  connectionLost(error: Error | null): void {
    this.lost.setResult(error);
  }
}

function portOf(server: Server): number {
  return (server.addresses()[0] as net.AddressInfo).port;
}

function* tlsServer(factory: () => Protocol = () => ({})): Coroutine<Server> {
  return yield* loop.createServer(factory, { host: '127.0.0.1', port: 0, tls: { key, cert } });
}

function* verificationError(options: Record<string, unknown>): Coroutine<SSLCertVerificationError> {
  const server = yield* tlsServer();
  try {
    yield* loop.createConnection(() => ({}), { host: '127.0.0.1', port: portOf(server), ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(SSLCertVerificationError);
    return error as SSLCertVerificationError;
  } finally {
    server.close();
  }
  throw new Error('the connection was expected to fail verification');
}

describe('TLS on NodeEventLoop', () => {
  it('rejects a self-signed certificate with tls: true, keeping the OpenSSL code', async () => {
    loop = new NodeEventLoop();
    const error = await loop.runUntilComplete(verificationError({ tls: true }));
    expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.cause).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(error.message).toMatch(/connecting to 127\.0\.0\.1:\d+ failed: the peer's certificate was rejected/);
  });

  it('rejects a certificate for another host name (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
    loop = new NodeEventLoop();
    const error = await loop.runUntilComplete(verificationError({ tls: { ca: cert }, serverHostname: 'example.org' }));
    expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('checks an IP address given as serverHostname against the certificate', async () => {
    loop = new NodeEventLoop();
    const error = await loop.runUntilComplete(verificationError({ tls: { ca: cert }, serverHostname: '127.0.0.2' }));
    expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const server = yield* tlsServer();
        const [transport] = yield* loop.createConnection(() => ({}), {
          host: '127.0.0.1',
          port: portOf(server),
          tls: { ca: cert },
          serverHostname: '127.0.0.1',
        });
        transport.abort();
        server.close();
      })(),
    );
  });

  it('half-closes over TLS: the server answers after the client’s writeEof()', async () => {
    loop = new NodeEventLoop();
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const peer = new Collector();
        peer.keepOpenOnEof = true;
        let cipher: unknown;
        peer.onEof = () => {
          cipher = peer.transport!.getExtraInfo('cipher');
          peer.transport!.write(Buffer.from(`you said ${peer.text}`));
          peer.transport!.close();
        };
        const server = yield* tlsServer(() => peer);
        const client = new Collector();
        const [transport] = yield* loop.createConnection(() => client, {
          host: '127.0.0.1',
          port: portOf(server),
          tls: { ca: cert },
        });
        expect(transport.canWriteEof()).toBe(true);
        // The client sent no certificate.
        expect((yield* peer.made).getExtraInfo('peercert')).toBeUndefined();
        transport.write(Buffer.from('hello'));
        transport.writeEof();
        yield* client.eof;
        expect(client.text).toBe('you said hello');
        expect(yield* client.lost).toBeNull();
        expect(yield* peer.lost).toBeNull();
        expect(cipher).toMatchObject({ name: expect.any(String) });
        server.close();
        yield* server.waitClosed();
      })(),
    );
  });

  it('drops a client that never completes its handshake after tlsHandshakeTimeout', async () => {
    loop = new NodeEventLoop();
    const server = await loop.createServer(() => ({}), {
      host: '127.0.0.1',
      port: 0,
      tls: { key, cert },
      tlsHandshakeTimeout: 0.05,
    });
    const silent = net.connect(portOf(server), '127.0.0.1');
    silent.on('error', () => {});
    const closed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    await loop.runUntilComplete(closed);
    server.close();
  });

  it('loop.close() ends a handshake in progress', async () => {
    loop = new NodeEventLoop();
    const server = await loop.createServer(() => ({}), { host: '127.0.0.1', port: 0, tls: { key, cert } });
    const seen: string[] = [];
    const silent = net.connect(portOf(server), '127.0.0.1');
    silent.on('end', () => seen.push('end'));
    silent.on('error', (error: NodeJS.ErrnoException) => seen.push(`error ${error.code}`));
    await loop.runUntilComplete(
      (function* (): Coroutine<void> {
        const wait = loop.createFuture<void>();
        // Real time passes, so Node accepts the connection and starts the handshake.
        loop.callLater(0.01, () => wait.setResult(undefined));
        yield* wait;
      })(),
    );
    const closed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    loop.close();
    await closed;
    // Closed by the server (end of file), not reset by a kernel dropping an unaccepted connection.
    expect(seen).toEqual(['end']);
  });
});
