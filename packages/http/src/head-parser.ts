/**
 * Parsing of a message head: the request line or status line, then the header fields, from the
 * head's text (the bytes before the empty line, decoded as latin-1 so each character is one
 * byte). Strict by design, because lenient parsing is what request smuggling exploits: lines end
 * in CRLF only (a bare CR or LF anywhere is rejected), no obsolete line folding, no whitespace
 * between a field name and its colon, no control characters in names or values.
 */
import { HTTPParseError } from './errors.js';
import { FIELD_VALUE, HTTPHeaders, TOKEN } from './http-headers.js';

/** A parsed request head. */
export interface RequestHead {
  /** The method, case-sensitive as sent (`GET`, `POST`, …). */
  readonly method: string;
  /** The request target as sent (`/path?query`, or an absolute URL, or `*`). */
  readonly target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly versionMinor: number;
  /** The header fields. */
  readonly headers: HTTPHeaders;
}

/** A parsed response head. */
export interface ResponseHead {
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly versionMinor: number;
  /** The status code, 100–999. */
  readonly status: number;
  /** The reason phrase (may be empty). */
  readonly reason: string;
  /** The header fields. */
  readonly headers: HTTPHeaders;
}

const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([\x21-\x7e]+) HTTP\/(\d)\.(\d)$/;
const STATUS_LINE = /^HTTP\/(\d)\.(\d) (\d{3})(?: ([\t\x20-\x7e\x80-\xff]*))?$/;

/**
 * Parses a request head (without its final empty line).
 * @throws `HTTPParseError` (400, or 505 for an HTTP version other than 1.0 and 1.1).
 */
export function parseRequestHead(text: string): RequestHead {
  let end = text.indexOf('\r\n');
  if (end < 0) end = text.length;
  const match = REQUEST_LINE.exec(text.slice(0, end));
  if (match === null) throw new HTTPParseError(`malformed request line ${quote(text.slice(0, end))}`);
  const minor = versionMinor(match[3]!, match[4]!);
  const headers = new HTTPHeaders();
  parseFields(text, end, headers);
  return { method: match[1]!, target: match[2]!, versionMinor: minor, headers };
}

/**
 * Parses a response head (without its final empty line).
 * @throws `HTTPParseError`.
 */
export function parseResponseHead(text: string): ResponseHead {
  let end = text.indexOf('\r\n');
  if (end < 0) end = text.length;
  const match = STATUS_LINE.exec(text.slice(0, end));
  if (match === null) throw new HTTPParseError(`malformed status line ${quote(text.slice(0, end))}`);
  const minor = versionMinor(match[1]!, match[2]!);
  const status = Number(match[3]);
  if (status < 100) throw new HTTPParseError(`invalid status code ${match[3]!} in the status line`);
  const headers = new HTTPHeaders();
  parseFields(text, end, headers);
  return { versionMinor: minor, status, reason: match[4] ?? '', headers };
}

/**
 * Parses `name: value` lines starting at the CRLF at `pos` into `headers`. Also used for the
 * trailer section of a chunked body.
 * @throws `HTTPParseError`.
 */
export function parseFields(text: string, pos: number, headers: HTTPHeaders): void {
  const length = text.length;
  while (pos < length) {
    // `pos` is at a CRLF ending the previous line.
    if (text.charCodeAt(pos) !== 13 || text.charCodeAt(pos + 1) !== 10) {
      throw new HTTPParseError('bare CR or LF in the message head: lines must end with CRLF');
    }
    const start = pos + 2;
    let end = text.indexOf('\r\n', start);
    if (end < 0) end = length;
    const colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end) {
      const first = text.charCodeAt(start);
      if (first === 32 || first === 9) throw new HTTPParseError('obsolete line folding in a header field is not accepted');
      throw new HTTPParseError(`header line without a colon: ${quote(text.slice(start, end))}`);
    }
    const name = text.slice(start, colon);
    if (!TOKEN.test(name)) throw new HTTPParseError(`invalid header name ${quote(name)}`);
    let vs = colon + 1;
    let ve = end;
    while (vs < ve && isBlank(text.charCodeAt(vs))) vs++;
    while (ve > vs && isBlank(text.charCodeAt(ve - 1))) ve--;
    const value = text.slice(vs, ve);
    if (!FIELD_VALUE.test(value)) throw new HTTPParseError(`invalid character (CR, LF, NUL or control) in the value of header ${name}`);
    headers._append(name, value);
    pos = end;
  }
}

function versionMinor(major: string, minor: string): number {
  if (major !== '1' || (minor !== '0' && minor !== '1')) {
    throw new HTTPParseError(`HTTP/${major}.${minor} is not supported: only HTTP/1.0 and HTTP/1.1`, 505);
  }
  return minor === '1' ? 1 : 0;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Quotes some received text for an error message, cut short and with controls escaped. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
