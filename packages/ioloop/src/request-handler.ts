/**
 * `RequestHandler`: the base class of `tornado.web` handlers. Subclass it and define `get()`,
 * `post()`, … : each may return nothing, a `Future`, a promise or a generator (driven as a
 * Tornado coroutine on the IOLoop, so `yield* client.fetch(url)` works in it). The response is
 * buffered by `write()` and sent by `finish()` — called for you once the method is done, unless
 * it was called already — with `Content-Length` and, for a 200 answer to GET or HEAD, an `Etag`
 * (answering `If-None-Match` with a 304). An exception in the handler becomes an error page:
 * `HTTPError`'s status, else 500 (reported to the loop's exception handler).
 */
import { createHash } from 'node:crypto';
import {
  type Future,
  InvalidArgumentError,
  InvalidStateError,
  _enterDispatch,
  describeValue,
  isCoroutine,
  isThenable,
} from '@async/loop';
import { HTTPHeaders, reasonFor } from '@async/http';
import { IOLoop } from './ioloop.js';
import { convertYielded } from './convert-yielded.js';
import type { HTTPServerRequest } from './http-server-request.js';
import type { ArgumentMap } from './form-arguments.js';
import { Finish, HTTPError, MissingArgumentError } from './web-errors.js';
import type { Application, ApplicationSettings } from './application.js';
import { type CookieOptions, formatSetCookie } from './cookies.js';
import { GZipContentEncoding } from './gzip-content-encoding.js';

/** What `initialize()` receives: the third element of the handler's rule. */
export type HandlerKwargs = Record<string, any>;

/** A `RequestHandler` subclass, as handler rules name them. */
export type RequestHandlerClass = new (application: Application, request: HTTPServerRequest) => RequestHandler;

/** What a handler method may return: nothing, or something to wait for (a future, a promise, a generator). */
export type HandlerResult = unknown;

/** Options of `sendError()` and `writeError()` (Tornado's `**kwargs`). */
export interface ErrorDetails {
  /** The reason phrase to send. */
  reason?: string;
  /** The exception that caused the error (Tornado's `exc_info`). */
  exception?: unknown;
  /** Anything else a `writeError()` override wants. */
  [key: string]: unknown;
}

/** A header value as `setHeader()` takes it: text, a number, a date, or bytes (read as latin1). */
export type HeaderValue = string | number | Date | Uint8Array;

const UNSAFE_HEADER_CHARS = /[\x00-\x1f]/;
const CONTROL_CHARS = /[\x00-\x08\x0e-\x1f]/g;
const ETAG_LIST = /\*|(?:W\/)?"[^"]*"/g;
const EMPTY = new Uint8Array(0);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const SERVER = 'TornadoServer/6.2 (@async/ioloop)';
const NO_DEFAULT: unique symbol = Symbol('no default');

/** The base class of request handlers. */
export class RequestHandler {
  /** The methods this handler class serves; any other gets a 405. */
  static SUPPORTED_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'DELETE', 'PATCH', 'PUT', 'OPTIONS'];
  /** The application that routed the request here. */
  readonly application: Application;
  /** The request. */
  readonly request: HTTPServerRequest;
  /** The IOLoop the request is served on. */
  readonly ioloop: IOLoop;
  /** The positional arguments from the rule's regex groups (unmatched groups are `undefined`). */
  pathArgs: (string | undefined)[] = [];
  /** The named groups of the rule's regex (then passed to the method as one object). */
  pathKwargs: Record<string, string | undefined> = {};
  /** @internal */ _headers = new HTTPHeaders();
  /** @internal */ _statusCode = 200;
  /** @internal */ _reason = 'OK';
  /** @internal */ _writeBuffer: Uint8Array[] = [];
  /** @internal */ _headersWritten = false;
  /** @internal */ _finished = false;
  /** @internal The gzip transform of this response, once its head is sent with `compressResponse`. */
  _gzip: GZipContentEncoding | null = null;
    /** @internal Cookies set by this handler: name → `Set-Cookie` value. */
  _newCookies: Map<string, string> | null = null;
  /** @internal Call `finish()` once the method is done (Tornado's `_auto_finish`). */
  _autoFinish = true;

  /**
   * Made by the `Application` for each request, which then calls `clear()` and `initialize()`
   * (Tornado calls them from the constructor; here they run once subclass fields exist).
   */
  constructor(application: Application, request: HTTPServerRequest) {
    this.application = application;
    this.request = request;
    this.ioloop = request.connection?.ioloop ?? IOLoop.current();
  }

  /** The application's settings. */
  get settings(): ApplicationSettings {
    return this.application.settings;
  }

  /** `application.reverseUrl()`: the path of a named rule. */
  reverseUrl(name: string, ...args: unknown[]): string {
    return this.application.reverseUrl(name, ...args);
  }

    /** Override to take the rule's keyword arguments (the third element of the rule). */
  initialize(_kwargs: HandlerKwargs): void {}

  /** Called before the method; may return something to wait for, and may `finish()` to skip the method. */
  prepare(): HandlerResult {
    return undefined;
  }

  /** Called once the response is finished (for cleanup and logging). */
  onFinish(): void {}

  /** Answers GET; the default is a 405. */
  get(..._args: any[]): HandlerResult {
    throw new HTTPError(405);
  }
  /** Answers HEAD; the default is a 405. */
  head(..._args: any[]): HandlerResult {
    throw new HTTPError(405);
  }
  /** Answers POST; the default is a 405. */
  post(..._args: any[]): HandlerResult {
    throw new HTTPError(405);
  }
  /** Answers DELETE; the default is a 405. */
  delete(..._args: any[]): HandlerResult {
    throw new HTTPError(405);
  }
  /** Answers PATCH; the default is a 405. */
  patch(..._args: any[]): HandlerResult {
    throw new HTTPError(405);
  }
  /** Answers PUT; the default is a 405. */
  put(..._args: any[]): HandlerResult {
    throw new HTTPError(405);
  }
  /** Answers OPTIONS; the default is a 405. */
  options(..._args: any[]): HandlerResult {
    throw new HTTPError(405);
  }

  /** Resets the headers, status and buffered body (the defaults, then `setDefaultHeaders()`). */
  clear(): void {
    this._headers = new HTTPHeaders();
    this._headers.set('Server', SERVER);
    this._headers.set('Content-Type', 'text/html; charset=UTF-8');
    this.setDefaultHeaders();
    this._writeBuffer = [];
    this._statusCode = 200;
    this._reason = 'OK';
  }

  /** Override to set headers every response of this handler starts with. */
  setDefaultHeaders(): void {}

  /**
   * Sets the status, and the reason phrase (default the standard one, `Unknown` for others).
   * @throws InvalidArgumentError for a status that is not an integer from 100 to 999.
   */
  setStatus(statusCode: number, reason?: string | null): void {
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999) {
      throw new InvalidArgumentError(`setStatus() needs an integer status from 100 to 999, got ${describeValue(statusCode)}`);
    }
    this._statusCode = statusCode;
    this._reason = reason ?? reasonFor(statusCode);
  }

  /** The status set so far. */
  getStatus(): number {
    return this._statusCode;
  }

  /**
   * Sets a header, replacing any of that name.
   * @throws InvalidArgumentError for a control character in the value, or a bad name.
   */
  setHeader(name: string, value: HeaderValue): void {
    this._headers.set(name, convertHeaderValue(value));
  }

  /** Adds a header (a field may appear several times, such as `Set-Cookie`). */
  addHeader(name: string, value: HeaderValue): void {
    this._headers.add(name, convertHeaderValue(value));
  }

  /** Removes a header set earlier (the defaults too). */
  clearHeader(name: string): void {
    this._headers.delete(name);
  }

  /**
   * The last value of argument `name` from the query or the body, decoded and stripped of
   * surrounding whitespace (`strip`). Without a default, a missing argument raises
   * `MissingArgumentError` (a 400 answer).
   */
  getArgument(name: string): string;
  getArgument<D>(name: string, defaultValue: D, strip?: boolean): string | D;
  getArgument(name: string, defaultValue: unknown = NO_DEFAULT, strip = true): unknown {
    return this._getArgument(name, defaultValue, this.request.arguments, strip);
  }

  /** Every value of argument `name` (query and body), decoded; `[]` if none. */
  getArguments(name: string, strip = true): string[] {
    return this._getArguments(name, this.request.arguments, strip);
  }

  /** As `getArgument()`, from the query string only. */
  getQueryArgument(name: string): string;
  getQueryArgument<D>(name: string, defaultValue: D, strip?: boolean): string | D;
  getQueryArgument(name: string, defaultValue: unknown = NO_DEFAULT, strip = true): unknown {
    return this._getArgument(name, defaultValue, this.request.queryArguments, strip);
  }

  /** As `getArguments()`, from the query string only. */
  getQueryArguments(name: string, strip = true): string[] {
    return this._getArguments(name, this.request.queryArguments, strip);
  }

  /** As `getArgument()`, from the body only. */
  getBodyArgument(name: string): string;
  getBodyArgument<D>(name: string, defaultValue: D, strip?: boolean): string | D;
  getBodyArgument(name: string, defaultValue: unknown = NO_DEFAULT, strip = true): unknown {
    return this._getArgument(name, defaultValue, this.request.bodyArguments, strip);
  }

  /** As `getArguments()`, from the body only. */
  getBodyArguments(name: string, strip = true): string[] {
    return this._getArguments(name, this.request.bodyArguments, strip);
  }

  /** The request's cookies: name → value. */
  get cookies(): Record<string, string> {
    return this.request.cookies;
  }

  /** The value of cookie `name`, or `defaultValue` (default `undefined`). */
  getCookie(name: string): string | undefined;
  getCookie<D>(name: string, defaultValue: D): string | D;
  getCookie(name: string, defaultValue?: unknown): unknown {
    const cookies = this.request.cookies;
    return Object.hasOwn(cookies, name) ? cookies[name] : defaultValue;
  }

  /**
   * Sets cookie `name` (sent as a `Set-Cookie` header with the response; setting it again
   * replaces it). `path` defaults to `/`.
   * @throws InvalidArgumentError for a name or value with spaces or control characters.
   */
  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    (this._newCookies ??= new Map()).set(name, formatSetCookie(name, value, options));
  }

  /** Deletes cookie `name` in the client (an empty value that expired a year ago). */
  clearCookie(name: string, options: Pick<CookieOptions, 'path' | 'domain'> = {}): void {
    this.setCookie(name, '', { ...options, expires: new Date(Date.now() - 365 * 86_400_000) });
  }

  /** Deletes every cookie the request sent. */
  clearAllCookies(options: Pick<CookieOptions, 'path' | 'domain'> = {}): void {
    for (const name of Object.keys(this.request.cookies)) this.clearCookie(name, options);
  }

  /**
   * Decodes an argument's bytes (UTF-8 by default; override for another encoding).
   * @throws HTTPError 400 for bytes that are not UTF-8.
   */
  decodeArgument(value: Uint8Array, name?: string): string {
    try {
      return utf8.decode(value);
    } catch {
      const shown = Buffer.from(value.subarray(0, 40)).toString('latin1');
      throw new HTTPError(400, `Invalid unicode in ${name ?? 'url'}: ${JSON.stringify(shown)}`);
    }
  }

  /**
   * Adds to the buffered body: text (UTF-8), bytes, or an object written as JSON (and the
   * `Content-Type` set to `application/json`). Arrays are refused, as in Tornado.
   * @throws InvalidStateError after `finish()`; InvalidArgumentError for anything else.
   */
  write(chunk: string | Uint8Array | Record<string, unknown>): void {
    if (this._finished) throw new InvalidStateError('Cannot write() after finish()');
    if (typeof chunk === 'string') {
      this._writeBuffer.push(Buffer.from(chunk, 'utf8'));
    } else if (chunk instanceof Uint8Array) {
      this._writeBuffer.push(chunk);
    } else if (typeof chunk === 'object' && chunk !== null && !Array.isArray(chunk)) {
      this.setHeader('Content-Type', 'application/json; charset=UTF-8');
      this._writeBuffer.push(Buffer.from(JSON.stringify(chunk).replaceAll('</', '<\\/'), 'utf8'));
    } else {
      const lists = Array.isArray(chunk) ? '. Lists not accepted for security reasons (wrap them in an object)' : '';
      throw new InvalidArgumentError(`write() only accepts bytes, strings and objects, got ${describeValue(chunk)}${lists}`);
    }
  }

  /**
   * Sends what is buffered now (the head first, if not sent yet); the rest of the body follows
   * chunked. The future resolves once the connection can take more.
   */
  flush(): Future<void> {
    return this._flush(false);
  }

  private _flush(finishing: boolean): Future<void> {
    const connection = this._connection();
    let chunk = this._takeBuffer();
    if (!this._headersWritten) {
      this._headersWritten = true;
      chunk = this._transformFirstChunk(chunk, finishing);
      this._addCookieHeaders();
      return connection.writeHeaders(
        { code: this._statusCode, reason: this._reason },
        this._headers,
        this.request.method === 'HEAD' ? null : chunk,
      );
    }
    if (this._gzip !== null) chunk = this._gzip.transformChunk(chunk, finishing);
    if (this.request.method !== 'HEAD') return connection.write(chunk);
    const done = this.ioloop.createFuture<void>();
    done.setResult(undefined);
    return done;
  }

  /** Starts the output transforms (`compressResponse`) on the first piece of the body. */
  private _transformFirstChunk(chunk: Uint8Array, finishing: boolean): Uint8Array {
    const settings = this.application.settings;
    if (settings.compressResponse !== true && settings['gzip'] !== true) return chunk;
    this._gzip = new GZipContentEncoding(this.request);
    return this._gzip.transformFirstChunk(this._headers, chunk, finishing);
  }

  /**
   * Finishes the response, writing `chunk` first if given: sends what is buffered (with
   * `Content-Length` and, for a 200 answer to GET or HEAD, an `Etag`), then calls `onFinish()`.
   * @throws InvalidStateError if called twice, or with a body for a 1xx, 204 or 304 status.
   */
  finish(chunk?: string | Uint8Array | Record<string, unknown> | null): Future<void> {
    if (this._finished) throw new InvalidStateError('finish() called twice');
    if (chunk !== undefined && chunk !== null) this.write(chunk);
    const connection = this._connection();
    if (!this._headersWritten) {
      const method = this.request.method;
      if (this._statusCode === 200 && (method === 'GET' || method === 'HEAD') && !this._headers.has('etag')) {
        this.setEtagHeader();
        if (this.checkEtagHeader()) {
          this._writeBuffer = [];
          this.setStatus(304);
        }
      }
      const status = this._statusCode;
      if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
        if (this._writeBuffer.some((part) => part.length > 0)) {
          throw new InvalidStateError(`Cannot send body with ${status}`);
        }
        this._clearRepresentationHeaders();
      } else if (!this._headers.has('content-length')) {
        let length = 0;
        for (const part of this._writeBuffer) length += part.length;
        this.setHeader('Content-Length', length);
      }
      this._headersWritten = true;
      const body = this._transformFirstChunk(this._takeBuffer(), true);
      this._addCookieHeaders();
      connection._respond({ code: this._statusCode, reason: this._reason }, this._headers, method === 'HEAD' ? null : body);
    } else {
      // Nobody waits on this last flush: a client gone meanwhile is no error worth reporting.
      this._flush(true).addDoneCallback(ignoreOutcome);
      connection.finish();
    }
    this.request._finishTime = Date.now();
    this._finished = true;
    this.application.logRequest(this);
    this.onFinish();
    const done = this.ioloop.createFuture<void>();
    done.setResult(undefined);
    return done;
  }

  /** True once `finish()` was called. */
  get finished(): boolean {
    return this._finished;
  }

  /**
   * Redirects to `url`: status 302, 301 if `permanent`, or `status` (300–399), and finishes.
   * @throws InvalidStateError once the head was sent; InvalidArgumentError for a status outside 3xx.
   */
  redirect(url: string, permanent = false, status?: number): void {
    if (this._headersWritten) throw new InvalidStateError('Cannot redirect after headers have been written');
    let code = permanent ? 301 : 302;
    if (status !== undefined) {
      if (!Number.isInteger(status) || status < 300 || status > 399) {
        throw new InvalidArgumentError(`redirect() status must be from 300 to 399, got ${describeValue(status)}`);
      }
      code = status;
    }
    this.setStatus(code);
    this.setHeader('Location', url);
    this.finish();
  }

  /**
   * Answers with an error page for `statusCode` (through `writeError()`), dropping what was
   * buffered. If the head was sent already, it can only finish the response.
   */
  sendError(statusCode = 500, kwargs: ErrorDetails = {}): void {
    if (this._headersWritten) {
      this._report('Cannot send error response after headers written', kwargs.exception);
      if (!this._finished) {
        try {
          this.finish();
        } catch (error) {
          this._report('Failed to flush partial response', error);
        }
      }
      return;
    }
    this.clear();
    let reason = kwargs.reason;
    const exception = kwargs.exception;
    if (exception instanceof HTTPError && exception.reason !== null) reason = exception.reason;
    this.setStatus(statusCode, reason);
    try {
      this.writeError(statusCode, kwargs);
    } catch (error) {
      this._report('Uncaught exception in writeError()', error);
    }
    if (!this._finished) this.finish();
  }

  /** Writes the error page; override for your own. The default is Tornado's little HTML page. */
  writeError(statusCode: number, _kwargs: ErrorDetails = {}): void {
    const message = escapeHtml(this._reason);
    this.finish(`<html><title>${statusCode}: ${message}</title><body>${statusCode}: ${message}</body></html>`);
  }

  /**
   * Reports an exception that escaped the handler: an `HTTPError` is an answer, not a fault, so
   * it is not reported; anything else goes to the loop's exception handler.
   */
  logException(error: unknown): void {
    if (error instanceof HTTPError) return;
    this._report(`Uncaught exception ${this.request.method} ${this.request.uri} (${this.request.remoteIp})`, error);
  }

  /** The `Etag` of the response: a hash of the buffered body (`null` for none). */
  computeEtag(): string | null {
    const hash = createHash('sha1');
    for (const part of this._writeBuffer) hash.update(part);
    return `"${hash.digest('hex')}"`;
  }

  /** Sets the `Etag` header from `computeEtag()`. */
  setEtagHeader(): void {
    const etag = this.computeEtag();
    if (etag !== null) this.setHeader('Etag', etag);
  }

  /** True when the request's `If-None-Match` matches the `Etag` set (the answer is then a 304). */
  checkEtagHeader(): boolean {
    const computed = this._headers.get('etag');
    const etags = (this.request.headers.get('if-none-match') ?? '').match(ETAG_LIST) ?? [];
    if (computed === undefined || etags.length === 0) return false;
    if (etags[0] === '*') return true;
    const strip = (tag: string): string => (tag.startsWith('W/') ? tag.slice(2) : tag);
    return etags.some((tag) => strip(tag) === strip(computed));
  }

  /** @internal Runs the request: prepare(), the method, finish(); errors become error pages. */
  _execute(args: (Uint8Array | undefined)[], kwargs: Record<string, Uint8Array | undefined> | null): void {
    try {
      const supported = (this.constructor as typeof RequestHandler).SUPPORTED_METHODS;
      if (!supported.includes(this.request.method)) throw new HTTPError(405);
      this.pathArgs = args.map((arg) => (arg === undefined ? undefined : this.decodeArgument(arg)));
      if (kwargs !== null) {
        const decoded: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(kwargs)) decoded[name] = value === undefined ? undefined : this.decodeArgument(value, name);
        this.pathKwargs = decoded;
      }
      const prepared = this.prepare();
      if (isWaitable(prepared)) this._then(prepared, () => this._runMethod(kwargs !== null));
      else this._runMethod(kwargs !== null);
    } catch (error) {
      this._handleRequestException(error);
    }
  }

  private _runMethod(byName: boolean): void {
    if (this._finished) return;
    const name = this.request.method.toLowerCase() as 'get';
    const method = this[name] as (...args: unknown[]) => unknown;
    if (typeof method !== 'function') throw new HTTPError(405);
    const result = byName ? method.call(this, this.pathKwargs) : method.apply(this, this.pathArgs);
    if (isWaitable(result)) this._then(result, () => this._autoFinishNow());
    else this._autoFinishNow();
  }

  private _autoFinishNow(): void {
    if (this._autoFinish && !this._finished) this.finish();
  }

  /** Waits for `value` on the IOLoop, then runs `next` as the IOLoop (errors → error page). */
  private _then(value: unknown, next: () => void): void {
    const future = convertYielded(value, this.ioloop);
    future.addDoneCallback((done) => {
      const previous = _enterDispatch(this.ioloop);
      try {
        done.result();
        next();
      } catch (error) {
        this._handleRequestException(error);
      } finally {
        _enterDispatch(previous);
      }
    });
  }

  /** @internal What an exception escaping the handler turns into. */
  _handleRequestException(error: unknown): void {
    try {
      if (error instanceof Finish) {
        if (!this._finished) this.finish(error.chunk);
        return;
      }
      try {
        this.logException(error);
      } catch (logError) {
        this._report('Exception in logException()', logError);
      }
      if (this._finished) return;
      this.sendError(error instanceof HTTPError ? error.statusCode : 500, { exception: error });
    } catch (failure) {
      // Nothing sensible can be sent any more: report, and drop the connection if still open.
      this._report('Exception while sending the error response', failure);
      if (!this._finished) this.request.connection?.close();
    }
  }

  private _getArgument(name: string, defaultValue: unknown, source: ArgumentMap, strip: boolean): unknown {
    const values = this._getArguments(name, source, strip);
    if (values.length === 0) {
      if (defaultValue === NO_DEFAULT) throw new MissingArgumentError(name);
      return defaultValue;
    }
    return values[values.length - 1];
  }

  private _getArguments(name: string, source: ArgumentMap, strip: boolean): string[] {
    const raw = Object.hasOwn(source, name) ? source[name]! : [];
    return raw.map((bytes) => {
      let value = this.decodeArgument(bytes, name).replace(CONTROL_CHARS, ' ');
      if (strip) value = value.trim();
      return value;
    });
  }

  private _addCookieHeaders(): void {
    if (this._newCookies === null) return;
    for (const value of this._newCookies.values()) this._headers.add('Set-Cookie', value);
  }

  private _takeBuffer(): Uint8Array {
    const parts = this._writeBuffer;
    this._writeBuffer = [];
    if (parts.length === 0) return EMPTY;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private _clearRepresentationHeaders(): void {
    for (const name of ['Content-Encoding', 'Content-Language', 'Content-Type']) this.clearHeader(name);
  }

  private _connection(): NonNullable<HTTPServerRequest['connection']> {
    const connection = this.request.connection;
    if (connection === null) throw new InvalidStateError('this request has no connection to answer on (it was not received by an HTTPServer)');
    return connection;
  }

  private _report(message: string, exception: unknown): void {
    this.ioloop.callExceptionHandler({ message, exception, request: this.request });
  }
}

function ignoreOutcome(future: Future<void>): void {
  if (!future.cancelled()) future.exception();
}

/** True for what a handler method returns that must be waited for. */
function isWaitable(value: unknown): boolean {
  return value !== undefined && value !== null && (isThenable(value) || isCoroutine(value));
}

function convertHeaderValue(value: HeaderValue): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toUTCString();
  else if (value instanceof Uint8Array) text = Buffer.from(value).toString('latin1');
  else throw new InvalidArgumentError(`Unsupported header value ${describeValue(value)}: give a string, a number, a Date or bytes`);
  if (UNSAFE_HEADER_CHARS.test(text)) throw new InvalidArgumentError(`Unsafe header value ${JSON.stringify(text)}: no control characters`);
  return text;
}

/** Tornado's `xhtml_escape`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
