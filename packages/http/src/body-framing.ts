/**
 * How the body of a message is delimited (RFC 9112 section 6.3), decided from its head. This is
 * where request smuggling is refused: a message with both `Content-Length` and
 * `Transfer-Encoding`, several `Content-Length` fields, a `Content-Length` that is not plain
 * digits, or a transfer coding other than a single final `chunked` never gets a framing.
 *
 * The result is a number, so deciding it allocates nothing: a length (0 for no body),
 * `CHUNKED`, or `UNTIL_CLOSE`.
 */
import { HTTPParseError } from './errors.js';
import type { HTTPHeaders } from './http-headers.js';
import type { RequestHead, ResponseHead } from './head-parser.js';

/** The body is chunked. */
export const CHUNKED = -1;
/** The body runs until the connection closes (responses only). */
export const UNTIL_CLOSE = -2;

const DIGITS = /^\d{1,15}$/;

/**
 * The framing of a request body: its length (0 when there is none) or `CHUNKED`.
 * @throws `HTTPParseError` (400 for smuggling attempts and bad lengths, 501 for an unknown
 *   transfer coding, 413 when the declared length is over `maxBodySize`).
 */
export function requestFraming(head: RequestHead, maxBodySize: number): number {
  const headers = head.headers;
  if (headers._indexOf('transfer-encoding') >= 0) {
    if (headers._indexOf('content-length') >= 0) {
      throw new HTTPParseError('a request with both Content-Length and Transfer-Encoding is refused (request smuggling)');
    }
    if (head.versionMinor === 0) throw new HTTPParseError('Transfer-Encoding in an HTTP/1.0 request is refused');
    checkChunkedOnly(headers);
    return CHUNKED;
  }
  return contentLength(headers, maxBodySize);
}

/**
 * The framing of a response body, given the method of the request it answers.
 * @throws `HTTPParseError`, as `requestFraming()`.
 */
export function responseFraming(head: ResponseHead, requestMethod: string, maxBodySize: number): number {
  const status = head.status;
  if (requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304) return 0;
  const headers = head.headers;
  if (headers._indexOf('transfer-encoding') >= 0) {
    if (headers._indexOf('content-length') >= 0) {
      throw new HTTPParseError('a response with both Content-Length and Transfer-Encoding is refused (response smuggling)');
    }
    checkChunkedOnly(headers);
    return CHUNKED;
  }
  if (headers._indexOf('content-length') < 0) return UNTIL_CLOSE;
  return contentLength(headers, maxBodySize);
}

function checkChunkedOnly(headers: HTTPHeaders): void {
  const codings = headers
    .getAll('transfer-encoding')
    .join(',')
    .split(',')
    .map((c) => c.trim().toLowerCase());
  const last = codings[codings.length - 1];
  if (last !== 'chunked') {
    throw new HTTPParseError(`Transfer-Encoding must end with chunked, got ${JSON.stringify(codings.join(', '))}`);
  }
  if (codings.length !== 1) {
    throw new HTTPParseError(`only the chunked transfer coding is supported, got ${JSON.stringify(codings.join(', '))}`, 501);
  }
}

function contentLength(headers: HTTPHeaders, maxBodySize: number): number {
  const first = headers._indexOf('content-length');
  if (first < 0) return 0;
  if (headers.getAll('content-length').length > 1) {
    throw new HTTPParseError('several Content-Length fields are refused (request smuggling)');
  }
  const value = headers._values[first]!;
  if (!DIGITS.test(value)) throw new HTTPParseError(`invalid Content-Length ${JSON.stringify(value)}: it must be decimal digits`);
  const length = Number(value);
  if (length > maxBodySize) {
    throw new HTTPParseError(`the body (Content-Length ${length}) is over the limit of ${maxBodySize} bytes`, 413);
  }
  return length;
}
