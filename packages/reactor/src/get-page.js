/**
 * Twisted's `twisted.web.client.getPage(url)` (removed from Twisted in 21.7, kept here because
 * the talk's examples use it): a Deferred that fires with the page body. As in Twisted, only
 * 200, 201 and 202 are pages: any other status fails it with `WebError` (`status`, `reason` and
 * the body as `response`), a redirect not followed with `PageRedirect`, too many redirects with
 * `InfiniteRedirection`. Connection failures are the core `OSError` family, a `timeout` the core
 * `TimeoutError`. Cancelling the Deferred aborts the request. Pages of one reactor share an
 * `@async/http` client, so connections are kept alive and reused.
 */
import { HTTPHeaders, HTTPTooManyRedirectsError } from '@async/http';
import { InvalidArgumentError, describeValue } from '@async/loop';
import { Deferred } from './deferred.js';
import { fail } from './maybe-deferred.js';
import { reactor as defaultReactor } from './reactor.js';
import { reactorHTTPClient } from './reactor-http-client.js';
import { InfiniteRedirection, PageRedirect, SchemeNotSupported, WebError } from './web-error.js';
const PAGE_STATUSES = new Set([200, 201, 202]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * Fetches `url` and fires with its body.
 * @throws InvalidArgumentError for a `url` that is not a string or bad options; a URL that is
 *   not `http:`/`https:` fails the Deferred with `SchemeNotSupported`.
 */
export function getPage(url, options = {}) {
    if (typeof url !== 'string')
        throw new InvalidArgumentError(`getPage(url) takes a URL string, got ${describeValue(url)}`);
    if (typeof options !== 'object' || options === null) {
        throw new InvalidArgumentError(`getPage(url, options) takes an options object, got ${describeValue(options)}`);
    }
    const { timeout = 0, followRedirect = true, redirectLimit = 20 } = options;
    if (typeof timeout !== 'number' || !(timeout >= 0)) {
        throw new InvalidArgumentError(`getPage() timeout must be a non-negative number of seconds, got ${describeValue(timeout)}`);
    }
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return fail(new SchemeNotSupported(`getPage(): ${JSON.stringify(url)} is not an absolute URL`));
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        return fail(new SchemeNotSupported(`getPage(): unsupported scheme ${parsed.protocol} in ${url} (http: or https: only)`));
    }
    const headers = new HTTPHeaders(options.headers ?? undefined);
    if (!headers.has('user-agent'))
        headers.set('User-Agent', options.agent ?? 'Twisted PageGetter');
    const client = reactorHTTPClient(options.reactor ?? defaultReactor);
    const future = client.request({
        url: parsed,
        method: options.method ?? 'GET',
        headers,
        body: options.postdata ?? null,
        requestTimeout: timeout,
        followRedirects: followRedirect,
        maxRedirects: redirectLimit,
        decompress: false,
    });
    return Deferred.fromFuture(future).addCallbacks(pageOf, (failure) => {
        const error = failure.value;
        if (error instanceof HTTPTooManyRedirectsError) {
            const last = error.response;
            throw new InfiniteRedirection(last.status, last.reason, last.body, last.headers.get('location') ?? null);
        }
        return failure;
    });
}
function pageOf(response) {
    const { status, reason, body } = response;
    if (PAGE_STATUSES.has(status))
        return body;
    if (REDIRECTS.has(status))
        throw new PageRedirect(status, reason, body, response.headers.get('location') ?? null);
    throw new WebError(status, reason, body);
}
//# sourceMappingURL=get-page.js.map