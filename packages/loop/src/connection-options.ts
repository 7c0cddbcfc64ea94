/**
 * Options for `loop.createConnection()` and `loop.createServer()`. TCP needs `host`/`port`, a
 * UNIX socket needs `path`; `tls` turns on TLS with options passed to `node:tls` as they are.
 */
import type { ConnectionOptions as NodeTlsConnectionOptions, TlsOptions as NodeTlsServerOptions } from 'node:tls';

/** Where and how to connect. Give either `host` and `port`, or `path`. */
export interface ConnectionOptions {
  /** Host name or IP address (IPv4 or IPv6). */
  host?: string;
  /** TCP port, 1–65535. */
  port?: number;
  /** Path of a UNIX domain socket (instead of host and port). */
  path?: string;
  /**
   * Connect with TLS: `true` for the defaults, or `node:tls` connection options. Hostname
   * verification is on unless `rejectUnauthorized: false` is given.
   */
  tls?: boolean | NodeTlsConnectionOptions;
  /** The name checked against the server certificate and sent as SNI; defaults to `host`. */
  serverHostname?: string;
  /** Address family for name resolution: 4, 6, or 0 (either). */
  family?: 0 | 4 | 6;
  /** Local address to bind before connecting. */
  localAddress?: string;
  /** Local port to bind before connecting. */
  localPort?: number;
  /** Give up connecting (and the TLS handshake) after this many seconds: `TimeoutError`. */
  timeout?: number;
  /** Disable Nagle's algorithm (default true, as asyncio does for TCP). */
  noDelay?: boolean;
}

/** Where and how to listen. Give `port` (0 for any free port) and optionally `host`, or `path`. */
export interface ServerOptions {
  /** Address to bind; default all interfaces. */
  host?: string;
  /** TCP port; 0 picks a free one (read it back with `server.addresses()`). */
  port?: number;
  /** Path of a UNIX domain socket to listen on. */
  path?: string;
  /** Serve TLS with these `node:tls` server options (certificate and key at least). */
  tls?: NodeTlsServerOptions;
  /** Listen backlog (default 511, Node's). */
  backlog?: number;
  /** Start accepting at once (default true); false waits for `server.startServing()`. */
  startServing?: boolean;
  /** Only IPv6 when `host` is `::` (default false: dual stack). */
  ipv6Only?: boolean;
  /** Seconds allowed for a TLS handshake before the connection is dropped (default 60). */
  tlsHandshakeTimeout?: number;
  /** Disable Nagle's algorithm on accepted sockets (default true). */
  noDelay?: boolean;
}

/**
 * The TLS settings given to `loop.startTls()`, in the place of asyncio's `sslcontext`: `true`
 * for a client with Node's defaults (system CAs, verification on), `node:tls` connection options
 * for a client (`ca`, `rejectUnauthorized`, `checkServerIdentity`, `secureContext`, …), or
 * `node:tls` server options for the server side (`key` and `cert` at least, or `pfx`,
 * `SNICallback` or `secureContext`).
 */
export type StartTlsContext = true | NodeTlsConnectionOptions | NodeTlsServerOptions;

/** The keyword arguments of `loop.startTls()`, as asyncio's `start_tls()`. */
export interface StartTlsOptions {
  /** Act as the TLS server of the handshake (default false: the client). */
  serverSide?: boolean;
  /**
   * Client side: the name (or IP address) the server's certificate is checked against; a name
   * is also sent as SNI. Required while verification is on (asyncio: "check_hostname requires
   * server_hostname"), unless `rejectUnauthorized: false` turns verification off or a
   * `checkServerIdentity` function of the TLS options takes over the identity check.
   */
  serverHostname?: string;
  /** Seconds the handshake may take before the upgrade fails with `TimeoutError` (default 60). */
  sslHandshakeTimeout?: number;
}
