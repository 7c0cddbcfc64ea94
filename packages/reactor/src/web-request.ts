/**
 * Twisted's `twisted.web.server.Request`: what a resource renders. It carries the request
 * (`method`, `uri`, `path`, `args`, `content`, `requestHeaders`, `prepath`/`postpath`) and builds
 * the response (`setResponseCode`, `setHeader`, `write`, `finish`), over one request of an
 * `@async/http` server. `notifyFinish()` fires when the response is done, or fails if the
 * client went away first. `render(resource)` is Twisted's: 405/501 for an unsupported method,
 * HEAD answered from `render_GET`, a 500 page for a render that fails or returns no body.
 */
import type { HTTPServerRequest, HTTPServerResponse } from '@async/http';
import { InvalidArgumentError, InvalidStateError, describeValue } from '@async/loop';
import { toAddress, type Address } from './address.js';
import { Deferred } from './deferred.js';
import { ConnectionLost } from './errors.js';
import { Failure } from './failure.js';
import { Headers } from './web-headers.js';
import { UnsupportedMethod } from './web-error.js';
import { ErrorPage, NOT_DONE_YET, type RenderResult, type Resource } from './web-resource.js';
import type { Site } from './web-site.js';

/** The methods Twisted answers 405 for when a resource lacks them (others get 501). */
const SUPPORTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Twisted's `request.content`: the request body as a file, read from the start. */
export class RequestContent {
  private _position = 0;

  constructor(private readonly _data: Uint8Array) {}

  /** Up to `size` bytes from the current position (all the rest by default). */
  read(size = -1): Uint8Array {
    const end = size < 0 ? this._data.length : Math.min(this._data.length, this._position + size);
    const out = this._data.subarray(this._position, end);
    this._position = end;
    return out;
  }

  /** Moves the read position (Python's `seek(offset)`). */
  seek(offset: number): void {
    this._position = Math.max(0, Math.min(this._data.length, offset));
  }

  /** The current read position. */
  tell(): number {
    return this._position;
  }

  /** The whole body. */
  getvalue(): Uint8Array {
    return this._data;
  }
}

/** Twisted's `Request`. */
export class Request {
  /** The method, such as `'GET'` (Twisted's bytes `b"GET"`). */
  method: string;
  /** The request target as sent, such as `'/a/b?x=1'`. */
  readonly uri: string;
  /** The path part of `uri` (still percent-encoded). */
  readonly path: string;
  /** Query (and, for a form POST, body) arguments: each name with all its values. */
  readonly args: Record<string, string[]>;
  /** The request body, as a file. */
  readonly content: RequestContent;
  /** `'HTTP/1.1'` or `'HTTP/1.0'`. */
  readonly clientproto: string;
  /** The response's header fields (sent on the first `write()`). */
  readonly responseHeaders = new Headers();
  /** Path segments already walked by the site (decoded). */
  prepath: string[] = [];
  /** Path segments left to walk (decoded). */
  postpath: string[];
  /** The `prepath` at the site's root. */
  sitepath: string[] = [];
  /** The response status code (default 200). */
  code = 200;
  /** The response reason phrase (Twisted's `code_message`). */
  codeMessage = 'OK';
  /** True once `finish()` was called. */
  finished = false;
  /** True once the response head was sent. */
  startedWriting = false;
  /** The `Content-Type` added when a body is written without one (Twisted's default). */
  defaultContentType: string | null = 'text/html';
  private _disconnected = false;
  /** The `notifyFinish()` Deferreds still waiting; `null` until there is one. */
  private _notifications: Deferred<void>[] | null = null;
  private _requestHeaders: Headers | null = null;

  /** @internal Made by `Site` for each request. */
  constructor(
    /** The site that received the request. */
    readonly site: Site,
    /** @internal */ readonly _request: HTTPServerRequest,
    /** @internal */ readonly _response: HTTPServerResponse,
  ) {
    this.method = _request.method;
    this.uri = _request.url;
    this.path = _request.path;
    this.clientproto = _request.version;
    this.content = new RequestContent(_request.body);
    this.postpath = this.path.slice(1).split('/').map(unquote);
    const args: Record<string, string[]> = {};
    addArgs(args, _request.query);
    const type = _request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (this.method === 'POST' && type === 'application/x-www-form-urlencoded') addArgs(args, decoder.decode(_request.body));
    this.args = args;
  }

  /** The request's header fields (converted from the parsed ones when first asked for). */
  get requestHeaders(): Headers {
    return (this._requestHeaders ??= Headers.fromHTTPHeaders(this._request.headers));
  }

  /** The last value of request header `name`, or `null`. */
  getHeader(name: string): string | null {
    const values = this.requestHeaders.getRawHeaders(name);
    return values === null ? null : values[values.length - 1]!;
  }

  /** Sets response header `name` to `value` (replacing any earlier value). */
  setHeader(name: string, value: string | number): void {
    this.responseHeaders._setOne(name, String(value));
  }

  /**
   * Sets the response status (and optionally the reason phrase).
   * @throws InvalidArgumentError for a code that is not an integer from 100 to 999.
   */
  setResponseCode(code: number, message?: string): void {
    if (!Number.isInteger(code) || code < 100 || code > 999) {
      throw new InvalidArgumentError(`setResponseCode() takes a status code from 100 to 999, got ${describeValue(code)}`);
    }
    this.code = code;
    this.codeMessage = message ?? '';
  }

  /** Redirects to `url` (302 with a `Location`). */
  redirect(url: string): void {
    this.setResponseCode(302);
    this.setHeader('location', url);
  }

  /** The client's address (Twisted's `getClientAddress()`). */
  getClientAddress(): Address {
    return toAddress(this._request.getExtraInfo('peername'));
  }

  /** The server's address the request came in on. */
  getHost(): Address {
    return toAddress(this._request.getExtraInfo('sockname'));
  }

  /** True for a request over TLS. */
  isSecure(): boolean {
    return this._request.getExtraInfo('cipher') !== undefined;
  }

  /**
   * Writes part of the body, sending the head first. Ignored once the client is gone.
   * @throws InvalidStateError after `finish()`.
   */
  write(data: Uint8Array | string): void {
    if (this.finished) {
      throw new InvalidStateError('Request.write called on a request after Request.finish was called.');
    }
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (!(bytes instanceof Uint8Array)) {
      throw new InvalidArgumentError(`Request.write() takes bytes or a string, got ${describeValue(data)}`);
    }
    if (this._isDisconnected()) return;
    if (!this.startedWriting) this._sendHead();
    if (bytes.length > 0) this._response.write(bytes);
    else this._response.flushHeaders();
  }

  /**
   * Ends the response.
   * @throws InvalidStateError if already finished, or if the connection was lost (use
   *   `notifyFinish()` to learn of that).
   */
  finish(): void {
    if (this._isDisconnected()) {
      throw new InvalidStateError(
        'Request.finish called on a request after its connection was lost; use Request.notifyFinish to keep track of this.',
      );
    }
    if (this.finished) throw new InvalidStateError('Request.finish called twice on the same request');
    if (!this.startedWriting) this._sendHead();
    this.finished = true;
    this._response.end();
    const notifications = this._notifications;
    if (notifications === null) return;
    this._notifications = null;
    for (const d of notifications) d.callback(undefined);
  }

  /**
   * A Deferred that fires when the response is finished, or fails (with `ConnectionLost`) if
   * the connection is lost first. Called after either, it has already fired.
   */
  notifyFinish(): Deferred<void> {
    const d = new Deferred<void>();
    if (this.finished) d.callback(undefined);
    else if (this._isDisconnected()) d.errback(new Failure(new ConnectionLost('the client went away before the response was finished')));
    else if (this._notifications !== null) this._notifications.push(d);
    else {
      this._notifications = [d];
      // Only a request someone waits on hears of a lost connection; the others find out when
      // they write (`_isDisconnected()`), which spares every request a future and a loop callback.
      this._response.waitFinished().addDoneCallback((f) => {
        if (!f.cancelled() && f.exception() !== null) this._connectionLost(f.exception() as Error);
      });
    }
    return d;
  }

  /** Renders `resource` and answers with what it returns, as Twisted's `Request.render`. */
  render(resource: Resource): void {
    let body: RenderResult;
    try {
      body = resource.render(this);
    } catch (error) {
      if (!(error instanceof UnsupportedMethod)) throw error;
      const allowed = error.allowedMethods;
      if (this.method === 'HEAD' && allowed.includes('GET')) {
        this.method = 'GET';
        try {
          body = resource.render(this);
        } finally {
          this.method = 'HEAD';
        }
        if (body !== NOT_DONE_YET) {
          this.setHeader('content-length', String(byteLength(body)));
          this.write('');
          this.finish();
        }
        return;
      }
      if (SUPPORTED_METHODS.has(this.method)) {
        this.setHeader('Allow', allowed.join(', '));
        const detail =
          `Your browser approached me (at ${escape(this.uri)}) with the method "${this.method}".  ` +
          `I only allow the method${allowed.length > 1 ? 's' : ''} ${allowed.join(', ')} here.`;
        body = new ErrorPage(405, 'Method Not Allowed', detail).render(this);
      } else {
        body = new ErrorPage(501, 'Huh?', `I don't know how to treat a ${escape(this.method)} request.`).render(this);
      }
    }
    if (body === NOT_DONE_YET) return;
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
      body = new ErrorPage(500, 'Request did not return bytes', `Value: ${escape(describeValue(body))}`).render(this);
    }
    const bytes = typeof body === 'string' ? encoder.encode(body) : (body as Uint8Array);
    if (this.method !== 'HEAD') {
      this.setHeader('content-length', String(bytes.length));
      this.write(bytes);
    } else {
      // A HEAD render that returned a body still tells its length (Twisted eats the body).
      if (bytes.length > 0) this.setHeader('content-length', String(bytes.length));
      this.write('');
    }
    this.finish();
  }

  /** Answers 500 for a render that threw (Twisted's `processingFailed`). */
  processingFailed(reason: Failure): Failure {
    if (this.finished || this._isDisconnected()) return reason;
    if (this.startedWriting) {
      this._request.connection.transport?.abort();
      return reason;
    }
    const body = '<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>';
    this.setResponseCode(500);
    this.setHeader('content-type', 'text/html');
    this.setHeader('content-length', String(body.length));
    this.write(body);
    this.finish();
    return reason;
  }

  /** `<Request at 0x… method GET uri /path clientproto HTTP/1.1>`, as Twisted's repr. */
  toString(): string {
    return `<Request method ${this.method} uri ${this.uri} clientproto ${this.clientproto}>`;
  }

  private _sendHead(): void {
    this.startedWriting = true;
    const response = this._response;
    const needsType = this.code !== 304 && this.code !== 204;
    const length = this.responseHeaders.getRawHeaders('content-length');
    if (needsType && this.defaultContentType !== null && !this.responseHeaders.hasHeader('content-type') && length?.[0] !== '0') {
      this.responseHeaders.setRawHeaders('content-type', [this.defaultContentType]);
    }
    response.statusCode = this.code;
    response.reason = this.codeMessage === '' ? undefined : this.codeMessage;
    this.responseHeaders._addTo(response.headers);
  }

  /** True once the connection was lost before the response finished. */
  private _isDisconnected(): boolean {
    if (!this._disconnected && !this.finished && this._response.closed) this._disconnected = true;
    return this._disconnected;
  }

  /** @internal The connection was lost before the response finished: fails `notifyFinish()`. */
  _connectionLost(error: Error): void {
    if (this.finished) return;
    this._disconnected = true;
    const notifications = this._notifications;
    if (notifications === null) return;
    this._notifications = null;
    const reason = new Failure(new ConnectionLost(`Connection lost: ${error.message}`, { cause: error }));
    for (const d of notifications) d.errback(reason);
  }
}

function addArgs(args: Record<string, string[]>, query: string): void {
  if (query === '') return;
  for (const [name, value] of new URLSearchParams(query)) (args[name] ??= []).push(value);
}

function unquote(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function byteLength(body: RenderResult): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.length : 0;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
