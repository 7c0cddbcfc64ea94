/**
 * Networking conformance, real kernel only: what an in-memory network cannot show, so these
 * tests are registered only for loops on real sockets (`realKernel: true`). TLS (handshake,
 * certificate and host name verification, handshake timeout), UNIX sockets, DNS failure, IPv6,
 * a reset sent by the peer's kernel, and closing the loop leaving no handle in the process
 * (`process.getActiveResourcesInfo()`).
 */
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConnectionError,
  FileNotFoundError,
  LoopClosedError,
  NameResolutionError,
  SSLCertVerificationError,
  TimeoutError,
  type Coroutine,
  type EventLoop,
  type Future,
  type Transport,
} from '@async/loop';
import type { Socket } from 'node:net';
import { nodeTurns } from './suite-context.js';
import { testTlsCredentials } from '../test-certificate.js';
import {
  Accepted,
  EchoProtocol,
  HOST,
  type NetworkTest,
  PausedReader,
  Recorder,
  closeServer,
  connectRecorder,
  echoServer,
  expectFailure,
  listen,
  pattern,
  sameBytes,
  tcpPort,
  utf8,
} from './networking-kit.js';

/** Names of the libuv handles that sockets and servers hold. */
const NET_HANDLES = /^(TCPSocketWrap|TCPServerWrap|PipeWrap|PipeServerWrap|TLSWrap)$/;

let socketCounter = 0;
/** A fresh UNIX socket path in the system's temporary directory. */
function socketPath(): string {
  return join(tmpdir(), `async-loop-${process.pid}-${socketCounter++}.sock`);
}

/** How many network handles the process holds. */
function networkHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => NET_HANDLES.test(name)).length;
}

/** Registers the real-kernel tests; `newLoop` gives a loop that is closed after the test. */
export function describeKernelNetworking(test: NetworkTest, newLoop: () => EventLoop): void {
  describe('real kernel', () => {
    describe('TLS', () => {
      const { cert, key } = testTlsCredentials();

      test('echoes over TLS with the certificate verified; peercert and cipher are known', function* (loop) {
        const server = yield* loop.createServer(() => new EchoProtocol(), { host: HOST, port: 0, tls: { key, cert } });
        const client = new Recorder(loop);
        const [transport] = yield* loop.createConnection(() => client, {
          host: HOST,
          port: tcpPort(server),
          tls: { ca: cert },
          serverHostname: 'localhost',
        });
        const data = pattern(300_000, 1);
        transport.write(data);
        yield* client.waitFor(data.length);
        expect(sameBytes(client.bytes(), data)).toBe(true);
        expect(transport.getExtraInfo('peercert')).toMatchObject({ subject: { CN: 'localhost' } });
        expect(transport.getExtraInfo('cipher')).toMatchObject({ name: expect.any(String), version: expect.any(String) });
        transport.close();
        expect(yield* client.lost).toBeNull();
        yield* closeServer(server);
      });

      test('checks the certificate against the IP address when connecting by address', function* (loop) {
        const server = yield* loop.createServer(() => new EchoProtocol(), { host: HOST, port: 0, tls: { key, cert } });
        const [transport, client] = yield* connectTls(loop, tcpPort(server), { ca: cert });
        transport.write(utf8('by address'));
        yield* client.waitFor(10);
        transport.close();
        yield* client.lost;
        yield* closeServer(server);
      });

      test('an untrusted certificate fails with SSLCertVerificationError, and the server carries on', function* (loop) {
        const server = yield* loop.createServer(() => new EchoProtocol(), { host: HOST, port: 0, tls: { key, cert } });
        const port = tcpPort(server);
        const error = yield* expectFailure(
          () => loop.createConnection(() => ({}), { host: HOST, port, tls: true }),
          SSLCertVerificationError,
        );
        expect(error.cause).toBeInstanceOf(Error);
        const [transport, client] = yield* connectTls(loop, port, { ca: cert });
        transport.write(utf8('fine'));
        yield* client.waitFor(4);
        transport.close();
        yield* client.lost;
        yield* closeServer(server);
      });

      test('a certificate for another host name fails verification', function* (loop) {
        const server = yield* loop.createServer(() => new EchoProtocol(), { host: HOST, port: 0, tls: { key, cert } });
        yield* expectFailure(
          () =>
            loop.createConnection(() => ({}), {
              host: HOST,
              port: tcpPort(server),
              tls: { ca: cert },
              serverHostname: 'not-this-host.example',
            }),
          SSLCertVerificationError,
        );
        yield* closeServer(server);
      });

      test('rejectUnauthorized: false turns verification off', function* (loop) {
        const server = yield* loop.createServer(() => new EchoProtocol(), { host: HOST, port: 0, tls: { key, cert } });
        const [transport, client] = yield* connectTls(loop, tcpPort(server), { rejectUnauthorized: false });
        transport.write(utf8('unchecked'));
        yield* client.waitFor(9);
        transport.close();
        yield* client.lost;
        yield* closeServer(server);
      });

      test('a handshake that never completes fails with TimeoutError after the timeout', function* (loop) {
        const { server, port } = yield* listen(loop, () => ({}));
        yield* expectFailure(
          () => loop.createConnection(() => ({}), { host: HOST, port, tls: { ca: cert }, timeout: 0.05 }),
          TimeoutError,
        );
        yield* closeServer(server);
      });
    });

    describe('UNIX sockets', () => {
      test('echoes over a UNIX socket; the addresses are the path', function* (loop) {
        const path = socketPath();
        const accepted = new Accepted(loop);
        const server = yield* loop.createServer(accepted.factory, { path });
        expect(server.addresses()).toEqual([path]);
        const client = new Recorder(loop);
        const [transport] = yield* loop.createConnection(() => client, { path });
        expect(transport.getExtraInfo('peername')).toBe(path);
        const peer = yield* accepted.nth(0);
        const peerTransport = yield* peer.made;
        expect(peerTransport.getExtraInfo('sockname')).toBe(path);
        const data = pattern(100_000, 2);
        transport.write(data);
        transport.writeEof();
        yield* peer.eof;
        expect(sameBytes(peer.bytes(), data)).toBe(true);
        yield* client.lost;
        yield* closeServer(server);
      });

      test('connecting to a path nobody created fails with FileNotFoundError', function* (loop) {
        yield* expectFailure(() => loop.createConnection(() => ({}), { path: socketPath() }), FileNotFoundError);
      });
    });

    test('an unknown host name fails with NameResolutionError', function* (loop) {
      const error = yield* expectFailure(
        () => loop.createConnection(() => ({}), { host: 'no-such-host.invalid', port: 80 }),
        NameResolutionError,
      );
      expect(error.message).toMatch(/resolve/);
    });

    test('echoes over IPv6', function* (loop) {
      const server = yield* loop.createServer(() => new EchoProtocol(), { host: '::1', port: 0 });
      const client = new Recorder(loop);
      const [transport] = yield* loop.createConnection(() => client, { host: '::1', port: tcpPort(server) });
      expect(transport.getExtraInfo('peername')).toMatchObject({ address: '::1', port: tcpPort(server) });
      transport.write(utf8('six'));
      yield* client.waitFor(3);
      transport.close();
      yield* client.lost;
      yield* closeServer(server);
    });

    test('a reset from the peer while we write ends the connection with a ConnectionError, nothing thrown', function* (loop) {
      const accepted = new Accepted(loop, () => new PausedReader(loop));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      const peerTransport = yield* peer.made;
      transport.write(new Uint8Array(4 << 20).fill(3));
      expect(transport.getWriteBufferSize()).toBeGreaterThan(0);
      (peerTransport.getExtraInfo('socket') as Socket).resetAndDestroy();
      const error = yield* client.lost;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(['ECONNRESET', 'EPIPE']).toContain((error as ConnectionError).code);
      expect(transport.getWriteBufferSize()).toBe(0);
      expect(() => transport.write(utf8('more'))).not.toThrow();
      yield* peer.lost;
      yield* closeServer(server);
    });

    it('closing the loop ends every server, connection and attempt: no handle is left', async () => {
      const { cert, key } = testTlsCredentials();
      await nodeTurns(2);
      const before = networkHandles();
      const loop = newLoop();
      let pending: Future<unknown> | null = null;
      const clients: Recorder[] = [];
      await loop.runUntilComplete(
        (function* () {
          const { port } = yield* echoServer(loop);
          yield* loop.createServer(() => new EchoProtocol(), { path: socketPath() });
          const tlsServer = yield* loop.createServer(() => new EchoProtocol(), { host: HOST, port: 0, tls: { key, cert } });
          for (let i = 0; i < 3; i++) clients.push((yield* connectRecorder(loop, port))[1]);
          clients.push((yield* connectTls(loop, tcpPort(tlsServer), { ca: cert }))[1]);
          // Leave megabytes buffered in one transport, and one connection attempt under way: a
          // TLS handshake with a plain server that never answers.
          clients[0]!.transport!.write(new Uint8Array(16 << 20));
          const silent = yield* listen(loop, () => ({}));
          pending = loop.createConnection(() => ({}), { host: HOST, port: silent.port, tls: { ca: cert } });
        })(),
      );
      expect(networkHandles()).toBeGreaterThan(before);
      const eventsAtClose = clients.map((client) => [...client.events]);
      loop.close();
      // Handles are released at the end of the libuv turn in which they were closed.
      await nodeTurns(2);
      expect(networkHandles()).toBe(before);
      expect((pending as Future<unknown> | null)?.exception()).toBeInstanceOf(LoopClosedError);
      // No protocol callback runs once the loop is closed.
      expect(clients.map((client) => client.events)).toEqual(eventsAtClose);
      expect(clients.every((client) => !client.events.includes('lost'))).toBe(true);
    });
  });
}

/** Connects a `Recorder` over TLS to `HOST:port` with the given `node:tls` options. */
function* connectTls(loop: EventLoop, port: number, tls: object): Coroutine<readonly [Transport, Recorder]> {
  const client = new Recorder(loop);
  const [transport] = yield* loop.createConnection(() => client, { host: HOST, port, tls });
  return [transport, client] as const;
}
