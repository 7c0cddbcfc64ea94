/**
 * Maps the errors Node reports for sockets and TLS onto the `OSError` family of `errors.ts`, the
 * way Python raises `ConnectionRefusedError` rather than a bare `OSError(111)`. The Node error is
 * kept as `cause` and its code as `code`, and the message says what we were doing and what to
 * try next, so the caller does not have to decode `ECONNREFUSED`.
 */
import {
  AddressInUseError,
  AddressNotAvailableError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  NameResolutionError,
  OSError,
  type OSErrorOptions,
  PermissionError,
  SSLCertVerificationError,
  SSLError,
  TimeoutError,
} from './errors.js';

/** The fields Node's system errors carry. */
interface NodeSystemError {
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** OpenSSL's certificate verification results, as Node reports them in `error.code`. */
const CERT_VERIFY_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/**
 * Converts an error Node reported while `doing` something (for example
 * `"connecting to 127.0.0.1:8080"`) into the matching `OSError` subclass. Errors that are
 * already typed, and values that are not system errors, are returned as they are.
 */
export function fromNodeError(error: unknown, doing: string): unknown {
  if (error instanceof OSError || error instanceof TimeoutError) return error;
  if (typeof error !== 'object' || error === null) return error;
  let source = error as NodeSystemError;
  // Node's multi-address connect (autoSelectFamily) may aggregate one error per address.
  if (typeof source.code !== 'string' && Array.isArray(source.errors) && source.errors.length > 0) {
    const first: unknown = source.errors[0];
    if (typeof first === 'object' && first !== null) source = first as NodeSystemError;
  }
  const code = typeof source.code === 'string' ? source.code : undefined;
  if (code === undefined) return error;
  const options: OSErrorOptions = { cause: error, code };
  if (typeof source.errno === 'number') options.errno = source.errno;
  const detail = typeof source.message === 'string' ? source.message : code;

  if (CERT_VERIFY_CODES.has(code)) {
    return new SSLCertVerificationError(
      `${doing} failed: the peer's certificate was rejected (${detail}); trust its issuer with ` +
        'tls.ca, or check that serverHostname names the host the certificate was issued for',
      options,
    );
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return new SSLError(`${doing} failed: TLS error (${detail})`, options);
  }
  if (source.syscall === 'getaddrinfo' || code === 'ENOTFOUND' || code.startsWith('EAI_')) {
    return new NameResolutionError(
      `${doing} failed: the host name could not be resolved (${code}); check its spelling and the DNS setup`,
      options,
    );
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new ConnectionRefusedError(
        `${doing} failed: connection refused (ECONNREFUSED); is a server listening there?`,
        options,
      );
    case 'ECONNRESET':
      return new ConnectionResetError(`${doing}: the peer reset the connection (ECONNRESET)`, options);
    case 'ECONNABORTED':
      return new ConnectionAbortedError(`${doing}: the connection was aborted (ECONNABORTED)`, options);
    case 'EPIPE':
    case 'ESHUTDOWN':
      return new BrokenPipeError(`${doing}: the peer has closed the connection (${code})`, options);
    case 'EADDRINUSE':
      return new AddressInUseError(
        `${doing} failed: the address is already in use (EADDRINUSE); pick another port, or port 0 for a free one`,
        options,
      );
    case 'EADDRNOTAVAIL':
      return new AddressNotAvailableError(
        `${doing} failed: the address is not available on this machine (EADDRNOTAVAIL)`,
        options,
      );
    case 'ENOENT':
      return new FileNotFoundError(`${doing} failed: no such file or socket (ENOENT)`, options);
    case 'EACCES':
    case 'EPERM':
      return new PermissionError(
        `${doing} failed: permission denied (${code}); ports below 1024 usually need privileges`,
        options,
      );
    case 'ETIMEDOUT':
      return new TimeoutError(`${doing} failed: the operation timed out (ETIMEDOUT)`, { cause: error });
    default:
      return new OSError(`${doing} failed: ${detail}`, options);
  }
}
