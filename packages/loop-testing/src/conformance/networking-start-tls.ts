/**
 * Networking conformance for `loop.startTls()`, asyncio's `start_tls()`: upgrading a live
 * connection to TLS in place. Every loop checks the arguments the same way; loops on a real
 * kernel (`realKernel: true`) run a STARTTLS-style line protocol end to end (hello in clear,
 * both sides upgrade, encrypted echo) and its failures (certificate verification, handshake
 * timeout, cancellation), each of which must close the connection and tell the protocol once;
 * in-memory loops must refuse the upgrade with `NotImplementedError` and leave the connection
 * usable in clear.
 */
import { describe, expect } from 'vitest';
import {
  InvalidStateError,
  InvalidArgumentError,
  NotImplementedError,
  SSLCertVerificationError,
  TimeoutError,
  type EventLoop,
  type Future,
  type Protocol,
  type Transport,
} from '@async/loop';
import { testTlsCredentials } from '../test-certificate.js';
import {
  Accepted,
  HOST,
  type NetworkTest,
  Recorder,
  closeServer,
  connectRecorder,
  echoServer,
  expectFailure,
  expectInvalidArgument,
  listen,
  pattern,
  sameBytes,
  utf8,
} from './networking-kit.js';

/**
 * The server side of a STARTTLS-style line protocol: greets with `hello\r\n`, answers the line
 * `STARTTLS\r\n` with `OK\r\n` and upgrades at once (so no byte of the client's handshake can
 * reach it in clear), then echoes everything it receives over TLS.
 */
class StartTlsServer implements Protocol {
  transport: Transport | null = null;
  /** What arrived in clear. */
  clearText = '';
  /** Resolves with the TLS transport, or fails as the server's `startTls()` does. */
  readonly upgraded: Future<Transport>;
  /** Resolves with the error (or null) given to `connectionLost()`. */
  readonly lost: Future<Error | null>;
  /** Times `connectionLost()` was called. */
  lostCount = 0;

  constructor(
    private readonly _loop: EventLoop,
    private readonly _tls: object,
  ) {
    this.upgraded = _loop.createFuture();
    this.lost = _loop.createFuture();
  }

  connectionMade(transport: Transport): void {
    this.transport = transport;
    transport.write(utf8('hello\r\n'));
  }

  dataReceived(data: Uint8Array): void {
    if (this.upgraded.done()) {
      this.transport!.write(data);
      return;
    }
    this.clearText += new TextDecoder().decode(data);
    if (!this.clearText.endsWith('STARTTLS\r\n')) return;
    const transport = this.transport!;
    transport.write(utf8('OK\r\n'));
    const upgrading = this._loop.startTls(transport, this, this._tls, { serverSide: true });
    upgrading.addDoneCallback((done) => {
      const error = done.exception();
      if (error !== null) this.upgraded.setException(error);
      else {
        this.transport = done.result();
        this.upgraded.setResult(this.transport);
      }
    });
  }

  connectionLost(error: Error | null): void {
    this.lostCount++;
    if (!this.lost.done()) this.lost.setResult(error);
  }
}

/** Registers the `startTls()` tests; the end-to-end ones only where the loop has TLS. */
export function describeStartTls(test: NetworkTest, realKernel: boolean): void {
  describe('startTls', () => {
    const { cert, key } = testTlsCredentials();

    /** A STARTTLS server, a client connected to it in clear, and its greeting read. */
    function* startTlsPair(loop: EventLoop, serverTls: object = { key, cert }) {
      const accepted = new Accepted(loop, () => new StartTlsServer(loop, serverTls));
      const { server, port } = yield* listen(loop, accepted.factory);
      const [plain, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      yield* client.waitFor('hello\r\n'.length);
      plain.write(utf8('STARTTLS\r\n'));
      yield* client.waitFor('hello\r\nOK\r\n'.length);
      expect(client.text()).toBe('hello\r\nOK\r\n');
      return { server, plain, client, peer };
    }

    test('rejects bad arguments with InvalidArgumentError, whatever the loop', function* (loop) {
      const { server, port } = yield* echoServer(loop);
      const [plain, client] = yield* connectRecorder(loop, port);
      const tls = { ca: cert };
      const name = { serverHostname: 'localhost' };
      yield* expectInvalidArgument(() => loop.startTls({} as Transport, client, tls, name));
      yield* expectInvalidArgument(() => loop.startTls(plain, null as unknown as Protocol, tls, name));
      yield* expectInvalidArgument(() => loop.startTls(plain, client, 'yes' as unknown as object, name));
      const unknown = yield* expectInvalidArgument(() =>
        loop.startTls(plain, client, tls, { ssl_handshake_timeout: 5 } as unknown as object),
      );
      expect(unknown.message).toMatch(/did you mean sslHandshakeTimeout/);
      const nameless = yield* expectInvalidArgument(() => loop.startTls(plain, client, tls));
      expect(nameless.message).toMatch(/serverHostname/);
      yield* expectInvalidArgument(() => loop.startTls(plain, client, tls, { ...name, sslHandshakeTimeout: 0 }));
      const certless = yield* expectInvalidArgument(() => loop.startTls(plain, client, { ca: cert }, { serverSide: true }));
      expect(certless.message).toMatch(/certificate/);
      yield* expectInvalidArgument(() => loop.startTls(plain, client, { key, cert }, { serverSide: true, ...name }));
      // Nothing was started: the connection still works in clear.
      plain.write(utf8('clear'));
      yield* client.waitFor(5);
      expect(client.text()).toBe('clear');
      plain.close();
      yield* client.lost;
      yield* closeServer(server);
    });

    if (!realKernel) {
      test('fails with NotImplementedError and leaves the connection usable in clear', function* (loop) {
        const { server, port } = yield* echoServer(loop);
        const [plain, client] = yield* connectRecorder(loop, port);
        const error = yield* expectFailure(
          () => loop.startTls(plain, client, { ca: cert }, { serverHostname: 'localhost' }),
          NotImplementedError,
        );
        expect(error.message).toMatch(/NodeEventLoop/);
        plain.write(utf8('still clear'));
        yield* client.waitFor(11);
        expect(client.text()).toBe('still clear');
        plain.close();
        expect(yield* client.lost).toBeNull();
        yield* closeServer(server);
      });
      return;
    }

    test('STARTTLS: hello in clear, both sides upgrade, then an encrypted echo', function* (loop) {
      const { server, plain, client, peer } = yield* startTlsPair(loop);
      const secure = yield* loop.startTls(plain, client, { ca: cert }, { serverHostname: 'localhost' });
      yield* peer.upgraded;
      expect(peer.clearText).toBe('STARTTLS\r\n');
      expect(secure).not.toBe(plain);
      expect(secure.getExtraInfo('peercert')).toMatchObject({ subject: { CN: 'localhost' } });
      expect(secure.getExtraInfo('cipher')).toMatchObject({ name: expect.any(String) });
      expect(plain.getExtraInfo('peercert')).toBeUndefined();
      // The old transport is spent: writing to it is an error, not a silent plaintext leak.
      expect(() => plain.write(utf8('leak'))).toThrow(InvalidStateError);
      expect(plain.isClosing()).toBe(true);
      const data = pattern(200_000, 7);
      secure.write(data);
      yield* client.waitFor('hello\r\nOK\r\n'.length + data.length);
      expect(sameBytes(client.bytes().subarray('hello\r\nOK\r\n'.length), data)).toBe(true);
      secure.close();
      expect(yield* client.lost).toBeNull();
      expect(yield* peer.lost).toBeNull();
      // connectionMade() once for the whole connection, connectionLost() once.
      expect(client.lifecycle().filter((event) => event !== 'data')).toEqual(['made', 'lost']);
      expect(peer.lostCount).toBe(1);
      yield* closeServer(server);
    });

    test('an untrusted server certificate fails with SSLCertVerificationError and closes the connection', function* (loop) {
      const { server, plain, client, peer } = yield* startTlsPair(loop);
      const error = yield* expectFailure(
        () => loop.startTls(plain, client, true, { serverHostname: 'localhost' }),
        SSLCertVerificationError,
      );
      // The protocol hears of it once, with the same error.
      expect(yield* client.lost).toBe(error);
      expect(client.lostCount).toBe(1);
      // The server's side of the handshake fails too, and its protocol is told.
      const serverError = yield* expectFailure(() => peer.upgraded, Error);
      expect(yield* peer.lost).toBe(serverError);
      yield* closeServer(server);
    });

    test('a certificate for another host name fails verification', function* (loop) {
      const { server, plain, client, peer } = yield* startTlsPair(loop);
      yield* expectFailure(
        () => loop.startTls(plain, client, { ca: cert }, { serverHostname: 'not-this-host.example' }),
        SSLCertVerificationError,
      );
      yield* client.lost;
      yield* expectFailure(() => peer.upgraded, Error);
      yield* closeServer(server);
    });

    test('a handshake the peer never answers fails with TimeoutError after sslHandshakeTimeout', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const [plain, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      const error = yield* expectFailure(
        () => loop.startTls(plain, client, { ca: cert }, { serverHostname: 'localhost', sslHandshakeTimeout: 0.05 }),
        TimeoutError,
      );
      expect(error.message).toMatch(/sslHandshakeTimeout/);
      expect(yield* client.lost).toBe(error);
      // The silent peer saw the client's hello, then the connection go.
      yield* peer.lost;
      expect(peer.received).toBeGreaterThan(0);
      yield* closeServer(server);
    });

    test('cancelling during the handshake closes the connection; the protocol gets connectionLost(null)', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const [plain, client] = yield* connectRecorder(loop, port);
      const peer = yield* accepted.nth(0);
      const upgrading = loop.startTls(plain, client, { ca: cert }, { serverHostname: 'localhost' });
      // The client's hello reached the peer: the handshake is under way.
      yield* peer.waitFor(1);
      expect(upgrading.cancel()).toBe(true);
      expect(yield* client.lost).toBeNull();
      yield* peer.lost;
      expect(client.lostCount).toBe(1);
      yield* closeServer(server);
    });

    test('a transport that is closing, being upgraded or already TLS cannot be upgraded', function* (loop) {
      const accepted = new Accepted(loop);
      const { server, port } = yield* listen(loop, accepted.factory);
      const name = { serverHostname: 'localhost' };
      const [plain, client] = yield* connectRecorder(loop, port);
      const upgrading = loop.startTls(plain, client, { ca: cert }, name);
      yield* expectFailure(() => loop.startTls(plain, client, { ca: cert }, name), InvalidStateError);
      expect(() => plain.write(utf8('during'))).toThrow(InvalidStateError);
      upgrading.cancel();
      yield* client.lost;
      const [closing, other] = yield* connectRecorder(loop, port);
      closing.close();
      yield* expectFailure(() => loop.startTls(closing, other, { ca: cert }, name), InvalidStateError);
      yield* other.lost;
      const tlsServer = yield* loop.createServer(() => ({}), { host: HOST, port: 0, tls: { key, cert } });
      const secure = new Recorder(loop);
      const tlsPort = (tlsServer.addresses()[0] as { port: number }).port;
      const [tlsTransport] = yield* loop.createConnection(() => secure, { host: HOST, port: tlsPort, tls: { ca: cert } });
      yield* expectFailure(() => loop.startTls(tlsTransport, secure, { ca: cert }, name), InvalidArgumentError);
      tlsTransport.close();
      yield* secure.lost;
      yield* closeServer(tlsServer);
      yield* closeServer(server);
    });
  });
}
