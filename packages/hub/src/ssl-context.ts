/**
 * gevent's `gevent.ssl` entry points: `SSLContext` (`wrapSocket`, `loadCertChain`,
 * `loadVerifyLocations`), `createDefaultContext()` and the older module-level `wrapSocket()`.
 * A context holds `node:tls` options (Python's `SSLContext` settings); wrapping a connected
 * cooperative `Socket` upgrades its connection to TLS in place with the loop's `startTls()`, and
 * by default blocks the calling greenlet through the handshake, as `do_handshake_on_connect`.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsConnectionOptions, TlsOptions } from 'node:tls';
import { InvalidArgumentError, checkStartTlsArguments, describeValue, fromNodeError } from '@async/loop';
import { Op } from './operation.js';
import { Socket } from './socket.js';
import { SSLSocket } from './ssl-socket.js';

/** The settings of an `SSLContext`: `node:tls` options for either side. */
export type SSLContextOptions = TlsConnectionOptions & TlsOptions;

/** Options of `SSLContext.wrapSocket()`, Python's keyword arguments. */
export interface WrapSocketOptions {
  /** Be the TLS server of the handshake (default false). */
  serverSide?: boolean;
  /**
   * Client side: the name the server's certificate is checked against, and the SNI sent.
   * Required while the context verifies certificates (Python: "check_hostname requires
   * server_hostname").
   */
  serverHostname?: string;
  /** Run the handshake inside `wrapSocket()` (default true); else call `doHandshake()`. */
  doHandshakeOnConnect?: boolean;
}

/** Options of the module-level `wrapSocket()`, Python's old `ssl.wrap_socket()`. */
export interface ModuleWrapSocketOptions {
  /** Path of the PEM private key (the server side needs one). */
  keyfile?: string;
  /** Path of the PEM certificate chain (the server side needs one). */
  certfile?: string;
  /** Be the TLS server of the handshake (default false). */
  serverSide?: boolean;
  /** Check the peer's certificate: `'none'` (default, as Python), `'optional'` or `'required'`. */
  certReqs?: 'none' | 'optional' | 'required';
  /** Path of the PEM file of CAs to trust when checking the peer. */
  caCerts?: string;
  /** Run the handshake inside `wrapSocket()` (default true). */
  doHandshakeOnConnect?: boolean;
}

/** Python's `ssl.SSLContext`, holding `node:tls` options. */
export class SSLContext {
  private _options: SSLContextOptions;

  /**
   * A context with these `node:tls` options (`ca`, `key`, `cert`, `rejectUnauthorized`,
   * `requestCert`, `minVersion`, …). Certificates are verified unless `rejectUnauthorized: false`.
   * @throws InvalidArgumentError if `options` is not an object.
   */
  constructor(options: SSLContextOptions = {}) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new InvalidArgumentError(`SSLContext(options) takes an object of node:tls options, got ${describeValue(options)}`);
    }
    this._options = { ...options };
  }

  /** The context's `node:tls` options (a copy). */
  get options(): SSLContextOptions {
    return { ...this._options };
  }

  /** Python's `load_cert_chain(certfile, keyfile)`: reads the PEM certificate and key files. */
  loadCertChain(certfile: string, keyfile?: string): void {
    const cert = readPem(certfile, 'loadCertChain(certfile)');
    const key = keyfile === undefined ? cert : readPem(keyfile, 'loadCertChain(certfile, keyfile)');
    this._options = { ...this._options, cert, key };
  }

  /** Python's `load_verify_locations(cafile=, cadata=)`: CAs to trust, from a PEM file or text. */
  loadVerifyLocations(locations: { cafile?: string; cadata?: string }): void {
    if (typeof locations !== 'object' || locations === null || (locations.cafile === undefined && locations.cadata === undefined)) {
      throw new InvalidArgumentError(`loadVerifyLocations() takes { cafile } or { cadata }, got ${describeValue(locations)}`);
    }
    const added: string[] = [];
    if (locations.cafile !== undefined) added.push(readPem(locations.cafile, 'loadVerifyLocations({ cafile })'));
    if (locations.cadata !== undefined) {
      if (typeof locations.cadata !== 'string') {
        throw new InvalidArgumentError(`loadVerifyLocations({ cadata }) takes PEM text, got ${describeValue(locations.cadata)}`);
      }
      added.push(locations.cadata);
    }
    const previous = this._options.ca;
    const ca = previous === undefined ? [] : Array.isArray(previous) ? [...previous] : [previous];
    this._options = { ...this._options, ca: [...ca, ...added] };
  }

  /**
   * Python's `SSLContext.wrap_socket()`: takes over the connection of `socket` (which counts as
   * closed from now on) and returns an `SSLSocket` on it. With `doHandshakeOnConnect` (the
   * default) the operation blocks the calling greenlet through the handshake: `yield*` it.
   * @throws InvalidArgumentError for bad options (checked before the socket is touched);
   *   InvalidStateError if the socket is closed or has unread bytes; the handshake's error
   *   (`SSLCertVerificationError`, `SSLError`, `TimeoutError`, …) when it fails.
   */
  wrapSocket(socket: Socket, options: WrapSocketOptions = {}): Op<SSLSocket> {
    if (!(socket instanceof Socket)) {
      throw new InvalidArgumentError(`wrapSocket(socket) takes a connected hub Socket, got ${describeValue(socket)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(`wrapSocket(socket, options) takes an options object, got ${describeValue(options)}`);
    }
    const { serverSide = false, serverHostname, doHandshakeOnConnect = true } = options;
    const upgrade = serverHostname === undefined ? { serverSide } : { serverSide, serverHostname };
    checkStartTlsArguments({}, this._options, upgrade);
    const timeout = socket.gettimeout();
    const plain = socket._detach();
    // Nothing reaches the spent socket while the handshake is not started: the bytes stay
    // with the transport, which hands them to the TLS layer.
    plain.pauseReading();
    const secure = new SSLSocket(socket.hub, plain, this, serverSide, serverHostname ?? null);
    secure.settimeout(timeout);
    if (!doHandshakeOnConnect) return Op.settled(socket.hub, false, secure);
    const handshake = secure.doHandshake();
    return Op.composite(socket.hub, function* () {
      yield* handshake;
      return secure;
    });
  }
}

/**
 * Python's `ssl.create_default_context()` for a client: certificates verified against Node's
 * CAs, plus those of `cafile` or `cadata` if given.
 */
export function createDefaultContext(locations: { cafile?: string; cadata?: string } = {}): SSLContext {
  const context = new SSLContext();
  if (locations.cafile !== undefined || locations.cadata !== undefined) context.loadVerifyLocations(locations);
  return context;
}

/**
 * Python's old `ssl.wrap_socket()` (still in gevent.ssl): wraps `socket` with a context made
 * from the files given. As in Python, the peer's certificate is not checked unless
 * `certReqs: 'required'`, and the host name never is: prefer `SSLContext.wrapSocket()`.
 */
export function wrapSocket(socket: Socket, options: ModuleWrapSocketOptions = {}): Op<SSLSocket> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`wrapSocket(socket, options) takes an options object, got ${describeValue(options)}`);
  }
  const certReqs = options.certReqs ?? 'none';
  if (certReqs !== 'none' && certReqs !== 'optional' && certReqs !== 'required') {
    throw new InvalidArgumentError(`wrapSocket() option certReqs takes 'none', 'optional' or 'required', got ${describeValue(certReqs)}`);
  }
  const serverSide = options.serverSide ?? false;
  const context = new SSLContext(
    serverSide
      ? { requestCert: certReqs !== 'none', rejectUnauthorized: certReqs === 'required' }
      : // The old function checks the certificate chain at most, never the host name.
        { rejectUnauthorized: certReqs === 'required', checkServerIdentity: () => undefined },
  );
  if (options.certfile !== undefined) context.loadCertChain(options.certfile, options.keyfile);
  if (options.caCerts !== undefined) context.loadVerifyLocations({ cafile: options.caCerts });
  const wrap: WrapSocketOptions = { serverSide };
  if (options.doHandshakeOnConnect !== undefined) wrap.doHandshakeOnConnect = options.doHandshakeOnConnect;
  return context.wrapSocket(socket, wrap);
}

function readPem(path: string, what: string): string {
  if (typeof path !== 'string' || path === '') {
    throw new InvalidArgumentError(`${what} takes the path of a PEM file, got ${describeValue(path)}`);
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw fromNodeError(error, `${what} reading ${path}`);
  }
}
