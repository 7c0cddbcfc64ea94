import { Deferred } from './deferred.js';
import type { IBodyProducer } from './body-producer.js';
import { HTTPConnectionPool } from './http-connection-pool.js';
import { Reactor } from './reactor.js';
import { Headers } from './web-headers.js';
import { Response } from './web-response.js';
/** What `RedirectAgent` and `ContentDecoderAgent` wrap: Twisted's `IAgent`. */
export interface IAgent {
    request(method: string, uri: string, headers?: Headers | null, bodyProducer?: IBodyProducer | null): Deferred<Response>;
}
/** Options of `new Agent(reactor, options)`, Twisted's keyword arguments. */
export interface AgentOptions {
    /** Seconds to connect (default 30). */
    connectTimeout?: number;
    /** The connection pool (default: a non-persistent one). */
    pool?: HTTPConnectionPool;
}
/** Twisted's `Agent`. */
export declare class Agent implements IAgent {
    /** The reactor requests run on. */
    readonly reactor: Reactor;
    /** The pool the agent's connections come from. */
    readonly pool: HTTPConnectionPool;
    private readonly _connectTimeout;
    /** @throws InvalidArgumentError for a reactor that is not a `Reactor` or bad options. */
    constructor(
    /** The reactor requests run on. */
    reactor: Reactor, options?: AgentOptions);
    /**
     * Sends a request; fires with the `Response` once its head has arrived.
     * @throws InvalidArgumentError for `headers` that are not `Headers`.
     */
    request(method: string, uri: string, headers?: Headers | null, bodyProducer?: IBodyProducer | null): Deferred<Response>;
    private _send;
}
//# sourceMappingURL=agent.d.ts.map