/**
 * `startTls()` on `NodeEventLoop`: upgrades a live `SocketTransport` to TLS in place, as
 * asyncio's `loop.start_tls()`. A `node:tls` `TLSSocket` wraps the transport's own `net.Socket`
 * (sharing its kernel socket) and, once the handshake is done, a new `SocketTransport` over it
 * is what the future resolves with. The order of events follows asyncio: reading pauses at the
 * call, and the handshake starts as a loop callback, when every chunk already queued for the
 * protocol has been held back; those held bytes, and bytes the socket read but did not emit, are
 * handed to the TLS layer (they may be the peer's first handshake bytes). Bytes written before
 * the call leave in clear before the handshake does.
 *
 * Every way out of an upgrade that is not a success (a handshake error, the timeout, the peer
 * going away, the old transport closed, the future cancelled, the loop closed) goes through the
 * old transport's `_connectionLost()`: the sockets are destroyed, the timer cancelled, the
 * future failed and the protocol told once, so nothing is left behind.
 */
import type { Socket } from 'node:net';
import * as tls from 'node:tls';
import type { EventLoop } from './event-loop.js';
import type { Future } from './future.js';
import type { TimerHandle } from './handle.js';
import type { Protocol } from './protocols.js';
import type { Transport } from './transports.js';
import {
  ConnectionAbortedError,
  ConnectionResetError,
  LoopClosedError,
  TimeoutError,
} from './errors.js';
import type { CheckedStartTls } from './network-argument-checks.js';
import { fromNodeError } from './system-errors.js';
import { SocketTransport, type UpgradeListener } from './socket-transport.js';
import { applyServerName } from './tls-server-name.js';

/** Node's per-socket verification result, read for server sides that ask for a certificate. */
interface VerifyingHandle {
  verifyError?(): Error | null;
}

/** Upgrades `transport` (already checked to belong to `loop` and to be plain TCP or UNIX). */
export function upgradeToTls(
  loop: EventLoop,
  transport: SocketTransport,
  protocol: Protocol,
  options: CheckedStartTls,
): Future<Transport> {
  const future = loop.createFuture<Transport>();
  new TlsUpgrade(loop, transport, protocol, options, future);
  return future;
}

/** One upgrade under way. */
class TlsUpgrade implements UpgradeListener {
  private _timer: TimerHandle | null = null;
  private _tlsSocket: tls.TLSSocket | null = null;
  /** Set once the old transport is dead or replaced: nothing more to do. */
  private _over = false;

  constructor(
    private readonly _loop: EventLoop,
    private readonly _old: SocketTransport,
    private readonly _protocol: Protocol,
    private readonly _options: CheckedStartTls,
    private readonly _future: Future<Transport>,
  ) {
    // Throws InvalidStateError (closing, already upgrading) before anything is set up.
    _old._beginUpgrade(_protocol, this);
    if (Number.isFinite(_options.handshakeTimeout)) {
      this._timer = _loop.callLater(_options.handshakeTimeout, this._onTimeout);
    }
    _future.addDoneCallback(this._onFutureDone);
    _loop.callSoon(startHandshake, this);
  }

  /** @internal Runs as a loop callback: waits for earlier writes to leave, then wraps. */
  _start(): void {
    if (this._over) return;
    const socket = this._old._socket;
    // Bytes written in clear before startTls() must reach the peer before the handshake does.
    if (socket.writableLength > 0) socket.write(new Uint8Array(0), this._wrap);
    else this._wrap();
  }

  private readonly _wrap = (writeError?: Error | null): void => {
    if (this._over) return;
    if (writeError) {
      this._fail(fromNodeError(writeError, 'startTls() sending the bytes written before it'));
      return;
    }
    const old = this._old;
    const { held, eof } = old._detachForUpgrade();
    if (eof) {
      this._fail(new ConnectionResetError('startTls(): the peer closed the connection before the TLS handshake'));
      return;
    }
    const socket = old._socket;
    // Put the bytes we had read back in front of those the socket holds: the TLS socket reads
    // the socket's buffer first (Node's initRead), so none of the peer's handshake is lost.
    for (let i = held.length - 1; i >= 0; i--) socket.unshift(held[i]!);
    const tlsSocket = this._options.serverSide ? this._serverSocket(socket) : this._clientSocket(socket);
    this._tlsSocket = tlsSocket;
    tlsSocket.on('error', this._onError);
    tlsSocket.once('close', this._onClose);
    // With allowHalfOpen, the peer's EOF during the handshake ends nothing by itself.
    tlsSocket.once('end', this._onClose);
    tlsSocket.once(this._options.serverSide ? 'secure' : 'secureConnect', this._onSecure);
  };

  private _clientSocket(socket: Socket): tls.TLSSocket {
    // tls.connect() hands allowHalfOpen on to the TLSSocket; its type omits it.
    const settings: tls.ConnectionOptions & { allowHalfOpen?: boolean } = {
      ...(this._options.tls as tls.ConnectionOptions),
      socket,
      allowHalfOpen: true,
    };
    const name = this._options.serverHostname;
    if (name !== undefined) applyServerName(settings, name);
    return tls.connect(settings);
  }

  private _serverSocket(socket: Socket): tls.TLSSocket {
    return new tls.TLSSocket(socket, {
      ...(this._options.tls as tls.TlsOptions),
      isServer: true,
      allowHalfOpen: true,
    } as tls.TLSSocketOptions);
  }

  private readonly _onSecure = (): void => {
    if (this._over) return;
    const tlsSocket = this._tlsSocket!;
    if (this._options.serverSide && this._options.tls['requestCert'] === true && this._options.tls['rejectUnauthorized'] !== false) {
      // A TLSSocket outside a tls.Server accepts any client certificate: check it as the server would.
      const handle = (tlsSocket as unknown as { _handle: VerifyingHandle | null })._handle;
      const error = handle?.verifyError?.() ?? null;
      if (error !== null) {
        this._fail(fromNodeError(error, 'startTls() verifying the client certificate'));
        return;
      }
    }
    this._over = true;
    this._timer?.cancel();
    this._timer = null;
    tlsSocket.removeListener('error', this._onError);
    tlsSocket.removeListener('close', this._onClose);
    tlsSocket.removeListener('end', this._onClose);
    const old = this._old;
    const context = old._context;
    const replacement = new SocketTransport(tlsSocket, {
      loop: context.loop,
      owner: context.owner,
      tls: true,
      path: context.path,
      serverSide: context.serverSide,
    });
    replacement._protocol = this._protocol;
    old._finishUpgrade();
    context.owner._transportUpgraded(old, replacement);
    if (this._future.done()) replacement.abort();
    else this._future.setResult(replacement);
  };

  private readonly _onError = (error: Error): void => {
    this._fail(fromNodeError(error, 'startTls() handshake'));
  };

  private readonly _onClose = (): void => {
    this._fail(new ConnectionResetError('startTls(): the connection closed during the TLS handshake'));
  };

  private readonly _onTimeout = (): void => {
    this._timer = null;
    this._fail(
      new TimeoutError(
        `startTls(): the TLS handshake took longer than ${this._options.handshakeTimeout} seconds (sslHandshakeTimeout); ` +
          'the connection was closed',
      ),
    );
  };

  private readonly _onFutureDone = (future: Future<Transport>): void => {
    if (future.cancelled()) this._fail(null);
  };

  /** Ends the upgrade with `error` (`null` when cancelled): see the file's note. */
  private _fail(error: unknown): void {
    if (this._over) return;
    // Comes back through _transportLost(), which does the rest.
    this._old._connectionLost(error, true);
  }

  /** @internal The old transport died while upgrading (our failure, or the connection's). */
  _transportLost(error: unknown): void {
    this._end();
    if (this._future.done()) return;
    this._future.setException(
      error ?? new ConnectionAbortedError('startTls(): the transport was closed or aborted during the TLS upgrade'),
    );
  }

  /** @internal The loop is closing: destroy everything; the future fails, nothing else runs. */
  _abortForLoopClose(): void {
    this._end();
    if (!this._future.done()) this._future.setException(new LoopClosedError('the event loop was closed during startTls()'));
  }

  private _end(): void {
    this._over = true;
    this._timer?.cancel();
    this._timer = null;
    const tlsSocket = this._tlsSocket;
    if (tlsSocket !== null) {
      tlsSocket.removeListener('error', this._onError);
      tlsSocket.removeListener('close', this._onClose);
      tlsSocket.removeListener('end', this._onClose);
      tlsSocket.removeListener('secure', this._onSecure);
      tlsSocket.removeListener('secureConnect', this._onSecure);
      tlsSocket.on('error', ignoreError);
      tlsSocket.destroy();
    }
  }
}

/** Keeps a TLS socket we gave up on from crashing the process with a late 'error'. */
function ignoreError(): void {}

function startHandshake(upgrade: TlsUpgrade): void {
  upgrade._start();
}
