/**
 * The options of `HTTPClient` and of each request, with Tornado's `AsyncHTTPClient` defaults
 * (20 s timeouts, 10 concurrent requests, 5 redirects, gzip accepted and decoded).
 */
import type { ConnectionOptions as NodeTlsConnectionOptions } from 'node:tls';
import { InvalidArgumentError, type Future } from '@async/loop';
import type { HTTPHeadersInit } from './http-headers.js';
import { seconds, size } from './server-options.js';

/** Options shared by every request of a client; each may be overridden per request where listed. */
export interface HTTPClientOptions {
  /** Requests in flight at once, over all hosts (default 10, Tornado's `max_clients`); more wait in a queue. */
  maxClients?: number;
  /** Connections to one host (scheme, host and port) at once (default 10); more requests wait. */
  maxConnectionsPerHost?: number;
  /** Default seconds to connect (TCP and TLS), default 20 (0: no limit). */
  connectTimeout?: number;
  /** Default seconds for a whole request, queueing included, default 20 (0: none). */
  requestTimeout?: number;
  /** Default for following redirects (default true). */
  followRedirects?: boolean;
  /** Default redirect limit (default 5). */
  maxRedirects?: number;
  /** Default for asking for and decoding gzip/deflate bodies (default true). */
  decompress?: boolean;
  /** Largest response head accepted, in bytes (default 65536). */
  maxHeaderSize?: number;
  /** Largest response body accepted, in bytes, after decoding (default 100 MiB). */
  maxBodySize?: number;
  /** Seconds an idle pooled connection is kept (default 60; 0 closes them at once). */
  idleConnectionTimeout?: number;
  /** `node:tls` options for `https:` (a `ca` to trust, `rejectUnauthorized`, …). */
  tls?: NodeTlsConnectionOptions;
  /** Headers sent with every request (a request's own headers take precedence). */
  defaultHeaders?: HTTPHeadersInit;
}

/** One request. Only `url` is required. */
export interface HTTPRequestOptions {
  /** Absolute `http:` or `https:` URL. */
  url: string | URL;
  /** Method (default `GET`). */
  method?: string;
  /** Request headers. `Host`, `Content-Length` and `Accept-Encoding` are added when missing. */
  headers?: HTTPHeadersInit;
  /** Body: bytes or text (sent as UTF-8). */
  body?: Uint8Array | string | null;
  /**
   * Streams the body instead (Tornado's `body_producer`): called once a connection is ready,
   * with `write(chunk)` whose future resolves when more may be written (flow control). The body
   * ends when what the producer returns settles (a `Future` or promise; at once for anything
   * else); if it fails, the request fails with its error. Sent chunked unless `headers` give a
   * `Content-Length`. Such a request is not retried, and a 307/308 redirect is not followed.
   */
  bodyProducer?: ((write: (chunk: Uint8Array | string) => Future<void>) => unknown) | null;
  /** Seconds to connect (default the client's; 0: no limit). */
  connectTimeout?: number;
  /** Seconds for the whole request (default the client's; 0: none). For `stream()`, up to the head. */
  requestTimeout?: number;
  /** Follow 301, 302, 303, 307 and 308 (default the client's). */
  followRedirects?: boolean;
  /** Redirect limit (default the client's). */
  maxRedirects?: number;
  /** Ask for and decode gzip/deflate (default the client's). */
  decompress?: boolean;
  /**
   * `node:tls` options for this request (instead of the client's `tls`), such as
   * `{ rejectUnauthorized: false }` for Tornado's `validate_cert=False`. Connections made with
   * them are pooled apart, per options object.
   */
  tls?: NodeTlsConnectionOptions;
}

/** @internal The resolved client options. */
export class ClientConfig {
  readonly maxClients: number;
  readonly maxConnectionsPerHost: number;
  readonly connectTimeout: number;
  readonly requestTimeout: number;
  readonly followRedirects: boolean;
  readonly maxRedirects: number;
  readonly decompress: boolean;
  readonly maxHeaderSize: number;
  readonly maxBodySize: number;
  readonly idleTimeout: number;
  readonly tls: NodeTlsConnectionOptions | undefined;
  readonly defaultHeaders: HTTPHeadersInit | undefined;

  constructor(options: HTTPClientOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('HTTPClient options must be an object');
    this.maxClients = size(options.maxClients, 10, 'maxClients');
    this.maxConnectionsPerHost = size(options.maxConnectionsPerHost, 10, 'maxConnectionsPerHost');
    this.connectTimeout = seconds(options.connectTimeout, 20, 'connectTimeout');
    this.requestTimeout = seconds(options.requestTimeout, 20, 'requestTimeout');
    this.followRedirects = options.followRedirects ?? true;
    this.maxRedirects = redirects(options.maxRedirects, 5);
    this.decompress = options.decompress ?? true;
    this.maxHeaderSize = size(options.maxHeaderSize, 65536, 'maxHeaderSize');
    this.maxBodySize = size(options.maxBodySize, 100 * 1024 * 1024, 'maxBodySize');
    this.idleTimeout = seconds(options.idleConnectionTimeout, 60, 'idleConnectionTimeout');
    this.tls = options.tls;
    this.defaultHeaders = options.defaultHeaders;
  }
}

/** Checks a redirect limit: a non-negative integer. */
export function redirects(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`maxRedirects must be a non-negative integer, not ${String(value)}`);
  }
  return value;
}
