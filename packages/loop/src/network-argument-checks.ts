/**
 * Argument checks for the networking entry points: `createConnection()` and `createServer()`
 * options, protocol factories, the bytes given to `write()` and write-buffer limits. Every loop
 * implementation (Node's, the virtual one) uses them, so a bad argument gets the same
 * `InvalidArgumentError`, with the same message, whichever loop runs the code.
 */
import { isIP } from 'node:net';
import { InvalidArgumentError } from './errors.js';
import { describeValue } from './argument-checks.js';
import type { ConnectionOptions, ServerOptions } from './connection-options.js';
import type { BaseProtocol } from './protocols.js';
import { DEFAULT_HIGH_WATER_MARK } from './transports.js';

const CONNECTION_KEYS: ReadonlySet<string> = new Set([
  'host',
  'port',
  'path',
  'tls',
  'serverHostname',
  'family',
  'localAddress',
  'localPort',
  'timeout',
  'noDelay',
]);

/**
 * The names of every `ServerOptions` field `createServer()` accepts: what a wrapper that takes
 * server options mixed with its own (such as `@async/http`'s `listenHTTP`) passes on to the loop.
 */
export const SERVER_OPTION_NAMES: ReadonlySet<keyof ServerOptions> = new Set<keyof ServerOptions>([
  'host',
  'port',
  'path',
  'tls',
  'backlog',
  'startServing',
  'ipv6Only',
  'tlsHandshakeTimeout',
  'noDelay',
]);

/** Common misspellings and Python names, so the error can suggest the right option. */
const SUGGESTIONS: Readonly<Record<string, string>> = {
  ssl: 'tls',
  hostname: 'host',
  server_hostname: 'serverHostname',
  servername: 'serverHostname',
  ssl_handshake_timeout: 'tlsHandshakeTimeout',
  start_serving: 'startServing',
  local_addr: 'localAddress and localPort',
  socketPath: 'path',
};

function checkOptionsObject(options: unknown, what: string, known: ReadonlySet<string>): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(`${what} options must be an object such as { host, port } or { path }, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.has(key)) continue;
    const hint = SUGGESTIONS[key];
    throw new InvalidArgumentError(
      `${what} got an unknown option "${key}"` +
        (hint ? ` (did you mean ${hint}?)` : `; known options: ${[...known].join(', ')}`),
    );
  }
  return options as Record<string, unknown>;
}

function checkPort(value: unknown, what: string, allowZero: boolean): void {
  const min = allowZero ? 0 : 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 65535) {
    throw new InvalidArgumentError(
      `${what} must be an integer from ${min} to 65535${allowZero ? ' (0 picks a free port)' : ''}, got ${describeValue(value)}`,
    );
  }
}

function checkNonEmptyString(value: unknown, what: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidArgumentError(`${what} must be a non-empty string, got ${describeValue(value)}`);
  }
}

function checkBooleanOption(value: unknown, what: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidArgumentError(`${what} must be true or false, got ${describeValue(value)}`);
  }
}

function checkSeconds(value: unknown, what: string): void {
  if (value !== undefined && (typeof value !== 'number' || !(value > 0))) {
    throw new InvalidArgumentError(`${what} must be a positive number of seconds, got ${describeValue(value)}`);
  }
}

function checkHostValue(value: unknown, what: string): void {
  checkNonEmptyString(value, what);
  if (/[\s/]/.test(value as string)) {
    throw new InvalidArgumentError(`${what} must be a host name or an IP address, got ${describeValue(value)}`);
  }
}

/**
 * Checks the options of `createConnection()` and returns them typed. Throws
 * `InvalidArgumentError` naming the first problem: not an object, an unknown option, neither
 * `host`/`port` nor `path`, both, a port out of range, a wrong type.
 */
export function checkConnectionOptions(options: unknown): ConnectionOptions {
  const o = checkOptionsObject(options, 'createConnection()', CONNECTION_KEYS);
  if (o['path'] !== undefined) {
    checkNonEmptyString(o['path'], 'createConnection() option path');
    for (const key of ['host', 'port', 'family', 'localAddress', 'localPort'] as const) {
      if (o[key] !== undefined) {
        throw new InvalidArgumentError(`createConnection() takes either path or host and port, not both (got path and ${key})`);
      }
    }
  } else {
    if (o['host'] === undefined || o['port'] === undefined) {
      throw new InvalidArgumentError(
        `createConnection() needs host and port (or path for a UNIX socket); ${o['host'] === undefined ? 'host' : 'port'} is missing`,
      );
    }
    checkHostValue(o['host'], 'createConnection() option host');
    checkPort(o['port'], 'createConnection() option port', false);
  }
  const tls = o['tls'];
  if (tls !== undefined && typeof tls !== 'boolean' && (typeof tls !== 'object' || tls === null || Array.isArray(tls))) {
    throw new InvalidArgumentError(
      `createConnection() option tls must be true, false or an object of node:tls connect options, got ${describeValue(tls)}`,
    );
  }
  if (o['serverHostname'] !== undefined) {
    checkNonEmptyString(o['serverHostname'], 'createConnection() option serverHostname');
    if (tls === undefined || tls === false) {
      throw new InvalidArgumentError('createConnection() option serverHostname is only meaningful with tls');
    }
  }
  const family = o['family'];
  if (family !== undefined && family !== 0 && family !== 4 && family !== 6) {
    throw new InvalidArgumentError(`createConnection() option family must be 0, 4 or 6, got ${describeValue(family)}`);
  }
  if (o['localAddress'] !== undefined) {
    checkNonEmptyString(o['localAddress'], 'createConnection() option localAddress');
    if (isIP(o['localAddress'] as string) === 0) {
      throw new InvalidArgumentError(
        `createConnection() option localAddress must be an IP address, got ${describeValue(o['localAddress'])}`,
      );
    }
  }
  if (o['localPort'] !== undefined) checkPort(o['localPort'], 'createConnection() option localPort', true);
  checkSeconds(o['timeout'], 'createConnection() option timeout');
  checkBooleanOption(o['noDelay'], 'createConnection() option noDelay');
  return o as ConnectionOptions;
}

/**
 * Checks the options of `createServer()` and returns them typed. Throws `InvalidArgumentError`
 * naming the first problem, as `checkConnectionOptions` does.
 */
export function checkServerOptions(options: unknown): ServerOptions {
  const o = checkOptionsObject(options, 'createServer()', SERVER_OPTION_NAMES);
  if (o['path'] !== undefined) {
    checkNonEmptyString(o['path'], 'createServer() option path');
    for (const key of ['host', 'port', 'ipv6Only'] as const) {
      if (o[key] !== undefined) {
        throw new InvalidArgumentError(`createServer() takes either path or host and port, not both (got path and ${key})`);
      }
    }
  } else {
    if (o['port'] === undefined) {
      throw new InvalidArgumentError('createServer() needs port (0 picks a free one) or path for a UNIX socket');
    }
    checkPort(o['port'], 'createServer() option port', true);
    if (o['host'] !== undefined) checkHostValue(o['host'], 'createServer() option host');
  }
  const tls = o['tls'];
  if (tls !== undefined) {
    if (typeof tls !== 'object' || tls === null || Array.isArray(tls)) {
      throw new InvalidArgumentError(
        `createServer() option tls must be an object of node:tls server options (key and cert at least), got ${describeValue(tls)}`,
      );
    }
    const t = tls as Record<string, unknown>;
    const hasCertificate = (t['key'] !== undefined && t['cert'] !== undefined) || t['pfx'] !== undefined;
    if (!hasCertificate && t['SNICallback'] === undefined) {
      throw new InvalidArgumentError('createServer() option tls needs a certificate: give key and cert (or pfx, or SNICallback)');
    }
  }
  const backlog = o['backlog'];
  if (backlog !== undefined && (typeof backlog !== 'number' || !Number.isInteger(backlog) || backlog < 0)) {
    throw new InvalidArgumentError(`createServer() option backlog must be a non-negative integer, got ${describeValue(backlog)}`);
  }
  checkBooleanOption(o['startServing'], 'createServer() option startServing');
  checkBooleanOption(o['ipv6Only'], 'createServer() option ipv6Only');
  checkBooleanOption(o['noDelay'], 'createServer() option noDelay');
  checkSeconds(o['tlsHandshakeTimeout'], 'createServer() option tlsHandshakeTimeout');
  if (o['tlsHandshakeTimeout'] !== undefined && tls === undefined) {
    throw new InvalidArgumentError('createServer() option tlsHandshakeTimeout is only meaningful with tls');
  }
  return o as ServerOptions;
}

const START_TLS_KEYS: ReadonlySet<string> = new Set(['serverSide', 'serverHostname', 'sslHandshakeTimeout']);

const START_TLS_SUGGESTIONS: Readonly<Record<string, string>> = {
  server_side: 'serverSide',
  server_hostname: 'serverHostname',
  servername: 'serverHostname',
  ssl_handshake_timeout: 'sslHandshakeTimeout',
  tlsHandshakeTimeout: 'sslHandshakeTimeout',
  handshakeTimeout: 'sslHandshakeTimeout',
};

/** `startTls()` arguments once checked: the TLS settings as an object, the options filled in. */
export interface CheckedStartTls {
  /** The `node:tls` options (`{}` for `true`). */
  readonly tls: Record<string, unknown>;
  /** True for the TLS server's side of the handshake. */
  readonly serverSide: boolean;
  /** The name the server's certificate is checked against (client side), if given. */
  readonly serverHostname: string | undefined;
  /** Seconds the handshake may take; `Infinity` for no limit. */
  readonly handshakeTimeout: number;
}

/** asyncio's default `ssl_handshake_timeout`, in seconds. */
const DEFAULT_START_TLS_HANDSHAKE_TIMEOUT = 60;

/**
 * Checks the arguments of `loop.startTls()` other than the transport (each loop knows its own
 * transports) and returns them with defaults filled in. Throws `InvalidArgumentError` naming the
 * first problem: a protocol that is not an object, TLS settings that are neither `true` nor an
 * object, an unknown option, a server side without a certificate, a client side that would
 * verify the certificate but has no `serverHostname` to check it against (and no
 * `checkServerIdentity` of its own).
 */
export function checkStartTlsArguments(protocol: unknown, tls: unknown, options: unknown): CheckedStartTls {
  checkProtocol(protocol, 'startTls(protocol)');
  if (tls !== true && (typeof tls !== 'object' || tls === null || Array.isArray(tls))) {
    throw new InvalidArgumentError(
      'startTls(tls) must be true (a client with the default settings) or an object of node:tls options ' +
        `(key and cert at least on the server side), got ${describeValue(tls)}`,
    );
  }
  const settings = (tls === true ? {} : tls) as Record<string, unknown>;
  let o: Record<string, unknown> = {};
  if (options !== undefined) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new InvalidArgumentError(
        `startTls() options must be an object such as { serverHostname } or { serverSide: true }, got ${describeValue(options)}`,
      );
    }
    o = options as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (START_TLS_KEYS.has(key)) continue;
      const hint = START_TLS_SUGGESTIONS[key];
      throw new InvalidArgumentError(
        `startTls() got an unknown option "${key}"` +
          (hint ? ` (did you mean ${hint}?)` : `; known options: ${[...START_TLS_KEYS].join(', ')}`),
      );
    }
  }
  checkBooleanOption(o['serverSide'], 'startTls() option serverSide');
  checkSeconds(o['sslHandshakeTimeout'], 'startTls() option sslHandshakeTimeout');
  const serverSide = o['serverSide'] === true;
  const serverHostname = o['serverHostname'];
  if (serverHostname !== undefined) checkHostValue(serverHostname, 'startTls() option serverHostname');
  if (serverSide) {
    if (serverHostname !== undefined) {
      throw new InvalidArgumentError('startTls() option serverHostname is only meaningful on the client side (serverSide: false)');
    }
    const hasCertificate =
      (settings['key'] !== undefined && settings['cert'] !== undefined) ||
      settings['pfx'] !== undefined ||
      settings['SNICallback'] !== undefined ||
      settings['secureContext'] !== undefined;
    if (!hasCertificate) {
      throw new InvalidArgumentError(
        'startTls() on the server side needs a certificate: give tls.key and tls.cert (or pfx, SNICallback or secureContext)',
      );
    }
  } else if (
    serverHostname === undefined &&
    settings['rejectUnauthorized'] !== false &&
    typeof settings['checkServerIdentity'] !== 'function'
  ) {
    throw new InvalidArgumentError(
      "startTls() on the client side needs serverHostname, the name the server's certificate is checked against " +
        '(as asyncio: check_hostname requires server_hostname); or give tls.rejectUnauthorized: false to skip verification',
    );
  }
  return {
    tls: settings,
    serverSide,
    serverHostname: serverHostname as string | undefined,
    handshakeTimeout: (o['sslHandshakeTimeout'] as number | undefined) ?? DEFAULT_START_TLS_HANDSHAKE_TIMEOUT,
  };
}

/** Throws unless `factory` is a function (a protocol factory). */
export function checkProtocolFactory(factory: unknown, what: string): asserts factory is () => BaseProtocol {
  if (typeof factory !== 'function') {
    throw new InvalidArgumentError(
      `${what} needs a protocol factory (a function returning a new protocol for each connection), got ${describeValue(factory)}`,
    );
  }
}

/** Throws unless `protocol`, as made by a factory or given to `setProtocol()`, is an object. */
export function checkProtocol(protocol: unknown, what: string): asserts protocol is BaseProtocol {
  if (typeof protocol !== 'object' || protocol === null) {
    throw new InvalidArgumentError(`${what} must be a protocol object, got ${describeValue(protocol)}`);
  }
}

/** Throws unless `data` is bytes (`Uint8Array`, `Buffer` included), as `transport.write()` needs. */
export function checkBytes(data: unknown, what: string): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array)) {
    const hint = typeof data === 'string' ? '; encode text first, e.g. new TextEncoder().encode(text)' : '';
    throw new InvalidArgumentError(`${what} needs bytes (a Uint8Array or Buffer), got ${describeValue(data)}${hint}`);
  }
}

/**
 * Checks and completes write-buffer limits as asyncio does: with neither, the defaults (64 KiB
 * high); with only `low`, `high` is four times it; with only `high`, `low` is a quarter of it.
 * Returns `[high, low]`; throws `InvalidArgumentError` unless `high >= low >= 0`.
 */
export function checkWriteBufferLimits(high: unknown, low: unknown): [number, number] {
  for (const [value, name] of [
    [high, 'high'],
    [low, 'low'],
  ] as const) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new InvalidArgumentError(
        `setWriteBufferLimits(${name}) must be a non-negative number of bytes, got ${describeValue(value)}`,
      );
    }
  }
  const h = (high as number | undefined) ?? (low === undefined ? DEFAULT_HIGH_WATER_MARK : 4 * (low as number));
  const l = (low as number | undefined) ?? Math.floor(h / 4);
  if (!(h >= l)) {
    throw new InvalidArgumentError(`setWriteBufferLimits() needs high >= low >= 0, got high ${h} and low ${l}`);
  }
  return [h, l];
}
