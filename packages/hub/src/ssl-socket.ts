/**
 * `SSLSocket`: gevent's `gevent.ssl.SSLSocket`, a cooperative socket over TLS, made by
 * `SSLContext.wrapSocket()` from a connected plain `Socket` (STARTTLS-style). The TLS handshake
 * is the loop's `startTls()` on the plain socket's transport; `doHandshake()` blocks only the
 * calling greenlet while it runs, under the socket's timeout. Once it is done, `recv`,
 * `sendall`, `readline`, `makefile` and the rest work as on any `Socket`, encrypted.
 */
import { type Future, InvalidStateError, type Protocol, type StartTlsOptions, type Transport } from '@async/loop';
import type { Hub } from './hub.js';
import { Op } from './operation.js';
import { Socket } from './socket.js';
import type { SSLContext } from './ssl-context.js';

/** A TLS socket whose blocking calls block only the calling greenlet. */
export class SSLSocket extends Socket {
  /** The context the socket was wrapped with. */
  readonly context: SSLContext;
  /** True for the server side of the handshake. */
  readonly serverSide: boolean;
  /** The name the server's certificate is checked against (client side), or `null`. */
  readonly serverHostname: string | null;
  /** The plain transport, until the handshake starts. */
  private _plain: Transport | null;
  private _handshake: Future<Transport> | null = null;
  private _secure = false;
  private readonly _tlsProtocol: Protocol;

  /** @internal Made by `SSLContext.wrapSocket()`. */
  constructor(hub: Hub, plain: Transport, context: SSLContext, serverSide: boolean, serverHostname: string | null) {
    super(hub);
    this._plain = plain;
    this.context = context;
    this.serverSide = serverSide;
    this.serverHostname = serverHostname;
    this._tlsProtocol = this._protocol();
  }

  /**
   * Runs the TLS handshake, blocking the calling greenlet (at once if it is done already). The
   * socket's timeout, if any, bounds it. A greenlet killed (or a `Timeout` raised) while it
   * waits ends the handshake and closes the connection.
   * @throws SSLCertVerificationError, SSLError, TimeoutError or a ConnectionError: the handshake
   *   failed and the connection is closed; InvalidStateError if an earlier handshake failed.
   */
  doHandshake(): Op<void> {
    if (this._secure) return Op.settled(this.hub, false, undefined);
    return Op.primitive(this.hub, (wake) => {
      let handshake: Future<Transport>;
      try {
        handshake = this._startHandshake();
      } catch (error) {
        wake(true, error);
        return;
      }
      const done = (f: Future<Transport>): void => {
        if (f.cancelled()) return;
        const error = f.exception();
        if (error !== null && error !== undefined) wake(true, error);
        else wake(false, undefined);
      };
      handshake.addDoneCallback(done);
      return () => {
        handshake.removeDoneCallback(done);
        if (!handshake.done()) handshake.cancel();
      };
    });
  }

  /** The peer's certificate as `node:tls` describes it, or `null` (none, or no handshake yet). */
  getpeercert(): unknown {
    return this._secure ? (this._tlsProtocolTransport()?.getExtraInfo('peercert') ?? null) : null;
  }

  /** The cipher in use (`{ name, standardName, version }` from `node:tls`), or `null`. */
  cipher(): unknown {
    return this._secure ? (this._tlsProtocolTransport()?.getExtraInfo('cipher') ?? null) : null;
  }

  /** As `Socket.recv`, once the handshake is done. @throws InvalidStateError before it. */
  override recv(bufsize?: number): Op<Uint8Array> {
    this._checkSecure('recv()');
    return super.recv(bufsize);
  }

  /** As `Socket.readline`, once the handshake is done. @throws InvalidStateError before it. */
  override readline(limit?: number): Op<Uint8Array> {
    this._checkSecure('readline()');
    return super.readline(limit);
  }

  /** As `Socket.sendall`, once the handshake is done. @throws InvalidStateError before it. */
  override sendall(data: Uint8Array | string): Op<void> {
    this._checkSecure('sendall()');
    return super.sendall(data);
  }

  /** Closes the connection, also before or during the handshake. */
  override close(): void {
    const plain = this._plain;
    this._plain = null;
    if (plain !== null) plain.close();
    if (this._handshake !== null && !this._handshake.done()) this._handshake.cancel();
    super.close();
  }

  /** The handshake under way (shared by every greenlet waiting for it), or a new one. */
  private _startHandshake(): Future<Transport> {
    if (this._handshake !== null && !this._handshake.done()) return this._handshake;
    const plain = this._plain;
    if (plain === null) {
      throw new InvalidStateError('doHandshake() on an SSLSocket whose handshake failed or that is closed: make a new connection');
    }
    const options: StartTlsOptions = { serverSide: this.serverSide };
    if (this.serverHostname !== null) options.serverHostname = this.serverHostname;
    const timeout = this.gettimeout();
    if (timeout !== null && timeout > 0) options.sslHandshakeTimeout = timeout;
    const handshake = this.hub.loop.startTls(plain, this._tlsProtocol, this.context.options, options);
    this._plain = null;
    this._handshake = handshake;
    handshake.addDoneCallback((f) => {
      if (f.cancelled() || f.exception() !== null) return;
      // startTls() does not call connectionMade(): hand the TLS transport to the socket here.
      this._tlsProtocol.connectionMade!(f.result());
      this._secure = true;
    });
    return handshake;
  }

  private _tlsProtocolTransport(): Transport | null {
    const handshake = this._handshake;
    return handshake !== null && handshake.done() && !handshake.cancelled() && handshake.exception() === null
      ? handshake.result()
      : null;
  }

  private _checkSecure(what: string): void {
    if (!this._secure && !this.closed) {
      throw new InvalidStateError(`${what} on an SSLSocket before its handshake: yield* socket.doHandshake() first`);
    }
  }
}
