/**
 * `HTTPRequest`: the client request of `tornado.httpclient`, what `AsyncHTTPClient.fetch()`
 * sends. Options left `undefined` take the client's `defaults`, then Tornado's own (20 s
 * timeouts, redirects followed up to 5, gzip accepted and decoded).
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { HTTPHeaders, type HTTPHeadersInit } from '@async/http';

/** The options of an `HTTPRequest` (Tornado's keyword arguments, in camelCase and seconds). */
export interface HTTPRequestOptions {
  /** `GET` (default), `POST`, … */
  method?: string;
  /** Request headers. */
  headers?: HTTPHeadersInit;
  /** The body: bytes, or text sent as UTF-8. Required for POST, PUT and PATCH, refused for the others (see `allowNonstandardMethods`). */
  body?: Uint8Array | string | null;
  /** User name for HTTP basic authentication. */
  authUsername?: string;
  /** Password for HTTP basic authentication. */
  authPassword?: string;
  /** Seconds to connect (default 20). */
  connectTimeout?: number;
  /** Seconds for the whole request once it has left the queue (default 20; 0: none). */
  requestTimeout?: number;
  /** Sends `If-Modified-Since` with this time. */
  ifModifiedSince?: Date;
  /** Follow redirects (default true). */
  followRedirects?: boolean;
  /** At most this many redirects (default 5). */
  maxRedirects?: number;
  /** The `User-Agent` to send. */
  userAgent?: string;
  /** Ask for gzip and decode it (default true). Tornado's older name `use_gzip` is this. */
  decompressResponse?: boolean;
  /** Skip the checks on the method and on the body's presence. Default false. */
  allowNonstandardMethods?: boolean;
}

/** Tornado's `HTTPRequest._DEFAULTS`. */
export const REQUEST_DEFAULTS = Object.freeze({
  connectTimeout: 20,
  requestTimeout: 20,
  followRedirects: true,
  maxRedirects: 5,
  decompressResponse: true,
  allowNonstandardMethods: false,
});

/** One HTTP request for `AsyncHTTPClient.fetch()`. */
export class HTTPRequest {
  /** The absolute URL. */
  url: string;
  /** The method. */
  method: string;
  /** The request headers (`If-Modified-Since` included when given). */
  headers: HTTPHeaders;
  /** The body, or `null`. */
  body: Uint8Array | null;
  /** See `HTTPRequestOptions`; `undefined` means the client's default. */
  authUsername: string | undefined;
  /** See `HTTPRequestOptions`. */
  authPassword: string | undefined;
  /** See `HTTPRequestOptions`. */
  connectTimeout: number | undefined;
  /** See `HTTPRequestOptions`. */
  requestTimeout: number | undefined;
  /** See `HTTPRequestOptions`. */
  followRedirects: boolean | undefined;
  /** See `HTTPRequestOptions`. */
  maxRedirects: number | undefined;
  /** See `HTTPRequestOptions`. */
  userAgent: string | undefined;
  /** See `HTTPRequestOptions`. */
  decompressResponse: boolean | undefined;
  /** See `HTTPRequestOptions`. */
  allowNonstandardMethods: boolean | undefined;

  /**
   * A request for `url`.
   * @throws InvalidArgumentError for a URL that is not a string, bad headers or a body that is
   *   neither bytes nor text.
   */
  constructor(url: string | URL, options: HTTPRequestOptions = {}) {
    if (typeof url !== 'string' && !(url instanceof URL)) {
      throw new InvalidArgumentError(`HTTPRequest(url) needs a URL string, got ${describeValue(url)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`HTTPRequest options must be an object, got ${describeValue(options)}`);
    }
    this.url = String(url);
    this.method = options.method ?? 'GET';
    this.headers = new HTTPHeaders(options.headers);
    const body = options.body;
    if (body === undefined || body === null) this.body = null;
    else if (typeof body === 'string') this.body = Buffer.from(body, 'utf8');
    else if (body instanceof Uint8Array) this.body = body;
    else throw new InvalidArgumentError(`the request body must be a Uint8Array or a string, got ${describeValue(body)}`);
    if (options.ifModifiedSince !== undefined) {
      if (!(options.ifModifiedSince instanceof Date) || Number.isNaN(options.ifModifiedSince.getTime())) {
        throw new InvalidArgumentError(`ifModifiedSince must be a valid Date, got ${describeValue(options.ifModifiedSince)}`);
      }
      this.headers.set('If-Modified-Since', options.ifModifiedSince.toUTCString());
    }
    this.authUsername = options.authUsername;
    this.authPassword = options.authPassword;
    this.connectTimeout = options.connectTimeout;
    this.requestTimeout = options.requestTimeout;
    this.followRedirects = options.followRedirects;
    this.maxRedirects = options.maxRedirects;
    this.userAgent = options.userAgent;
    this.decompressResponse = options.decompressResponse;
    this.allowNonstandardMethods = options.allowNonstandardMethods;
  }
}
