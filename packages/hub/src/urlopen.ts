/**
 * `urlopen(url)`: what `urllib.request.urlopen` is in a gevent-patched program, a call that
 * blocks only the calling greenlet. It evaluates to an `HTTPResponse` once the status and header
 * fields have arrived (redirects followed, up to 10 as urllib); the body is then read with
 * `read(n)`. A final status that is not 2xx raises `HTTPError` (still readable), a failure to
 * reach the server `URLError` with the core `OSError` as `reason`, a `timeout` the core
 * `TimeoutError`. Killing the greenlet or a gevent `Timeout` aborts the request. The requests
 * of one hub share an `@async/http` client, so connections are kept alive and reused.
 */
import { HTTPClient, HTTPTooManyRedirectsError, type HTTPHeadersInit, type HTTPResponseStream } from '@async/http';
import { InvalidArgumentError, OSError, describeValue, type EventLoop, type Future } from '@async/loop';
import { type Hub, currentHub } from './hub.js';
import { Op } from './operation.js';
import { HTTPResponse } from './http-response.js';
import { HTTPError, URLError } from './url-errors.js';

/** A request to open (Python's `urllib.request.Request`). */
export interface URLRequest {
  /** Absolute `http:` or `https:` URL. */
  url: string;
  /** The method (default `GET`, or `POST` when there is a body). */
  method?: string;
  /** Request header fields. */
  headers?: HTTPHeadersInit;
  /** The body (Python's `data`); a string is sent as UTF-8. */
  body?: Uint8Array | string | null;
}

/** Options of `urlopen`. */
export interface UrlopenOptions {
  /** Seconds to connect and to receive the response head (default: no limit, as urllib). */
  timeout?: number | null;
}

interface Entry {
  loop: EventLoop;
  client: HTTPClient;
}

const clients = new WeakMap<Hub, Entry>();
const UNLIMITED = 1_000_000;
const USER_AGENT = 'Python-urllib/3 (@async/hub)';

/** The client the greenlets of `hub` share (a new one if the hub's loop was closed). */
function hubClient(hub: Hub): HTTPClient {
  const entry = clients.get(hub);
  if (entry !== undefined && !entry.loop.isClosed()) return entry.client;
  entry?.client.close();
  const client = new HTTPClient(hub, {
    maxClients: UNLIMITED,
    maxConnectionsPerHost: UNLIMITED,
    requestTimeout: 0,
    maxRedirects: 10,
    decompress: false,
    defaultHeaders: { 'User-Agent': USER_AGENT },
  });
  clients.set(hub, { loop: hub.loop, client });
  return client;
}

/**
 * Opens `url` (a URL string or a request object) and evaluates to the response.
 * @throws InvalidArgumentError (at once) for a bad url, request or timeout; `HTTPError`,
 *   `URLError` or `TimeoutError` at the blocking point.
 */
export function urlopen(url: string | URLRequest, options: UrlopenOptions = {}): Op<HTTPResponse> {
  const request: URLRequest = typeof url === 'string' ? { url } : url;
  if (typeof request !== 'object' || request === null || typeof request.url !== 'string') {
    throw new InvalidArgumentError(`urlopen() takes a URL string or { url, method?, headers?, body? }, got ${describeValue(url)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`urlopen(url, options) takes an options object, got ${describeValue(options)}`);
  }
  const timeout = options.timeout ?? null;
  if (timeout !== null && (typeof timeout !== 'number' || !(timeout > 0))) {
    throw new InvalidArgumentError(`urlopen() timeout must be a positive number of seconds or null, got ${describeValue(timeout)}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(request.url);
  } catch {
    throw new InvalidArgumentError(`urlopen(): unknown url type: ${JSON.stringify(request.url)} (give an absolute http: or https: URL)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArgumentError(`urlopen(): unknown url type: ${parsed.protocol.slice(0, -1)} (only http and https)`);
  }
  const hub = currentHub();
  const body = request.body ?? null;
  return Op.primitive(hub, (wake) => {
    const client = hubClient(hub);
    const future: Future<HTTPResponseStream> = client.stream({
      url: parsed,
      method: request.method ?? (body === null ? 'GET' : 'POST'),
      ...(request.headers === undefined ? {} : { headers: request.headers }),
      body,
      requestTimeout: timeout ?? 0,
      ...(timeout === null ? {} : { connectTimeout: timeout }),
    });
    future.addDoneCallback((f) => {
      if (f.cancelled()) return;
      const error = f.exception();
      if (error === null || error === undefined) {
        const response = new HTTPResponse(hub, f.result());
        if (response.status >= 200 && response.status < 300) wake(false, response);
        else wake(true, new HTTPError(response));
      } else if (error instanceof HTTPTooManyRedirectsError) {
        wake(true, new URLError(`HTTP Error: too many redirects (${error.message})`));
      } else if (error instanceof OSError) {
        wake(true, new URLError(error));
      } else {
        wake(true, error);
      }
    });
    return () => {
      // Killed or timed out while waiting: give the request up (this aborts its connection).
      if (!future.done()) future.cancel();
      else if (!future.cancelled() && future.exception() === null) future.result().close();
    };
  });
}
