/**
 * Twisted's `RedirectAgent(agent, redirectLimit)`: follows 301, 302, 307 and 308 for GET and
 * HEAD, and 303 for any method (as a GET); a redirect of another method fails with
 * `PageRedirect`, more than `redirectLimit` redirects with `InfiniteRedirection`. The final
 * response's `previousResponse` is the redirect that led to it.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import type { Deferred } from './deferred.js';
import type { IBodyProducer } from './body-producer.js';
import type { IAgent } from './agent.js';
import type { Headers } from './web-headers.js';
import { InfiniteRedirection, PageRedirect } from './web-error.js';
import { readBody, type Response } from './web-response.js';

const KEEP_METHOD = new Set([301, 302, 307, 308]);

/** Twisted's `RedirectAgent`. */
export class RedirectAgent implements IAgent {
  /** @throws InvalidArgumentError for a bad agent or limit. */
  constructor(
    /** The agent that sends each request. */
    readonly agent: IAgent,
    /** Most redirects followed (default 20). */
    readonly redirectLimit = 20,
  ) {
    if (typeof agent !== 'object' || agent === null || typeof agent.request !== 'function') {
      throw new InvalidArgumentError(`RedirectAgent(agent) takes an agent, got ${describeValue(agent)}`);
    }
    if (!Number.isSafeInteger(redirectLimit) || redirectLimit < 0) {
      throw new InvalidArgumentError(`RedirectAgent redirectLimit must be a non-negative integer, got ${describeValue(redirectLimit)}`);
    }
  }

  /** Sends a request and follows its redirects. */
  request(method: string, uri: string, headers: Headers | null = null, bodyProducer: IBodyProducer | null = null): Deferred<Response> {
    return this._follow(method, uri, headers, bodyProducer, 0, null);
  }

  private _follow(
    method: string,
    uri: string,
    headers: Headers | null,
    bodyProducer: IBodyProducer | null,
    count: number,
    previous: Response | null,
  ): Deferred<Response> {
    return this.agent.request(method, uri, headers, bodyProducer).addCallback((response: Response): Response | Deferred<Response> => {
      response.previousResponse = previous;
      const code = response.code;
      const redirect = code === 303 || KEEP_METHOD.has(code);
      const location = response.headers.getRawHeaders('location')?.[0];
      if (!redirect || location === undefined) return response;
      const target = new URL(location, uri).href;
      if (code !== 303 && method !== 'GET' && method !== 'HEAD') {
        throw new PageRedirect(code, response.phrase, null, target);
      }
      if (count >= this.redirectLimit) throw new InfiniteRedirection(code, response.phrase, null, target);
      // The redirect's own body is not wanted, but it must be read for the connection to be reused.
      return readBody(response).addCallback(() =>
        code === 303
          ? this._follow(method === 'HEAD' ? 'HEAD' : 'GET', target, headers, null, count + 1, response)
          : this._follow(method, target, headers, bodyProducer, count + 1, response),
      );
    }) as Deferred<Response>;
  }
}
