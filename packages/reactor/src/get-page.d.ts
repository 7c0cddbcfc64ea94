/**
 * Twisted's `twisted.web.client.getPage(url)` (removed from Twisted in 21.7, kept here because
 * the talk's examples use it): a Deferred that fires with the page body. As in Twisted, only
 * 200, 201 and 202 are pages: any other status fails it with `WebError` (`status`, `reason` and
 * the body as `response`), a redirect not followed with `PageRedirect`, too many redirects with
 * `InfiniteRedirection`. Connection failures are the core `OSError` family, a `timeout` the core
 * `TimeoutError`. Cancelling the Deferred aborts the request. Pages of one reactor share an
 * `@async/http` client, so connections are kept alive and reused.
 */
import { type HTTPHeadersInit } from '@async/http';
import { Deferred } from './deferred.js';
import { type Reactor } from './reactor.js';
/** Options of `getPage`, Twisted's keyword arguments. */
export interface GetPageOptions {
    /** The method (default `'GET'`). */
    method?: string;
    /** Request header fields (`{ name: value }` or anything `HTTPHeaders` takes). */
    headers?: HTTPHeadersInit;
    /** The request body (Twisted's `postdata`); a string is sent as UTF-8. */
    postdata?: Uint8Array | string | null;
    /** Seconds for the whole request; 0 or absent: no limit (Twisted's default). */
    timeout?: number;
    /** Follow 301, 302, 303, 307 and 308 (default true). */
    followRedirect?: boolean;
    /** Most redirects followed (default 20, as Twisted). */
    redirectLimit?: number;
    /** The `User-Agent` (default `'Twisted PageGetter'`). */
    agent?: string;
    /** The reactor to run on (default: the global `reactor`). */
    reactor?: Reactor;
}
/**
 * Fetches `url` and fires with its body.
 * @throws InvalidArgumentError for a `url` that is not a string or bad options; a URL that is
 *   not `http:`/`https:` fails the Deferred with `SchemeNotSupported`.
 */
export declare function getPage(url: string, options?: GetPageOptions): Deferred<Uint8Array>;
//# sourceMappingURL=get-page.d.ts.map