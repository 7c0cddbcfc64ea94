/**
 * `HTTPServerRequest`: a request as `tornado.httputil.HTTPServerRequest` gives it to a request
 * callback or a `RequestHandler`: method, uri, path and query, version, headers, the whole body,
 * the client's address and scheme, and the arguments of the query and of a form body (parsed on
 * first use). `connection` writes the response (see `HTTP1Connection`).
 */
import { HTTPHeaders } from '@async/http';
import { type ArgumentMap, type HTTPFile, parseBodyArguments, parseQsBytes } from './form-arguments.js';
import type { HTTP1Connection } from './http1-connection.js';
import { parseCookie } from './cookies.js';

/** What an `HTTPServerRequest` is made of (Tornado's constructor arguments). */
export interface HTTPServerRequestInit {
  /** The method (default `GET`). */
  method?: string;
  /** The request target, path and query (default `/`). */
  uri?: string;
  /** `HTTP/1.1` (default) or `HTTP/1.0`. */
  version?: string;
  /** The headers. */
  headers?: HTTPHeaders;
  /** The whole body. */
  body?: Uint8Array;
  /** The host; default the `Host` header, else `127.0.0.1`. */
  host?: string;
  /** The client's IP address. */
  remoteIp?: string;
  /** `http` (default) or `https`. */
  protocol?: string;
  /** The connection to answer on; `null` for a request made by hand (in tests). */
  connection?: HTTP1Connection | null;
  /** Anything `getExtraInfo()` should answer (`peercert`, `socket`, …). */
  extraInfo?: (name: string) => unknown;
}

const EMPTY = new Uint8Array(0);

/** One HTTP request received by the server. */
export class HTTPServerRequest {
  /** The method, such as `GET`. */
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly uri: string;
  /** The path part of `uri` (before `?`). */
  readonly path: string;
  /** The query string of `uri`, without `?`. */
  readonly query: string;
  /** `HTTP/1.1` or `HTTP/1.0`. */
  readonly version: string;
  /** The request headers. */
  readonly headers: HTTPHeaders;
  /** The whole body (empty if none). */
  body: Uint8Array;
  /** The `Host` the client asked for (`127.0.0.1` if it sent none). */
  readonly host: string;
  /** `host` without its port, lower case. */
  readonly hostName: string;
  /** The client's IP address (with `xheaders`, the one the proxy reports). */
  remoteIp: string;
  /** `http` or `https` (with `xheaders`, the one the proxy reports). */
  protocol: string;
  /** The connection, to write the response on; `null` for a request made by hand. */
  readonly connection: HTTP1Connection | null;
  /** @internal When the request arrived, ms since the epoch. */
  readonly _startTime: number = Date.now();
  /** @internal When its response finished, ms since the epoch. */
  _finishTime: number | null = null;
  private readonly _extraInfo: ((name: string) => unknown) | undefined;
  private _query: ArgumentMap | null = null;
  private _bodyArgs: ArgumentMap | null = null;
  private _files: Record<string, HTTPFile[]> | null = null;
  private _arguments: ArgumentMap | null = null;
  private _cookies: Record<string, string> | null = null;

  /** A request; the server makes them, tests may too. */
  constructor(init: HTTPServerRequestInit = {}) {
    this.method = init.method ?? 'GET';
    this.uri = init.uri ?? '/';
    const q = this.uri.indexOf('?');
    this.path = q < 0 ? this.uri : this.uri.slice(0, q);
    this.query = q < 0 ? '' : this.uri.slice(q + 1);
    this.version = init.version ?? 'HTTP/1.1';
    this.headers = init.headers ?? new HTTPHeaders();
    this.body = init.body ?? EMPTY;
    this.host = init.host ?? (this.headers.get('host') || '127.0.0.1');
    this.hostName = splitHost(this.host.toLowerCase());
    this.remoteIp = init.remoteIp ?? '127.0.0.1';
    this.protocol = init.protocol ?? 'http';
    this.connection = init.connection ?? null;
    this._extraInfo = init.extraInfo;
  }

  /** The arguments of the query string: name → values (bytes). */
  get queryArguments(): ArgumentMap {
    return (this._query ??= parseQsBytes(this.query));
  }

  /** The arguments of a form body (`application/x-www-form-urlencoded` or `multipart/form-data`). */
  get bodyArguments(): ArgumentMap {
    if (this._bodyArgs === null) this._parseBody();
    return this._bodyArgs!;
  }

  /** The files of a `multipart/form-data` body: field name → files. */
  get files(): Record<string, HTTPFile[]> {
    if (this._files === null) this._parseBody();
    return this._files!;
  }

  /** The query and body arguments together (query first). */
  get arguments(): ArgumentMap {
    if (this._arguments === null) {
      const all = Object.create(null) as ArgumentMap;
      for (const source of [this.queryArguments, this.bodyArguments]) {
        for (const name of Object.keys(source)) (all[name] ??= []).push(...source[name]!);
      }
      this._arguments = all;
    }
    return this._arguments;
  }

  /** The cookies the client sent (the `Cookie` header): name → value. */
  get cookies(): Record<string, string> {
    if (this._cookies === null) {
      const header = this.headers.get('cookie');
      this._cookies = header === undefined ? (Object.create(null) as Record<string, string>) : parseCookie(header);
    }
    return this._cookies;
  }

  /** The whole URL: `protocol://host/uri`. */
  fullUrl(): string {
    return `${this.protocol}://${this.host}${this.uri}`;
  }

  /** Seconds the request took (so far, if its response is not finished). */
  requestTime(): number {
    return ((this._finishTime ?? Date.now()) - this._startTime) / 1000;
  }

  /** Transport information of the connection: `peername`, `sockname`, `peercert`, `socket`, … */
  getExtraInfo(name: string): unknown {
    return this._extraInfo?.(name);
  }

  /** The client's TLS certificate (as `node:tls` gives it), or `undefined`. */
  getSslCertificate(): unknown {
    return this.getExtraInfo('peercert');
  }

  /** Tornado's `repr()`, also what `console.log` and the exception handler show. */
  toString(): string {
    return `HTTPServerRequest(protocol='${this.protocol}', host='${this.host}', method='${this.method}', uri='${this.uri}', version='${this.version}', remote_ip='${this.remoteIp}')`;
  }

  /** @internal Keeps logs short: the request's summary, not its connection's internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  private _parseBody(): void {
    const args = Object.create(null) as ArgumentMap;
    const files = Object.create(null) as Record<string, HTTPFile[]>;
    const type = this.headers.get('content-type');
    if (type !== undefined && this.body.length > 0) parseBodyArguments(type, this.body, args, files, this.headers);
    this._bodyArgs = args;
    this._files = files;
  }
}

/** `host[:port]` → host (IPv6 brackets kept, as Tornado's `split_host_and_port`). */
function splitHost(host: string): string {
  const match = /^(.+):(\d+)$/.exec(host);
  return match === null ? host : match[1]!;
}
