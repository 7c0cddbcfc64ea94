/**
 * `TCPClient`: Tornado's connection factory. `connect()` resolves with an `IOStream` (an
 * `SSLIOStream` with `ssl`). Unlike Tornado it does not race IPv4 against IPv6 ("happy
 * eyeballs"); it connects to what the name resolves to first, as `node:net` does.
 */
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { type Future, TimeoutError } from '@async/loop';
import { IOLoop } from './ioloop.js';
import { IOStream, SSLIOStream } from './iostream.js';
import { StreamClosedError } from './stream-errors.js';
import { checkSeconds } from './argument-checks.js';

/** Options of `TCPClient.connect()`. */
export interface TCPClientConnectOptions {
  /** Connect with TLS: `true` for the defaults, or `node:tls` options (`ca`, `rejectUnauthorized`, …). */
  ssl?: boolean | TlsConnectionOptions;
  /** Fail with `TimeoutError` if not connected (and, with TLS, handshaken) after this many seconds. */
  timeout?: number;
  /** Local address to bind. */
  sourceIp?: string;
  /** Local port to bind. */
  sourcePort?: number;
  /** `maxBufferSize` of the stream. */
  maxBufferSize?: number;
  /** The name checked against the server's certificate (default `host`). */
  serverHostname?: string;
}

/** Makes client connections as `IOStream`s. */
export class TCPClient {
  /** The IOLoop the streams belong to. */
  readonly ioloop: IOLoop;

  /** A client whose streams belong to `options.ioloop` (default `IOLoop.current()`). */
  constructor(options: { ioloop?: IOLoop } = {}) {
    this.ioloop = options.ioloop ?? IOLoop.current();
  }

  /**
   * Connects to `host`:`port`. Fails with `StreamClosedError` whose `realError` is the
   * connection error (as Tornado), or with `TimeoutError` after `timeout` seconds.
   * @throws InvalidArgumentError for a bad timeout, host or port.
   */
  connect(host: string, port: number, options: TCPClientConnectOptions = {}): Future<IOStream> {
    if (options.timeout !== undefined) checkSeconds(options.timeout, 'TCPClient.connect() timeout');
    const streamOptions = { ioloop: this.ioloop, maxBufferSize: options.maxBufferSize };
    const stream = options.ssl === undefined || options.ssl === false ? new IOStream(streamOptions) : new SSLIOStream(streamOptions);
    const connecting = stream._connect({
      host,
      port,
      tls: options.ssl,
      serverHostname: options.serverHostname,
      timeout: options.timeout,
      localAddress: options.sourceIp,
      localPort: options.sourcePort,
    });
    const result = this.ioloop.createFuture<IOStream>();
    connecting.addDoneCallback((f) => {
      if (f.cancelled()) return void result.cancel();
      const error = f.exception();
      if (error === null) return void result.setResult(f.result());
      // Tornado's connect(timeout=) raises TimeoutError itself, not a closed stream.
      if (error instanceof StreamClosedError && error.realError instanceof TimeoutError) result.setException(error.realError);
      else result.setException(error);
    });
    return result;
  }

  /** Nothing to release (Tornado's `close()` frees its resolver). */
  close(): void {}
}
