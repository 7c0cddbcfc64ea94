/**
 * `ChunkedDecoder`: the incremental decoder of the chunked transfer coding (RFC 9112 section 7.1).
 * It takes bytes as they come, in any split, hands out the data of each chunk as views of the
 * input (no copy), and stops at the end of the trailer section. Strict: a chunk size is 1–15 hex
 * digits (no sign, no `0x`, no leading space), a size line is at most 4 KiB, chunk data must be
 * followed by exactly CRLF, trailers are checked as header fields and count against the header
 * size limit, and the decoded total counts against the body size limit.
 */
import { HTTPParseError } from './errors.js';
import { parseFields, quote } from './head-parser.js';
import { HTTPHeaders } from './http-headers.js';

const SIZE_LINE = /^([0-9A-Fa-f]{1,15})(?:[\t ]*;[\t\x20-\x7e\x80-\xff]*)?$/;
const MAX_SIZE_LINE = 4096;

const SIZE = 0;
const DATA = 1;
const DATA_CR = 2;
const DATA_LF = 3;
const TRAILER = 4;
const DONE = 5;

/** Receives the decoded data. */
export type ChunkSink = (data: Uint8Array) => void;

/** Decodes one chunked body. */
export class ChunkedDecoder {
  private _state = SIZE;
  /** Bytes of the current chunk still to come. */
  private _remaining = 0;
  /** The partial size line or trailer section (latin-1), across input chunks. */
  private _line = '';
  private _total = 0;
  /** The trailer fields, once the body is complete (`null` if it had none). */
  trailers: HTTPHeaders | null = null;

  /**
   * @param maxBodySize Limit of the decoded body, in bytes (413 past it).
   * @param maxTrailerSize Limit of the trailer section, in bytes (431 past it).
   */
  constructor(
    private readonly maxBodySize: number,
    private readonly maxTrailerSize: number,
  ) {}

  /** True once the last chunk and the trailer section have been read. */
  get done(): boolean {
    return this._state === DONE;
  }

  /**
   * Decodes from `input`, passing chunk data to `sink`; returns how many bytes of `input` were
   * used (less than all only once the body is complete).
   * @throws `HTTPParseError` on malformed input or a limit.
   */
  decode(input: Buffer, sink: ChunkSink): number {
    const length = input.length;
    let pos = 0;
    while (pos < length) {
      switch (this._state) {
        case SIZE: {
          const lf = input.indexOf(10, pos);
          const end = lf < 0 ? length : lf;
          if (this._line.length + (end - pos) > MAX_SIZE_LINE) {
            throw new HTTPParseError(`chunk size line longer than ${MAX_SIZE_LINE} bytes`);
          }
          this._line += latin1(input, pos, end);
          if (lf < 0) return length;
          pos = lf + 1;
          this._sizeLine();
          break;
        }
        case DATA: {
          const take = Math.min(this._remaining, length - pos);
          if (take > 0) sink(input.subarray(pos, pos + take));
          pos += take;
          this._remaining -= take;
          if (this._remaining === 0) this._state = DATA_CR;
          break;
        }
        case DATA_CR:
          if (input[pos] !== 13) throw new HTTPParseError('chunk data is not followed by CRLF (wrong chunk size?)');
          pos++;
          this._state = DATA_LF;
          break;
        case DATA_LF:
          if (input[pos] !== 10) throw new HTTPParseError('chunk data is not followed by CRLF (wrong chunk size?)');
          pos++;
          this._state = SIZE;
          break;
        case TRAILER: {
          const end = findEnd(this._line, input, pos);
          const stop = end < 0 ? length : end;
          if (this._line.length + (stop - pos) > this.maxTrailerSize) {
            throw new HTTPParseError(`the trailer section is over the limit of ${this.maxTrailerSize} bytes`, 431);
          }
          this._line += latin1(input, pos, stop);
          if (end < 0) return length;
          pos = end;
          this._trailers();
          return pos;
        }
        default:
          return pos;
      }
    }
    return pos;
  }

  private _sizeLine(): void {
    let line = this._line;
    this._line = '';
    if (line.charCodeAt(line.length - 1) !== 13) throw new HTTPParseError('chunk size line does not end with CRLF');
    line = line.slice(0, -1);
    const match = SIZE_LINE.exec(line);
    if (match === null) throw new HTTPParseError(`invalid chunk size line ${quote(line)}`);
    const size = parseInt(match[1]!, 16);
    this._total += size;
    if (this._total > this.maxBodySize) {
      throw new HTTPParseError(`the chunked body is over the limit of ${this.maxBodySize} bytes`, 413);
    }
    if (size === 0) {
      // The trailer section starts here; a CRLF stands for the end of the (empty) last line.
      this._state = TRAILER;
      this._line = '\r\n';
    } else {
      this._remaining = size;
      this._state = DATA;
    }
  }

  private _trailers(): void {
    // `_line` is CRLF, the trailer lines each with its CRLF, then the final CRLF.
    const text = this._line.slice(0, -4);
    this._line = '';
    this._state = DONE;
    if (text.length === 0) return;
    const trailers = new HTTPHeaders();
    parseFields(text, 0, trailers);
    this.trailers = trailers;
  }
}

/**
 * Where the trailer section ends in `input` (the index after its CRLFCRLF), looking across the
 * text already gathered in `prefix`; -1 if not yet.
 */
function findEnd(prefix: string, input: Buffer, pos: number): number {
  // The CRLFCRLF may straddle the previous input; check the joins one byte at a time.
  const tail = prefix.slice(-3);
  for (let k = 0; k < tail.length && pos + k < input.length; k++) {
    const candidate = tail.slice(k) + latin1(input, pos, Math.min(input.length, pos + 4 - (tail.length - k)));
    if (candidate.length === 4 && candidate === '\r\n\r\n') return pos + 4 - (tail.length - k);
  }
  const i = input.indexOf('\r\n\r\n', pos);
  return i < 0 ? -1 : i + 4;
}

function latin1(input: Buffer, start: number, end: number): string {
  return input.toString('latin1', start, end);
}
