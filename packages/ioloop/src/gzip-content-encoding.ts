/**
 * `GZipContentEncoding`: Tornado's output transform behind the `compressResponse` setting. It
 * adds `Vary: Accept-Encoding`, and gzips a response when the client accepts gzip, its type is
 * text (or JSON, JavaScript, XML, SVG) and, when the whole body is known at once, it is at least
 * 1024 bytes. Streamed responses (`flush()`) are compressed piece by piece: each piece is a
 * sync-flushed run of deflate blocks, so it can be sent as soon as it is written, and the gzip
 * trailer (CRC-32, length) follows the last piece.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { HTTPHeaders } from '@async/http';
import type { HTTPServerRequest } from './http-server-request.js';

const CONTENT_TYPES = new Set([
  'application/javascript',
  'application/x-javascript',
  'application/xml',
  'application/atom+xml',
  'application/json',
  'application/xhtml+xml',
  'image/svg+xml',
]);
const GZIP_LEVEL = 6;
const MIN_LENGTH = 1024;
/** A gzip member header: deflate, no flags, no time, unknown OS. */
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty final deflate block, ending the stream. */
const LAST_BLOCK = Buffer.from([0x03, 0x00]);

/** Compresses one response, if it should be. */
export class GZipContentEncoding {
  private _gzipping: boolean;
  private _crc = 0;
  private _size = 0;

  /** A transform for the response to `request`. */
  constructor(request: HTTPServerRequest) {
    this._gzipping = (request.headers.get('accept-encoding') ?? '').includes('gzip');
  }

  /**
   * Decides whether to compress (from the headers and, when `finishing`, the body's size),
   * adjusts the headers, and returns the first piece of the body as it is to be sent.
   */
  transformFirstChunk(headers: HTTPHeaders, chunk: Uint8Array, finishing: boolean): Uint8Array {
    const vary = headers.get('vary');
    headers.set('Vary', vary === undefined ? 'Accept-Encoding' : `${vary}, Accept-Encoding`);
    if (this._gzipping) {
      const type = (headers.get('content-type') ?? '').split(';')[0]!.trim();
      this._gzipping =
        (type.startsWith('text/') || CONTENT_TYPES.has(type)) && (!finishing || chunk.length >= MIN_LENGTH) && !headers.has('content-encoding');
    }
    if (!this._gzipping) return chunk;
    headers.set('Content-Encoding', 'gzip');
    const out = Buffer.concat([HEADER, this.transformChunk(chunk, finishing)]);
    if (headers.has('content-length')) {
      if (finishing) headers.set('Content-Length', out.length);
      else headers.delete('Content-Length');
    }
    return out;
  }

  /** A later piece of the body, compressed if the response is; `finishing` adds the trailer. */
  transformChunk(chunk: Uint8Array, finishing: boolean): Uint8Array {
    if (!this._gzipping) return chunk;
    const parts: Uint8Array[] = [];
    if (chunk.length > 0) {
      this._crc = crc32(chunk, this._crc);
      this._size += chunk.length;
      parts.push(deflateRawSync(chunk, { level: GZIP_LEVEL, finishFlush: constants.Z_SYNC_FLUSH }));
    }
    if (finishing) {
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(this._crc >>> 0, 0);
      trailer.writeUInt32LE(this._size >>> 0, 4);
      parts.push(LAST_BLOCK, trailer);
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
}
