/**
 * Networking conformance, errors: an exception thrown by a protocol goes to the loop's exception
 * handler (with the protocol and transport in the context) and aborts that connection only; the
 * server and the loop carry on. Bad arguments to `createConnection()`/`createServer()` get an
 * `InvalidArgumentError` naming the problem, thrown at once or carried by the future.
 */
import { describe, expect } from 'vitest';
import { InvalidArgumentError, type Transport } from '@async/loop';
import {
  Accepted,
  EchoProtocol,
  HOST,
  type NetworkTest,
  Recorder,
  closeServer,
  connectRecorder,
  echoServer,
  expectFailure,
  listen,
  utf8,
} from './networking-kit.js';

/** Registers the error tests. */
export function describeNetworkErrors(test: NetworkTest): void {
  describe('errors', () => {
    test('an exception in dataReceived() is reported and aborts only that connection', function* (loop, reports) {
      const boom = new Error('boom in dataReceived');
      class Thrower extends Recorder {
        override dataReceived(data: Uint8Array): void {
          super.dataReceived(data);
          throw boom;
        }
      }
      const accepted = new Accepted<Recorder | EchoProtocol>(loop, (i) => (i === 0 ? new Thrower(loop) : new EchoProtocol()));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      transport.write(utf8('x'));
      const peer = (yield* accepted.nth(0)) as Thrower;
      expect(yield* peer.lost).toBe(boom);
      yield* client.lost;
      expect(reports).toHaveLength(1);
      // Compared by identity: deep equality would iterate the recorder's pending futures.
      expect(reports[0]!.exception).toBe(boom);
      expect(reports[0]!.protocol).toBe(peer);
      expect(reports[0]!.transport).toBe(peer.transport);
      expect(reports[0]!.message).toMatch(/dataReceived/);
      reports.splice(0);
      // The server and the loop go on.
      const [again, second] = yield* connectRecorder(loop, port);
      again.write(utf8('ok'));
      yield* second.waitFor(2);
      expect(second.text()).toBe('ok');
      again.close();
      yield* second.lost;
      yield* closeServer(server);
    });

    test('an exception in eofReceived() is reported and aborts the connection', function* (loop, reports) {
      const boom = new Error('boom in eofReceived');
      class Thrower extends Recorder {
        override eofReceived(): boolean {
          super.eofReceived();
          throw boom;
        }
      }
      const accepted = new Accepted(loop, () => new Thrower(loop));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [transport, client] = yield* connectRecorder(loop, port);
      transport.writeEof();
      const peer = yield* accepted.nth(0);
      expect(yield* peer.lost).toBe(boom);
      yield* client.lost;
      expect(reports.splice(0).map((r) => r.exception)).toEqual([boom]);
      yield* closeServer(server);
    });

    test('an exception in connectionMade() fails createConnection() and is reported', function* (loop, reports) {
      const boom = new Error('boom in connectionMade');
      const { server, port } = yield* echoServer(loop);
      const recorder = new Recorder(loop);
      const protocol = {
        connectionMade(transport: Transport): void {
          recorder.connectionMade(transport);
          throw boom;
        },
        connectionLost: (error: Error | null) => recorder.connectionLost(error),
      };
      const error = yield* expectFailure(() => loop.createConnection(() => protocol, { host: HOST, port }), Error);
      expect(error).toBe(boom);
      expect(yield* recorder.lost).toBe(boom);
      expect(reports).toHaveLength(1);
      expect(reports[0]!.exception).toBe(boom);
      expect(reports[0]!.protocol).toBe(protocol);
      reports.splice(0);
      yield* closeServer(server);
    });

    test('a server protocol factory that throws is reported and drops only that connection', function* (loop, reports) {
      const boom = new Error('boom in the factory');
      let calls = 0;
      const { server, port } = yield* listen(loop, () => {
        if (calls++ === 0) throw boom;
        return new EchoProtocol();
      });
      const [, failed] = yield* connectRecorder(loop, port);
      yield* failed.lost;
      expect(reports.splice(0).map((r) => r.exception)).toEqual([boom]);
      const [transport, client] = yield* connectRecorder(loop, port);
      transport.write(utf8('ok'));
      yield* client.waitFor(2);
      transport.close();
      yield* client.lost;
      yield* closeServer(server);
    });

    test('an exception in connectionLost() is reported, and nothing else happens', function* (loop, reports) {
      const boom = new Error('boom in connectionLost');
      const { server, port } = yield* echoServer(loop);
      const done = loop.createFuture<void>();
      const [transport] = yield* loop.createConnection(
        () => ({
          connectionLost(): void {
            loop.callSoon(() => done.setResult(undefined));
            throw boom;
          },
        }),
        { host: HOST, port },
      );
      transport.close();
      yield* done;
      expect(reports.splice(0).map((r) => r.exception)).toEqual([boom]);
      yield* closeServer(server);
    });

    test('bad createConnection() arguments get an InvalidArgumentError', function* (loop) {
      const f = () => ({});
      const bad: unknown[] = [
        null,
        'localhost:80',
        {},
        { host: HOST },
        { port: 80 },
        { host: HOST, port: 0 },
        { host: HOST, port: -1 },
        { host: HOST, port: 65536 },
        { host: HOST, port: 1.5 },
        { host: HOST, port: '80' },
        { host: '', port: 80 },
        { host: 42, port: 80 },
        { host: HOST, port: 80, path: '/tmp/x.sock' },
        { path: '' },
        { host: HOST, port: 80, ssl: true },
        { host: HOST, port: 80, tls: 'yes' },
        { host: HOST, port: 80, serverHostname: 'example.com' },
        { host: HOST, port: 80, family: 5 },
        { host: HOST, port: 80, timeout: -1 },
        { host: HOST, port: 80, timeout: 'soon' },
        { host: HOST, port: 80, noDelay: 'yes' },
      ];
      for (const options of bad) {
        const error = yield* expectFailure(() => loop.createConnection(f, options as never), InvalidArgumentError);
        expect(error.message.length).toBeGreaterThan(20);
      }
      yield* expectFailure(() => loop.createConnection(null as never, { host: HOST, port: 80 }), InvalidArgumentError);
      yield* expectFailure(() => loop.createConnection('f' as never, { host: HOST, port: 80 }), InvalidArgumentError);
    });

    test('bad createServer() arguments get an InvalidArgumentError', function* (loop) {
      const f = () => ({});
      const bad: unknown[] = [
        null,
        8080,
        {},
        { host: HOST },
        { port: -1 },
        { port: 65536 },
        { port: 2.5 },
        { port: '0' },
        { host: '', port: 0 },
        { port: 0, path: '/tmp/x.sock' },
        { port: 0, backlog: -1 },
        { port: 0, startServing: 'no' },
        { port: 0, reuse_port: true },
        { port: 0, tls: true },
        { port: 0, tls: {} },
      ];
      for (const options of bad) {
        const error = yield* expectFailure(() => loop.createServer(f, options as never), InvalidArgumentError);
        expect(error.message.length).toBeGreaterThan(20);
      }
      yield* expectFailure(() => loop.createServer(undefined as never, { host: HOST, port: 0 }), InvalidArgumentError);
    });

    test('a protocol factory that returns no object fails the connection with InvalidArgumentError', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      yield* expectFailure(() => loop.createConnection(() => null as never, { host: HOST, port }), InvalidArgumentError);
      yield* closeServer(server);
    });
  });
}
