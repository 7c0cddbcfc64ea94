/**
 * `SSLIOStream`: an `IOStream` over a TLS transport. The core's TLS transports finish the
 * handshake before `connectionMade()`, so the handshake is over once the stream is connected;
 * `waitForHandshake()` is kept for Tornado code that calls it.
 */
import { type Future, InvalidStateError } from '@async/loop';
import { IOStream } from './iostream.js';
import { StreamClosedError } from './stream-errors.js';

/** An `IOStream` over TLS (made by `TCPClient.connect(…, { ssl })` and a TLS `TCPServer`). */
export class SSLIOStream extends IOStream {
  /**
   * Resolves with the stream once the TLS handshake is done (at once if connected).
   * @throws StreamClosedError if the stream is closed; InvalidStateError if not connected yet.
   */
  waitForHandshake(): Future<this> {
    if (this.closed()) throw new StreamClosedError(this.error);
    if (this._transport === null) {
      throw new InvalidStateError('SSLIOStream.waitForHandshake(): connect the stream first (its handshake happens while connecting)');
    }
    const future = this.ioloop.createFuture<this>();
    future.setResult(this);
    return future;
  }

  /** The peer's certificate as `node:tls` describes it (`getPeerCertificate()`), or `undefined`. */
  getSslCertificate(): unknown {
    return this.getExtraInfo('peercert');
  }
}
