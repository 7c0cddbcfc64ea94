/**
 * The options of an HTTP server and their resolved form, shared by every connection of one
 * server (one object per server, so a connection carries a single reference to them).
 */
import { InvalidArgumentError, type EventLoop } from '@async/loop';
import type { HTTPServerRequest } from './server-request.js';
import type { HTTPServerResponse } from './server-response.js';
import type { HTTPServerProtocol } from './server-protocol.js';

/**
 * Handles one request. It answers through `response` (`writeHead()`, `write()`, `end()`), now or
 * later; what it returns is ignored, except that a returned thenable (a `Future`, a promise) that
 * fails counts as a thrown exception: a 500 response (or an aborted connection if the response
 * had started), reported through the loop's exception handler.
 */
export type HTTPHandler = (request: HTTPServerRequest, response: HTTPServerResponse) => unknown;

/** Options of an HTTP server (Tornado's `HTTPServer` settings, in camelCase and seconds). */
export interface HTTPServerOptions {
  /** Maximum size of a request head, start line and fields, in bytes (default 65536): 431 past it. */
  maxHeaderSize?: number;
  /** Maximum size of a request body, in bytes (default 100 MiB): 413 past it. */
  maxBodySize?: number;
  /**
   * Seconds allowed for a request head to arrive, from its first byte (default 60). A slow head
   * (slowloris) gets the connection closed.
   */
  headerTimeout?: number;
  /** Seconds a connection may wait for its next request (default 3600, Tornado's). */
  idleConnectionTimeout?: number;
  /** Seconds allowed for a request body to arrive, from the end of the head (default: no limit). */
  bodyTimeout?: number | null;
  /**
   * Stream request bodies instead of buffering them: the handler is called once the head has
   * arrived and reads the body with `request.read()`. `true`, `false` (default), or a function
   * deciding per request from its head.
   */
  streamRequestBody?: boolean | ((request: HTTPServerRequest) => boolean);
  /** Close every connection after one response (Tornado's `no_keep_alive`; default false). */
  noKeepAlive?: boolean;
  /**
   * Decode request bodies sent with `Content-Encoding: gzip` or `deflate` (Tornado's
   * `decompress_request`; default false). The handler then sees the decoded body and the header
   * renamed `X-Consumed-Content-Encoding`; `maxBodySize` applies to the decoded size.
   */
  decompressRequest?: boolean;
}

/** @internal The resolved options and state of one server, shared by its connections. */
export class ServerConfig {
  readonly maxHeaderSize: number;
  readonly maxBodySize: number;
  readonly headerTimeout: number;
  readonly idleTimeout: number;
  readonly bodyTimeout: number;
  readonly stream: boolean | ((request: HTTPServerRequest) => boolean);
  readonly noKeepAlive: boolean;
  readonly decompressRequest: boolean;
  /** The live connections. */
  readonly connections = new Set<HTTPServerProtocol>();
  /** Set by `HTTPServer.close()`: finish the current responses, then close. */
  closing = false;
  /** Called when the last connection is gone, once closing. */
  onEmpty: (() => void) | null = null;

  constructor(
    readonly loop: EventLoop,
    readonly handler: HTTPHandler,
    options: HTTPServerOptions = {},
  ) {
    if (typeof handler !== 'function') {
      throw new InvalidArgumentError(`the HTTP handler must be a function (request, response) => void, not ${typeof handler}`);
    }
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('HTTP server options must be an object');
    this.maxHeaderSize = size(options.maxHeaderSize, 65536, 'maxHeaderSize');
    this.maxBodySize = size(options.maxBodySize, 100 * 1024 * 1024, 'maxBodySize');
    this.headerTimeout = seconds(options.headerTimeout, 60, 'headerTimeout');
    this.idleTimeout = seconds(options.idleConnectionTimeout, 3600, 'idleConnectionTimeout');
    this.bodyTimeout = seconds(options.bodyTimeout ?? 0, 0, 'bodyTimeout');
    const stream = options.streamRequestBody ?? false;
    if (typeof stream !== 'boolean' && typeof stream !== 'function') {
      throw new InvalidArgumentError('streamRequestBody must be a boolean or a function (request) => boolean');
    }
    this.stream = stream;
    this.noKeepAlive = options.noKeepAlive === true;
    this.decompressRequest = options.decompressRequest === true;
  }
}

/** Checks a byte limit: a positive integer. */
export function size(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidArgumentError(`${name} must be a positive integer number of bytes, not ${String(value)}`);
  }
  return value;
}

/** Checks a duration in seconds: a non-negative finite number (0 turns the limit off). */
export function seconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative number of seconds, not ${String(value)}`);
  }
  return value;
}
