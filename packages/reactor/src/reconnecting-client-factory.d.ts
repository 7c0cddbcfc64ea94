/**
 * `ReconnectingClientFactory`: a client factory that reconnects after a failed or lost
 * connection, waiting longer each time (exponential backoff with jitter), as Twisted's. Call
 * `resetDelay()` once a connection works, and `stopTrying()` to give up.
 */
import { ClientFactory } from './factory.js';
import type { Protocol } from './protocol.js';
import type { Connector } from './connector.js';
import type { Failure } from './failure.js';
/** Twisted's `ReconnectingClientFactory`. */
export declare class ReconnectingClientFactory<P extends Protocol = Protocol> extends ClientFactory<P> {
    /** The longest wait between attempts, in seconds. */
    maxDelay: number;
    /** The first wait, in seconds. */
    initialDelay: number;
    /** How much the wait grows after each failure (e). */
    factor: number;
    /** The standard deviation of the wait, relative to it; 0 for no jitter. */
    jitter: number;
    /** The current wait. */
    delay: number;
    /** Attempts made since the last `resetDelay()`. */
    retries: number;
    /** Give up after this many retries; `null` for never. */
    maxRetries: number | null;
    /** False once `stopTrying()` was called. */
    continueTrying: boolean;
    /** The clock retries are scheduled on (default `reactor`). */
    clock: {
        callLater(delay: number, f: () => void): {
            cancel(): void;
        };
    };
    /** The random source for the jitter (replace it for deterministic tests). */
    random: () => number;
    /** The connector being retried. */
    connector: Connector | null;
    private _callID;
    clientConnectionFailed(connector: Connector, _reason: Failure): void;
    clientConnectionLost(connector: Connector, _reason: Failure): void;
    /** Schedules the next attempt on `connector` (default: the last one seen). */
    retry(connector?: Connector | null): void;
    /** Stops retrying, and stops the attempt in progress. */
    stopTrying(): void;
    /** Back to the initial delay (call it once a connection works). */
    resetDelay(): void;
}
//# sourceMappingURL=reconnecting-client-factory.d.ts.map