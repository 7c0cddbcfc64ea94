/**
 * Twisted's `RedirectAgent(agent, redirectLimit)`: follows 301, 302, 307 and 308 for GET and
 * HEAD, and 303 for any method (as a GET); a redirect of another method fails with
 * `PageRedirect`, more than `redirectLimit` redirects with `InfiniteRedirection`. The final
 * response's `previousResponse` is the redirect that led to it.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { InfiniteRedirection, PageRedirect } from './web-error.js';
import { readBody } from './web-response.js';
const KEEP_METHOD = new Set([301, 302, 307, 308]);
/** Twisted's `RedirectAgent`. */
export class RedirectAgent {
    agent;
    redirectLimit;
    /** @throws InvalidArgumentError for a bad agent or limit. */
    constructor(
    /** The agent that sends each request. */
    agent, 
    /** Most redirects followed (default 20). */
    redirectLimit = 20) {
        this.agent = agent;
        this.redirectLimit = redirectLimit;
        if (typeof agent !== 'object' || agent === null || typeof agent.request !== 'function') {
            throw new InvalidArgumentError(`RedirectAgent(agent) takes an agent, got ${describeValue(agent)}`);
        }
        if (!Number.isSafeInteger(redirectLimit) || redirectLimit < 0) {
            throw new InvalidArgumentError(`RedirectAgent redirectLimit must be a non-negative integer, got ${describeValue(redirectLimit)}`);
        }
    }
    /** Sends a request and follows its redirects. */
    request(method, uri, headers = null, bodyProducer = null) {
        return this._follow(method, uri, headers, bodyProducer, 0, null);
    }
    _follow(method, uri, headers, bodyProducer, count, previous) {
        return this.agent.request(method, uri, headers, bodyProducer).addCallback((response) => {
            response.previousResponse = previous;
            const code = response.code;
            const redirect = code === 303 || KEEP_METHOD.has(code);
            const location = response.headers.getRawHeaders('location')?.[0];
            if (!redirect || location === undefined)
                return response;
            const target = new URL(location, uri).href;
            if (code !== 303 && method !== 'GET' && method !== 'HEAD') {
                throw new PageRedirect(code, response.phrase, null, target);
            }
            if (count >= this.redirectLimit)
                throw new InfiniteRedirection(code, response.phrase, null, target);
            // The redirect's own body is not wanted, but it must be read for the connection to be reused.
            return readBody(response).addCallback(() => code === 303
                ? this._follow(method === 'HEAD' ? 'HEAD' : 'GET', target, headers, null, count + 1, response)
                : this._follow(method, target, headers, bodyProducer, count + 1, response));
        });
    }
}
//# sourceMappingURL=redirect-agent.js.map