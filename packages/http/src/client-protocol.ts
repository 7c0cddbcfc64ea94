/**
 * `HTTPClientProtocol`: the client side of one HTTP/1.1 connection, a PEP 3156 protocol. It
 * carries one request at a time (no pipelining) for the `HTTPClient`, which keeps it in its pool
 * between requests. It writes the request, parses the response (skipping 1xx, sending a held
 * body on `100 Continue`, handing the connection over on a `101` the request asked for), and
 * tells the exchange what arrives; at the end of each response it decides whether the
 * connection can be reused.
 */
import {
  ConnectionError,
  ConnectionResetError,
  type Future,
  type Protocol,
  type TimerHandle,
  type Transport,
} from '@async/loop';
import type { ClientExchange } from './client-exchange.js';
import type { ConnectionPool } from './connection-pool.js';
import { HTTPParseError } from './errors.js';
import type { ResponseHead } from './head-parser.js';
import { HTTPMessageParser } from './message-parser.js';
import { settleWaiters } from './settle-waiters.js';
import { UNTIL_CLOSE } from './body-framing.js';

const CRLF = Buffer.from('\r\n', 'latin1');
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');

/** One client connection. Made by the client's pool. */
export class HTTPClientProtocol implements Protocol {
  /** The pool key: scheme, host and port. */
  readonly key: string;
  /** @internal */ _transport: Transport | null = null;
  /** @internal The request being carried. */
  _exchange: ClientExchange | null = null;
  /** @internal True once lost. */
  _lost = false;
  /** @internal Requests carried so far. */
  _uses = 0;
  /** @internal A byte of the current response arrived. */
  _received = false;
  /** @internal Counted by the pool as carrying a request (or being opened for one). */
  _busy = false;
  /** @internal Timer closing it while idle in the pool. */
  _idleTimer: TimerHandle | null = null;
  private readonly _pool: ConnectionPool;
  private readonly _parser: HTTPMessageParser<ResponseHead>;
  private _heldBody: Uint8Array | null = null;
  private _writePaused = false;
  private _drainWaiters: Future<void>[] | null = null;
  private _informational = false;
  private _upgraded = false;
  private _keepAlive = false;

  /** @internal */
  constructor(pool: ConnectionPool, key: string) {
    this._pool = pool;
    this.key = key;
    this._parser = new HTTPMessageParser<ResponseHead>('response', this, pool.config);
  }

  connectionMade(transport: Transport): void {
    this._transport = transport;
  }

  /** @internal Sends `exchange`'s request: head, and body unless it waits for `100 Continue`. */
  _start(exchange: ClientExchange, head: Buffer, body: Uint8Array | null, expectContinue: boolean): void {
    this._exchange = exchange;
    this._uses++;
    this._received = false;
    this._informational = false;
    this._parser.requestMethod = exchange.method;
    this._parser.maxBodySize = this._pool.config.maxBodySize;
    const transport = this._transport!;
    if (body === null || body.length === 0) {
      transport.write(head);
    } else if (expectContinue) {
      this._heldBody = body;
      transport.write(head);
    } else if (body.length < 16384) {
      transport.write(Buffer.concat([head, body]));
    } else {
      transport.write(head);
      transport.write(body);
    }
  }

  dataReceived(data: Uint8Array): void {
    if (this._exchange === null) {
      // Bytes nobody asked for on an idle connection: it cannot be trusted any more.
      this._transport?.abort();
      return;
    }
    this._received = true;
    try {
      this._parser.execute(data);
    } catch (error) {
      this._fail(error as Error);
    }
  }

  eofReceived(): boolean {
    if (this._exchange === null) return false;
    const midMessage = this._parser.inMessage;
    try {
      this._parser.finish();
    } catch {
      // A response cut short by the server is a connection error, not bad syntax.
      this._fail(new ConnectionResetError('the server closed the connection before the response was complete'));
      return false;
    }
    if (this._exchange !== null) {
      this._fail(
        midMessage
          ? new ConnectionResetError('the server closed the connection before the response was complete')
          : new ConnectionResetError('the server closed the connection without sending a response'),
      );
    }
    return false;
  }

  connectionLost(error: Error | null): void {
    this._lost = true;
    const waiters = this._drainWaiters;
    this._drainWaiters = null;
    settleWaiters(waiters, waiters === null ? null : new ConnectionError('the connection was closed before the request body was sent'));
    this._parser.stop();
    this._pool._lost(this);
    if (this._exchange !== null) {
      const reason =
        error ?? new ConnectionResetError('the server closed the connection before the response was complete');
      this._fail(reason instanceof ConnectionError || reason instanceof HTTPParseError ? reason : new ConnectionError(String(reason), { cause: reason }));
    }
  }

  pauseWriting(): void {
    this._writePaused = true;
  }

  resumeWriting(): void {
    this._writePaused = false;
    const waiters = this._drainWaiters;
    this._drainWaiters = null;
    settleWaiters(waiters, null);
  }

  /**
   * @internal Writes a piece of a produced request body; the future resolves once more may be
   * written, and fails with `ConnectionError` if the connection is gone.
   */
  _writeBody(data: Uint8Array, chunked: boolean): Future<void> {
    const future = this._pool.loop.createFuture<void>();
    if (this._lost || this._transport === null || this._transport.isClosing()) {
      future.setException(new ConnectionError('the connection was closed before the request body was sent'));
      return future;
    }
    if (data.length > 0) {
      if (chunked) this._transport.writeLines([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF]);
      else this._transport.write(data);
    }
    if (this._writePaused) (this._drainWaiters ??= []).push(future);
    else future.setResult(undefined);
    return future;
  }

  /** @internal Ends a produced chunked request body. */
  _endBody(chunked: boolean): void {
    if (chunked && !this._lost && this._transport !== null && !this._transport.isClosing()) this._transport.write(LAST_CHUNK);
  }

  // ---- parser sink --------------------------------------------------------------------------

  /** @internal */
  onHead(head: ResponseHead, framing: number): void {
    if (head.status === 101) {
      if (!this._exchange!._upgrade) {
        throw new HTTPParseError('unexpected 101 Switching Protocols: the request asked for no upgrade');
      }
      this._upgraded = true;
      this._heldBody = null;
      this._exchange!._onHead(head);
      return;
    }
    if (head.status < 200) {
      this._informational = true;
      if (head.status === 100 && this._heldBody !== null) {
        const body = this._heldBody;
        this._heldBody = null;
        this._transport!.write(body);
      }
      return;
    }
    const minor = head.versionMinor;
    const connection = head.headers.get('connection')?.toLowerCase();
    this._keepAlive =
      this._heldBody === null &&
      framing !== UNTIL_CLOSE &&
      (connection === undefined
        ? minor === 1
        : !/(?:^|,)\s*close\s*(?:,|$)/.test(connection) && (minor === 1 || /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(connection)));
    // A final response before the held body was sent: the body is never sent, the connection closes.
    this._heldBody = null;
    this._exchange!._onHead(head);
  }

  /** @internal */
  onBody(data: Uint8Array): void {
    this._exchange?._onBody(data);
  }

  /** @internal */
  onMessageComplete(): boolean {
    if (this._informational) {
      this._informational = false;
      return true;
    }
    if (this._upgraded) {
      // The connection now speaks another protocol: hand it over, paused, with what followed.
      const exchange = this._exchange!;
      this._exchange = null;
      const buffered = this._parser.detach();
      const transport = this._transport!;
      transport.pauseReading();
      this._lost = true;
      this._pool._release(this, false);
      exchange._onUpgraded(transport, buffered);
      return false;
    }
    const exchange = this._exchange;
    this._exchange = null;
    const reusable = this._keepAlive && !this._lost && this._parser.bufferedSize === 0 && exchange !== null && exchange._reusable && exchange._bodySent;
    if (!reusable) {
      this._parser.stop();
      this._transport?.close();
    }
    this._pool._release(this, reusable);
    exchange?._onComplete(this._parser.trailers);
    return reusable;
  }

  /** @internal Pauses or resumes reading (a streamed body's backpressure). */
  _pressure(pause: boolean): void {
    if (this._lost) return;
    if (pause) this._transport?.pauseReading();
    else this._transport?.resumeReading();
  }

  /** @internal Drops the connection (timeout, abandoned stream). */
  _abort(): void {
    this._transport?.abort();
  }

  private _fail(error: Error): void {
    const exchange = this._exchange;
    this._exchange = null;
    this._parser.stop();
    if (!this._lost) this._transport?.abort();
    this._pool._release(this, false);
    exchange?._onConnectionFailed(error, this);
  }
}
