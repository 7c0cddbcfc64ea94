/**
 * The exceptions of `tornado.web`: `HTTPError` (raise it in a handler to answer with its
 * status), `MissingArgumentError` (a 400 from `getArgument()`), and `Finish` (ends the request
 * without an error response).
 */
import { reasonFor } from '@async/http';

/** Options of `HTTPError` (Tornado's keyword arguments). */
export interface HTTPErrorOptions {
  /** The message to log, `%s`-formatted with `args` (never shown to the client). */
  logMessage?: string;
  /** Arguments for `logMessage`. */
  args?: unknown[];
  /** The reason phrase of the response; default the standard one. */
  reason?: string;
}

/**
 * Python's `%` formatting, for log messages: `%s`, `%d`, `%r`, `%%`; extra or missing arguments
 * are left as they are.
 */
function percentFormat(format: string, args: readonly unknown[]): string {
  let i = 0;
  return format.replace(/%([sdri%])/g, (match, kind: string) => {
    if (kind === '%') return '%';
    if (i >= args.length) return match;
    const value = args[i++];
    if (kind === 'r') return typeof value === 'string' ? `'${value}'` : String(value);
    if (kind === 'd' || kind === 'i') return String(Math.trunc(Number(value)));
    return String(value);
  });
}

/**
 * Raised in a `RequestHandler`, answers the request with `statusCode` (the error page of
 * `writeError()`). `logMessage` is for the logs only. Its `message` is Tornado's `str(error)`:
 * `HTTP 404: Not Found (the log message)`.
 */
export class HTTPError extends Error {
  override name = 'HTTPError';
  /** The status to answer with. */
  readonly statusCode: number;
  /** The log message, formatted, or `null`. */
  readonly logMessage: string | null;
  /** The reason phrase to send, or `null` for the standard one. */
  readonly reason: string | null;

  /**
   * `new HTTPError(404)`, `new HTTPError(400, 'bad id %s', id)` or
   * `new HTTPError(404, { reason: 'No Such Page', logMessage })`.
   */
  constructor(statusCode = 500, logMessage?: string | HTTPErrorOptions | null, ...args: unknown[]) {
    const options: HTTPErrorOptions =
      typeof logMessage === 'object' && logMessage !== null ? logMessage : { logMessage: logMessage ?? undefined, args };
    const formatted =
      options.logMessage === undefined ? null : options.args && options.args.length > 0 ? percentFormat(options.logMessage, options.args) : options.logMessage;
    const reason = options.reason ?? null;
    super(`HTTP ${statusCode}: ${reason ?? reasonFor(statusCode)}${formatted === null ? '' : ` (${formatted})`}`);
    this.statusCode = statusCode;
    this.logMessage = formatted;
    this.reason = reason;
  }
}

/** A required argument is missing: `getArgument()` raises it, and the request gets a 400. */
export class MissingArgumentError extends HTTPError {
  override name = 'MissingArgumentError';
  /** The missing argument's name. */
  readonly argName: string;
  /** @param argName the argument that is missing */
  constructor(argName: string) {
    super(400, `Missing argument ${argName}`);
    this.argName = argName;
  }
}

/**
 * Raise it in a handler to end the request where it is, without an error: the response is
 * finished (with `chunk` written last, if given) as `finish()` would.
 */
export class Finish extends Error {
  override name = 'Finish';
  /** What to write before finishing, if anything. */
  readonly chunk: string | Uint8Array | Record<string, unknown> | undefined;
  /** @param chunk written before finishing */
  constructor(chunk?: string | Uint8Array | Record<string, unknown>) {
    super('Finish');
    this.chunk = chunk;
  }
}
