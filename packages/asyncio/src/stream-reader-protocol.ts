/**
 * `StreamReaderProtocol`: Python's `asyncio.StreamReaderProtocol`, the adapter between a
 * transport's protocol callbacks and a `StreamReader`. Bytes and the end of the stream go to the
 * reader; for a server, `connectionMade()` also makes the `StreamWriter` and calls the
 * `clientConnected(reader, writer)` callback, running a coroutine it returns as a task (an
 * exception from that task is reported and closes the connection, as in Python 3.12).
 */
import {
  type EventLoop,
  type Future,
  type Transport,
  Task,
  fromPromise,
  isCoroutine,
  isThenable,
} from '@async/loop';
import { FlowControlProtocol } from './flow-control-protocol.js';
import type { StreamReader } from './stream-reader.js';
import { StreamWriter } from './stream-writer.js';

/**
 * What `startServer()` calls for each connection: a plain function, a generator function (its
 * coroutine runs as a task) or an async function.
 */
export type ClientConnectedCallback = (reader: StreamReader, writer: StreamWriter) => unknown;

/** Feeds a `StreamReader` from a transport, and serves a connection on a stream server. */
export class StreamReaderProtocol extends FlowControlProtocol {
  private _reader: StreamReader | null;
  private readonly _clientConnected: ClientConnectedCallback | null;
  private _transport: Transport | null = null;
  private _task: Future<unknown> | null = null;
  /** What `waitClosed()` waits on: made when first asked for (most servers never ask). */
  private _closed: Future<void> | null = null;
  /** How the connection ended: `undefined` while it is open, else its error or `null`. */
  private _lostWith: Error | null | undefined = undefined;

  /**
   * A protocol feeding `reader` on `loop`; with `clientConnected`, a server-side protocol that
   * calls it once the connection is made.
   */
  constructor(reader: StreamReader | null, clientConnected: ClientConnectedCallback | null, loop: EventLoop) {
    super(loop);
    this._reader = reader;
    this._clientConnected = clientConnected;
  }

  /** Attaches the reader to the transport and, on a server, starts serving the client. */
  connectionMade(transport: Transport): void {
    this._transport = transport;
    const reader = this._reader;
    if (reader !== null) reader.setTransport(transport);
    if (this._clientConnected === null) return;
    const writer = new StreamWriter(transport, this, reader, this._loop);
    const result = this._clientConnected(reader!, writer);
    let task: Future<unknown>;
    if (isCoroutine(result)) task = this._loop.createTask(result);
    else if (isThenable(result)) task = fromPromise(result, this._loop);
    else return;
    this._task = task;
    task.addDoneCallback((t) => {
      if (t.cancelled()) {
        transport.close();
        return;
      }
      const error = t.exception();
      if (error !== undefined && error !== null) {
        this._loop.callExceptionHandler({
          message: 'Unhandled exception in clientConnected callback',
          exception: error,
          transport,
          task: t instanceof Task ? t : undefined,
        });
        transport.close();
      }
    });
  }

  /** The connection ended: the reader sees the end (or the error), `waitClosed()` completes. */
  override connectionLost(error: Error | null): void {
    const reader = this._reader;
    if (reader !== null) {
      if (error === null) reader.feedEof();
      else reader.setException(error);
    }
    if (this._lostWith === undefined) {
      this._lostWith = error;
      if (this._closed !== null) settleClosed(this._closed, error);
    }
    super.connectionLost(error);
    this._reader = null;
    this._task = null;
    this._transport = null;
  }

  /** Bytes arrived: they go to the reader. */
  dataReceived(data: Uint8Array): void {
    this._reader?.feedData(data);
  }

  /**
   * The peer closed its side: the reader sees the end. Our side stays open (the writer may still
   * write) when the transport supports half-close, as Python does for TCP.
   */
  eofReceived(): boolean {
    this._reader?.feedEof();
    return this._transport?.canWriteEof() ?? false;
  }

  /** @internal True on a server (the protocol serves a `clientConnected` callback). */
  _isServerSide(): boolean {
    return this._clientConnected !== null;
  }

  /** @internal `StreamWriter.startTls()` upgraded the connection: use the TLS transport. */
  _replaceTransport(transport: Transport): void {
    this._transport = transport;
    this._reader?._replaceTransport(transport);
  }

  /** @internal Completes when the connection is closed (`StreamWriter.waitClosed()`). */
  _getCloseWaiter(): Future<void> {
    if (this._closed === null) {
      this._closed = this._loop.createFuture<void>();
      if (this._lostWith !== undefined) settleClosed(this._closed, this._lostWith);
    }
    return this._closed;
  }
}

/** Completes the close waiter as the connection ended: with `error`, or normally. */
function settleClosed(closed: Future<void>, error: Error | null): void {
  if (closed.done()) return;
  if (error === null) closed.setResult(undefined);
  else {
    closed.setException(error);
    // Retrieved here so that nobody calling waitClosed() is not reported as a lost error
    // (Python retrieves it in the protocol's __del__).
    closed.exception();
  }
}
