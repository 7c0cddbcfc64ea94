/**
 * PEP 3156 protocols: the callbacks a transport calls as a connection lives. A protocol object
 * is made by a factory for each connection. Every method is optional: one that is missing does
 * nothing, as with asyncio's no-op base classes.
 *
 * The transport calls these through the loop (each call is a loop callback), so their order is
 * deterministic and an exception thrown in one goes to the loop's exception handler, which then
 * closes that connection.
 */
import type { Transport } from './transports.js';

/** The callbacks every protocol may have. */
export interface BaseProtocol {
  /** The connection is ready; `transport` is the way to write to it and to close it. */
  connectionMade?(transport: Transport): void;
  /**
   * The connection is closed. `error` is `null` after a normal close (ours or the peer's EOF
   * followed by our close), or the error that ended it (reset, abort, protocol failure).
   */
  connectionLost?(error: Error | null): void;
  /** The transport's write buffer went over its high-water mark: stop writing. */
  pauseWriting?(): void;
  /** The write buffer drained below its low-water mark: writing may resume. */
  resumeWriting?(): void;
}

/** A protocol for a byte stream (TCP, TLS, UNIX socket, in-memory pipe). */
export interface Protocol extends BaseProtocol {
  /** Some bytes arrived. Chunk boundaries carry no meaning. */
  dataReceived?(data: Uint8Array): void;
  /**
   * The peer closed its write side (half-close). Return `true` to keep our write side open
   * (then close the transport yourself); anything else closes the transport.
   */
  eofReceived?(): boolean | void;
}

/** Makes a new protocol for each connection. */
export type ProtocolFactory<P extends Protocol = Protocol> = () => P;
