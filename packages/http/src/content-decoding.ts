/**
 * Decoding of a response body sent with `Content-Encoding: gzip` or `deflate`, through
 * `node:zlib`: synchronously on a complete body (`decodeBody()`), or piece by piece for a
 * streamed one (`StreamDecoder`, on zlib's thread pool). Either way the body size limit applies
 * to the decoded size, so a small "zip bomb" cannot blow up memory.
 */
import { createGunzip, createInflate, createInflateRaw, gunzipSync, inflateRawSync, inflateSync, type Gunzip, type Inflate, type InflateRaw } from 'node:zlib';
import { HTTPParseError } from './errors.js';
import type { HTTPHeaders } from './http-headers.js';

/** The headers of a decoded body: `Content-Encoding` becomes `X-Consumed-Content-Encoding` (Tornado's way). */
export function decodedHeaders(headers: HTTPHeaders, coding: string): HTTPHeaders {
  const out = headers.copy();
  out.delete('content-encoding');
  out.set('X-Consumed-Content-Encoding', coding);
  return out;
}

/** True for the codings `decodeBody()` and `StreamDecoder` know: gzip, x-gzip, deflate. */
export function canDecode(coding: string): boolean {
  const name = coding.trim().toLowerCase();
  return name === 'gzip' || name === 'x-gzip' || name === 'deflate';
}

/** The codings this client can decode, as sent in `Accept-Encoding`. */
export const ACCEPT_ENCODING = 'gzip, deflate';

/**
 * Decodes `body` sent with `coding` (`gzip`, `x-gzip`, `deflate`); returns it unchanged for
 * `identity`, and `null` for a coding it does not know (the body is then left as sent).
 * @throws `HTTPParseError` if the data is corrupt or decodes to more than `maxSize` bytes.
 */
export function decodeBody(body: Uint8Array, coding: string, maxSize: number): Uint8Array | null {
  const name = coding.trim().toLowerCase();
  if (name === 'identity' || name === '') return body;
  if (name !== 'gzip' && name !== 'x-gzip' && name !== 'deflate') return null;
  if (body.length === 0) return body;
  const options = { maxOutputLength: maxSize };
  try {
    if (name !== 'deflate') return gunzipSync(body, options);
    // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
    try {
      return inflateSync(body, options);
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
      return inflateRawSync(body, options);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HTTPParseError(`the decoded body is over the limit of ${maxSize} bytes`, 413);
    }
    throw new HTTPParseError(`the ${name} body could not be decoded: ${(error as Error).message}`);
  }
}

/** Receives decoded pieces, then the end (`null`) or an error. */
export interface DecodedSink {
  data(piece: Uint8Array): void;
  end(error: Error | null): void;
}

/**
 * Decodes a streamed gzip or deflate body as it arrives. zlib works on its thread pool, so
 * decoded pieces reach the sink asynchronously, in order, followed by its end.
 */
export class StreamDecoder {
  private _zlib: Gunzip | Inflate | InflateRaw | null = null;
  private _decoded = 0;
  private _failed = false;

  private constructor(
    private readonly _coding: string,
    private readonly _sink: DecodedSink,
    private readonly _maxSize: number,
  ) {}

  /** A decoder for `coding`, or `null` for identity and codings it does not know. */
  static create(coding: string, sink: DecodedSink, maxSize: number): StreamDecoder | null {
    if (!canDecode(coding)) return null;
    return new StreamDecoder(coding.trim().toLowerCase(), sink, maxSize);
  }

  /** Decodes a piece of the body (kept by zlib until processed: pass a copy). */
  write(piece: Uint8Array): void {
    if (this._failed || piece.length === 0) return;
    // "deflate" is meant to be zlib-wrapped (first byte 0x?8, header checksum), but may be raw.
    this._zlib ??= this._open(this._coding !== 'deflate' || isZlibHeader(piece) ? this._coding : 'raw');
    this._zlib.write(piece);
  }

  /** The body ended: flush, then end the sink. */
  end(): void {
    if (this._failed) return;
    if (this._zlib === null) this._sink.end(null);
    else this._zlib.end();
  }

  /** Stops decoding (the response was abandoned). */
  destroy(): void {
    this._failed = true;
    this._zlib?.destroy();
  }

  private _open(kind: string): Gunzip | Inflate | InflateRaw {
    const zlib = kind === 'raw' ? createInflateRaw() : kind === 'deflate' ? createInflate() : createGunzip();
    zlib.on('data', (piece: Buffer) => {
      if (this._failed) return;
      this._decoded += piece.length;
      if (this._decoded > this._maxSize) {
        this._fail(new HTTPParseError(`the decoded body is over the limit of ${this._maxSize} bytes`, 413));
        return;
      }
      this._sink.data(piece);
    });
    zlib.on('end', () => {
      if (!this._failed) this._sink.end(null);
    });
    zlib.on('error', (error: Error) => this._fail(new HTTPParseError(`the ${this._coding} body could not be decoded: ${error.message}`)));
    return zlib;
  }

  private _fail(error: Error): void {
    if (this._failed) return;
    this._failed = true;
    this._zlib?.destroy();
    this._sink.end(error);
  }
}

function isZlibHeader(piece: Uint8Array): boolean {
  const cmf = piece[0]!;
  // A lone first byte cannot be checked against the second: trust the compression method.
  if (piece.length < 2) return (cmf & 0x0f) === 8;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | piece[1]!) % 31 === 0;
}
