/**
 * `StringTransport`: a fake transport for unit-testing protocols, as Twisted's
 * `proto_helpers.StringTransport`. It records what is written (`value()`), whether the
 * protocol asked to close (`disconnecting`), and the producer state, and never touches a loop.
 */
import { Buffer } from 'node:buffer';
import { type Address } from './address.js';
import type { ITransport, Producer } from './protocol-transport.js';
/** Twisted's `StringTransport`. */
export declare class StringTransport implements ITransport {
    private readonly _hostAddress;
    private readonly _peerAddress;
    /** True once `loseConnection()` or `abortConnection()` was called. */
    disconnecting: boolean;
    /** True once `abortConnection()` was called. */
    aborted: boolean;
    /** `'producing'`, `'paused'` or `'stopped'`: what the protocol asked of this transport as a producer. */
    producerState: 'producing' | 'paused' | 'stopped';
    /** The registered producer, if any. */
    producer: Producer | null;
    /** Whether the registered producer is a streaming one. */
    streaming: boolean;
    private _chunks;
    constructor(_hostAddress?: Address, _peerAddress?: Address);
    /** Everything written so far. */
    value(): Buffer;
    /** Forgets what was written. */
    clear(): void;
    write(data: Uint8Array | string): void;
    writeSequence(data: Iterable<Uint8Array | string>): void;
    loseConnection(): void;
    abortConnection(): void;
    getPeer(): Address;
    getHost(): Address;
    pauseProducing(): void;
    resumeProducing(): void;
    stopProducing(): void;
    registerProducer(producer: Producer, streaming: boolean): void;
    unregisterProducer(): void;
}
//# sourceMappingURL=string-transport.d.ts.map