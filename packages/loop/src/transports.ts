/**
 * PEP 3156 transports: the loop's side of a connection. A protocol receives one in
 * `connectionMade()` and uses it to write, to apply flow control and to close.
 *
 * Flow control works both ways. Writing: `write()` never blocks; bytes the kernel does not take
 * at once wait in the transport's buffer, and when that buffer goes over the high-water mark the
 * protocol's `pauseWriting()` is called, then `resumeWriting()` once it drains under the
 * low-water mark (defaults as in asyncio: 64 KiB high, a quarter of it low). As in asyncio,
 * `pauseWriting()` is called from inside the `write()` that crossed the mark, so a writer can
 * stop at once; every other protocol method is called as a loop callback. Reading:
 * `pauseReading()` stops `dataReceived()` calls until `resumeReading()`, including calls for
 * data that had already arrived.
 */
import type { BaseProtocol } from './protocols.js';

/** The names `getExtraInfo()` knows; implementations may add more. */
export type ExtraInfoName = 'peername' | 'sockname' | 'peercert' | 'cipher' | 'socket' | 'sslcontext' | (string & {});

/** What every transport has. */
export interface BaseTransport {
  /**
   * Optional information about the connection: `peername` and `sockname` (an `AddressInfo`:
   * `{ address, family, port }`, or the path of a UNIX socket, `''` for the unnamed end),
   * `peercert` and `cipher` for TLS, `socket` for the underlying `net.Socket`. Returns
   * `defaultValue` for anything unknown. Ask while the connection is up: a transport may read
   * these from its socket, which no longer knows them once closed.
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown;
  /** True once the transport is closing or closed. */
  isClosing(): boolean;
  /**
   * Closes the transport: buffered data is still sent, then the connection is closed and the
   * protocol's `connectionLost(null)` is called. Closing twice does nothing.
   */
  close(): void;
  /** Replaces the protocol (for protocol switching, such as STARTTLS or HTTP upgrade). */
  setProtocol(protocol: BaseProtocol): void;
  /** The current protocol. */
  getProtocol(): BaseProtocol;
}

/** The reading half of a transport. */
export interface ReadTransport extends BaseTransport {
  /** True while `dataReceived()` may be called. */
  isReading(): boolean;
  /** Stops calling `dataReceived()` until `resumeReading()`. Idempotent. */
  pauseReading(): void;
  /** Resumes calling `dataReceived()`. Idempotent. */
  resumeReading(): void;
}

/** The writing half of a transport. */
export interface WriteTransport extends BaseTransport {
  /**
   * Sets the write buffer's water marks in bytes. With only `high`, `low` is `high / 4`; with
   * neither, the defaults (64 KiB, 16 KiB). Requires `high >= low >= 0`.
   */
  setWriteBufferLimits(high?: number, low?: number): void;
  /** Bytes buffered in the transport and not yet handed to the kernel. */
  getWriteBufferSize(): number;
  /** `[low, high]`, as in asyncio. */
  getWriteBufferLimits(): [number, number];
  /**
   * Queues bytes for sending. Never blocks; see the flow-control note above. The transport may
   * keep a reference to `data` until it is sent, so do not modify it afterwards. Writes after
   * `close()`/`abort()` or a lost connection are discarded, as in asyncio.
   * @throws `InvalidArgumentError` if `data` is not bytes; `InvalidStateError` after `writeEof()`.
   */
  write(data: Uint8Array): void;
  /** Writes each chunk in order; checks them all first, so a bad chunk writes nothing. */
  writeLines(chunks: Iterable<Uint8Array>): void;
  /** Closes the write side after the buffered data is sent (half-close). */
  writeEof(): void;
  /**
   * True if `writeEof()` is supported: TCP and UNIX sockets yes; TLS depends on the loop
   * (asyncio says no; `NodeEventLoop` says yes: it sends close_notify and keeps reading).
   */
  canWriteEof(): boolean;
  /**
   * Closes at once, dropping buffered data; the protocol's `connectionLost()` is called with
   * `null`.
   */
  abort(): void;
}

/** A bidirectional stream transport: TCP, TLS, UNIX sockets, in-memory pipes. */
export interface Transport extends ReadTransport, WriteTransport {}

/** asyncio's default high-water mark for a transport's write buffer: 64 KiB. */
export const DEFAULT_HIGH_WATER_MARK = 64 * 1024;
