/**
 * Networking conformance, servers: the life of a `Server` from `createServer()` to
 * `waitClosed()`. Addresses and `isServing()`, `close()` leaving accepted connections alone,
 * `closeClients()`/`abortClients()`, `startServing: false`, `serveForever()` and its
 * cancellation, and the errors of binding a taken port or connecting where nobody listens.
 */
import { describe, expect } from 'vitest';
import { AddressInUseError, ConnectionRefusedError, InvalidStateError, type Server } from '@async/loop';
import {
  Accepted,
  HOST,
  type NetworkTest,
  closeServer,
  connectRecorder,
  echoServer,
  expectFailure,
  listen,
  utf8,
} from './networking-kit.js';

/** Registers the server tests. */
export function describeServers(test: NetworkTest): void {
  describe('servers', () => {
    test('reports its loop, its address and that it serves; close() stops that', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      expect(server.getLoop()).toBe(loop);
      expect(port).toBeGreaterThan(0);
      expect(server.addresses()).toEqual([expect.objectContaining({ address: HOST, port })]);
      expect(server.sockets).toEqual(server.addresses());
      expect(server.isServing()).toBe(true);
      server.close();
      server.close();
      expect(server.isServing()).toBe(false);
      expect(server.addresses()).toEqual([]);
      yield* server.waitClosed();
    });

    test('a port in use fails createServer() with AddressInUseError', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      yield* expectFailure(() => loop.createServer(() => ({}), { host: HOST, port }), AddressInUseError);
      yield* closeServer(server);
    });

    test('connecting where nobody listens fails with ConnectionRefusedError', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      yield* closeServer(server);
      yield* expectFailure(() => loop.createConnection(() => ({}), { host: HOST, port }), ConnectionRefusedError);
    });

    test('close() keeps accepted connections; waitClosed() waits for them', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      const [transport, client] = yield* connectRecorder(loop, port);
      server.close();
      const closed = server.waitClosed();
      transport.write(utf8('still here'));
      yield* client.waitFor(10);
      expect(client.text()).toBe('still here');
      expect(closed.done()).toBe(false);
      transport.close();
      yield* client.lost;
      yield* closed;
      yield* server.waitClosed();
    });

    test('closeClients() closes every accepted connection, flushing it', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const clients = [];
      for (let i = 0; i < 3; i++) clients.push(yield* connectRecorder(loop, port));
      for (let i = 0; i < 3; i++) yield* (yield* accepted.nth(i)).made;
      for (const peer of accepted.protocols) peer.transport!.write(utf8('bye'));
      server.close();
      server.closeClients();
      for (const [, client] of clients) {
        yield* client.eof;
        expect(client.text()).toBe('bye');
        yield* client.lost;
      }
      for (const peer of accepted.protocols) expect(yield* peer.lost).toBeNull();
      yield* server.waitClosed();
    });

    test('abortClients() aborts every accepted connection', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const clients = [];
      for (let i = 0; i < 3; i++) clients.push(yield* connectRecorder(loop, port));
      for (let i = 0; i < 3; i++) yield* (yield* accepted.nth(i)).made;
      server.abortClients();
      for (const peer of accepted.protocols) expect(yield* peer.lost).toBeNull();
      for (const [, client] of clients) yield* client.lost;
      expect(server.isServing()).toBe(true);
      yield* closeServer(server);
    });

    test('startServing: false binds the address and serves only after startServing()', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory, { startServing: false });
      expect(port).toBeGreaterThan(0);
      expect(server.isServing()).toBe(false);
      yield* server.startServing();
      expect(server.isServing()).toBe(true);
      yield* server.startServing();
      const [transport, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      transport.write(utf8('hi'));
      yield* peer.waitFor(2);
      transport.close();
      yield* client.lost;
      yield* closeServer(server);
    });

    test('serveForever() serves until close(), and cancelling it closes the server', function* (loop) {
      const first: Server = (yield* listen(loop, () => ({}), { startServing: false })).server;
      const forever = first.serveForever();
      expect(first.isServing()).toBe(true);
      yield* expectFailure(() => first.serveForever(), InvalidStateError);
      loop.callSoon(() => first.close());
      yield* forever;
      expect(first.isServing()).toBe(false);
      yield* expectFailure(() => first.startServing(), InvalidStateError);
      yield* first.waitClosed();

      const { server: second } = yield* echoServer(loop);
      const cancelled = second.serveForever();
      cancelled.cancel();
      yield* second.waitClosed();
      expect(second.isServing()).toBe(false);
      expect(second.addresses()).toEqual([]);
    });
  });
}
