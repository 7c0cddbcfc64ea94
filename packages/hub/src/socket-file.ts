/**
 * `SocketFile`: what `Socket.makefile(mode)` returns, Python's `socket.makefile()` for greenlets.
 * Reads block the calling greenlet until they have what they asked for (`read(n)`: `n` bytes or
 * end of stream; `read()`: everything until end of stream; `readline()`: one line); writes are
 * buffered until `flush()`, `close()`, or the buffer passing 8 KiB. Text modes (no `b`) read
 * and write UTF-8 strings; binary modes `Uint8Array`s. Closing the file flushes it and leaves
 * the socket open, as closing one of a socket's files does in Python.
 */
import { InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { Op } from './operation.js';
import type { Socket } from './socket.js';

/** What a file of mode `M` reads and writes: `Uint8Array` with `b` in the mode, else `string`. */
export type FileData<M extends string> = M extends `${string}b${string}` ? Uint8Array : string;

const WRITE_BUFFER = 8192;

/** A file-like view of a cooperative socket. */
export class SocketFile<D extends string | Uint8Array = Uint8Array> {
  /** The mode it was made with. */
  readonly mode: string;
  private readonly _socket: Socket;
  private readonly _reading: boolean;
  private readonly _writing: boolean;
  private readonly _binary: boolean;
  private readonly _decoder = new TextDecoder();
  private readonly _encoder = new TextEncoder();
  private _pending: Uint8Array[] = [];
  private _pendingBytes = 0;
  private _closed = false;

  /**
   * @internal Made by `Socket.makefile()`.
   * @throws InvalidArgumentError for a mode with other letters than `r`, `w` and `b`.
   */
  constructor(socket: Socket, mode: string) {
    if (typeof mode !== 'string' || !/^[rwb]*$/.test(mode)) {
      throw new InvalidArgumentError(`makefile(mode) takes a mode of the letters r, w and b (such as 'rb' or 'rwb'), got ${describeValue(mode)}`);
    }
    this._socket = socket;
    this.mode = mode;
    this._writing = mode.includes('w');
    this._reading = mode.includes('r') || !this._writing;
    this._binary = mode.includes('b');
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this._closed;
  }

  /**
   * Reads `size` bytes, blocking until they came or the stream ended (fewer then; empty at the
   * end); with no `size` (or a negative one) reads until the end of the stream. In a text mode
   * `size` counts bytes, not characters.
   * @throws InvalidStateError if the file is closed or not open for reading; the socket's
   *   `TimeoutError` or connection error.
   */
  read(size = -1): Op<D> {
    if (!Number.isInteger(size)) {
      throw new InvalidArgumentError(`read(size) takes an integer (negative for all), got ${describeValue(size)}`);
    }
    this._check(this._reading, 'reading');
    const self = this;
    return Op.composite(this._socket.hub, function* () {
      const chunks: Uint8Array[] = [];
      let got = 0;
      while (size < 0 || got < size) {
        const chunk = yield* self._socket.recv(size < 0 ? 65536 : size - got);
        if (chunk.length === 0) break;
        chunks.push(chunk);
        got += chunk.length;
      }
      return self._output(concat(chunks, got), size < 0 || got < size);
    });
  }

  /**
   * Reads one line, up to and including `\n` (what is left at the end of the stream; empty at
   * the end).
   * @throws InvalidStateError if the file is closed or not open for reading, or no newline
   *   comes within `limit` bytes; the socket's `TimeoutError` or connection error.
   */
  readline(limit?: number): Op<D> {
    this._check(this._reading, 'reading');
    const line = this._socket.readline(limit);
    const self = this;
    return Op.composite(this._socket.hub, function* () {
      const bytes = yield* line;
      return self._output(bytes, bytes.length === 0);
    });
  }

  /**
   * Buffers `data` and evaluates to its length (bytes, or characters in a text mode); blocks
   * only to send the buffer once it passes 8 KiB.
   * @throws InvalidStateError if the file is closed or not open for writing;
   *   InvalidArgumentError for data of the wrong kind.
   */
  write(data: D): Op<number> {
    this._check(this._writing, 'writing');
    let bytes: Uint8Array;
    if (this._binary) {
      if (!(data instanceof Uint8Array)) {
        throw new InvalidArgumentError(`write() of a binary socket file takes a Uint8Array, got ${describeValue(data)}`);
      }
      bytes = data;
    } else {
      if (typeof data !== 'string') {
        throw new InvalidArgumentError(`write() of a text socket file takes a string, got ${describeValue(data)}: use mode 'wb' for bytes`);
      }
      bytes = this._encoder.encode(data);
    }
    this._pending.push(bytes);
    this._pendingBytes += bytes.length;
    const length = data.length;
    if (this._pendingBytes < WRITE_BUFFER) return Op.settled(this._socket.hub, false, length);
    const flushed = this._flush();
    return Op.composite(this._socket.hub, function* () {
      yield* flushed;
      return length;
    });
  }

  /**
   * Sends what `write()` buffered, blocking while the socket's buffer is full.
   * @throws InvalidStateError if the file is closed; the socket's connection error.
   */
  flush(): Op<void> {
    this._check(true, 'flushing');
    return this._flush();
  }

  /** Flushes (in a writing mode) and closes the file; the socket stays open. Closing twice is harmless. */
  close(): Op<void> {
    if (this._closed) return Op.settled(this._socket.hub, false, undefined);
    const flushed = this._flush();
    this._closed = true;
    return flushed;
  }

  private _flush(): Op<void> {
    if (this._pendingBytes === 0) return Op.settled(this._socket.hub, false, undefined);
    // sendall() throws at once on a closed socket: the buffer is kept then, as it was.
    const sent = this._socket.sendall(concat(this._pending, this._pendingBytes));
    this._pending = [];
    this._pendingBytes = 0;
    return sent;
  }

  private _output(bytes: Uint8Array, end: boolean): D {
    if (this._binary) return bytes as D;
    // A character split between two reads is decoded once its last byte has come.
    return this._decoder.decode(bytes, { stream: !end }) as D;
  }

  private _check(allowed: boolean, what: string): void {
    if (this._closed) throw new InvalidStateError('I/O operation on a closed socket file: make a new one with makefile()');
    if (!allowed) throw new InvalidStateError(`this socket file (mode '${this.mode}') is not open for ${what}`);
  }
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
