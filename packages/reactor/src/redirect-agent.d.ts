import type { Deferred } from './deferred.js';
import type { IBodyProducer } from './body-producer.js';
import type { IAgent } from './agent.js';
import type { Headers } from './web-headers.js';
import { type Response } from './web-response.js';
/** Twisted's `RedirectAgent`. */
export declare class RedirectAgent implements IAgent {
    /** The agent that sends each request. */
    readonly agent: IAgent;
    /** Most redirects followed (default 20). */
    readonly redirectLimit: number;
    /** @throws InvalidArgumentError for a bad agent or limit. */
    constructor(
    /** The agent that sends each request. */
    agent: IAgent, 
    /** Most redirects followed (default 20). */
    redirectLimit?: number);
    /** Sends a request and follows its redirects. */
    request(method: string, uri: string, headers?: Headers | null, bodyProducer?: IBodyProducer | null): Deferred<Response>;
    private _follow;
}
//# sourceMappingURL=redirect-agent.d.ts.map