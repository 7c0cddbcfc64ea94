/**
 * Twisted's client `Response` (`code`, `phrase`, `headers`, `length`, `version`, `request`,
 * `previousResponse`) and `readBody(response)`, a Deferred of the whole body. The body arrives
 * after the response fires: the connection stays busy until it is read, as in Twisted, so read
 * every body (or cancel `readBody`'s Deferred to drop the connection).
 */
import type { HTTPResponseStream } from '@async/http';
import { InvalidArgumentError, InvalidStateError, describeValue, type Future } from '@async/loop';
import { Deferred } from './deferred.js';
import { fail } from './maybe-deferred.js';
import { Headers } from './web-headers.js';

/** Twisted's `iweb.UNKNOWN_LENGTH`: a body whose length the head does not give. */
export const UNKNOWN_LENGTH = 'twisted.web.iweb.UNKNOWN_LENGTH';

/** What a `Response` knows of the request that produced it. */
export interface ResponseRequest {
  /** The method sent. */
  readonly method: string;
  /** The URL requested. */
  readonly absoluteURI: string;
  /** The header fields sent. */
  readonly headers: Headers;
}

/** Reads a response body once; `cancel` drops the transfer. */
export interface BodyReader {
  read(): Future<Uint8Array>;
  cancel(): void;
}

/** A response of `Agent.request`, whose body is read with `readBody`. */
export class Response {
  /** `['HTTP', 1, 1]`. */
  readonly version: [string, number, number];
  /** Set by `RedirectAgent` on the final response: the redirect that led here. */
  previousResponse: Response | null = null;
  private _reader: BodyReader | null;

  /** @internal Made by the agents. */
  constructor(
    /** The status code. */
    readonly code: number,
    /** The reason phrase. */
    readonly phrase: string,
    /** The response header fields. */
    readonly headers: Headers,
    /** The body's length in bytes, or `UNKNOWN_LENGTH`. */
    readonly length: number | typeof UNKNOWN_LENGTH,
    /** The request this answers. */
    readonly request: ResponseRequest,
    version: string,
    reader: BodyReader,
  ) {
    this.version = ['HTTP', 1, version === 'HTTP/1.0' ? 0 : 1];
    this._reader = reader;
  }

  /** @internal Makes a `Response` from a streamed `@async/http` response. */
  static _fromStream(stream: HTTPResponseStream, request: ResponseRequest): Response {
    const headers = Headers.fromHTTPHeaders(stream.headers);
    const bodyless = request.method === 'HEAD' || stream.status === 204 || stream.status === 304;
    const declared = stream.headers.get('content-length');
    const length =
      bodyless ? 0 : declared !== undefined && !stream.headers.has('transfer-encoding') && /^\d+$/.test(declared) ? Number(declared) : UNKNOWN_LENGTH;
    return new Response(stream.status, stream.reason, headers, length, request, stream.version, {
      read: () => stream.readAll(),
      cancel: () => stream.close(),
    });
  }

  /** @internal Takes the body reader: a body is read once. */
  _takeReader(): BodyReader | null {
    const reader = this._reader;
    this._reader = null;
    return reader;
  }
}

/**
 * Twisted's `readBody(response)`: a Deferred of the whole body. Cancelling it drops the
 * connection. Fails with `InvalidStateError` if the body was already read.
 */
export function readBody(response: Response): Deferred<Uint8Array> {
  if (!(response instanceof Response)) {
    throw new InvalidArgumentError(`readBody() takes a Response, got ${describeValue(response)}`);
  }
  const reader = response._takeReader();
  if (reader === null) return fail(new InvalidStateError('readBody(): the body of this response was already read'));
  const future = reader.read();
  const d = new Deferred<Uint8Array>(() => {
    reader.cancel();
  });
  future.addDoneCallback((f) => {
    if (d.called) return;
    const error = f.cancelled() ? null : f.exception();
    if (error !== null && error !== undefined) d.errback(error as Error);
    else if (!f.cancelled()) d.callback(f.result());
  });
  return d;
}
