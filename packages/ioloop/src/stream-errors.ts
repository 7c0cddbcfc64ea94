/**
 * The errors of Tornado's `tornado.iostream`, plus the one this port raises for what the core
 * cannot do yet. A stream that closes because of an error keeps that error, and every operation
 * failed by the close carries it as `realError` (and as the standard `cause`).
 */

/**
 * An operation on a closed `IOStream`, or a pending read or write failed by the stream closing.
 * `realError` is the error that closed the stream, or `null` after a normal close.
 */
export class StreamClosedError extends Error {
  override name = 'StreamClosedError';
  /** The error that closed the stream, as Tornado's `real_error`; `null` after a normal close. */
  readonly realError: Error | null;
  constructor(realError: Error | null = null) {
    super(
      realError === null ? 'Stream is closed' : `Stream is closed: ${realError.message}`,
      realError === null ? undefined : { cause: realError },
    );
    this.realError = realError;
  }
}

/**
 * A read found more data than `maxBufferSize` in the read buffer, or a write would take the
 * write buffer over `maxWriteBufferSize`. The stream is closed in the read case.
 */
export class StreamBufferFullError extends Error {
  override name = 'StreamBufferFullError';
}

/**
 * A read cannot be satisfied within its limit (`readUntil` / `readUntilRegex` with `maxBytes`):
 * the stream is closed and the read fails with a `StreamClosedError` whose `realError` is this.
 */
export class UnsatisfiableReadError extends Error {
  override name = 'UnsatisfiableReadError';
}

/**
 * The operation exists in Tornado but the core transports cannot do it yet (`startTls()` on a
 * plain stream: `@async/loop` has no way to upgrade a connection to TLS in place).
 */
export class NotSupportedError extends Error {
  override name = 'NotSupportedError';
}
