import type { Deferred } from './deferred.js';
import type { IBodyProducer } from './body-producer.js';
import type { IAgent } from './agent.js';
import { Headers } from './web-headers.js';
import { Response } from './web-response.js';
/** Twisted's `ContentDecoderAgent`. */
export declare class ContentDecoderAgent implements IAgent {
    /** The agent that sends each request. */
    readonly agent: IAgent;
    readonly decoders: readonly string[];
    /**
     * @param decoders - the codings to accept, from `'gzip'` and `'deflate'` (Twisted's list of
     *   `(name, decoderClass)` pairs; default `['gzip']`, as Twisted's usual `GzipDecoder`).
     * @throws InvalidArgumentError for an unknown coding.
     */
    constructor(
    /** The agent that sends each request. */
    agent: IAgent, decoders?: readonly string[]);
    /** Sends a request accepting the decoders' codings; decodes the body of the response. */
    request(method: string, uri: string, headers?: Headers | null, bodyProducer?: IBodyProducer | null): Deferred<Response>;
}
//# sourceMappingURL=content-decoder-agent.d.ts.map