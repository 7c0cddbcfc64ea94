/**
 * `ReconnectingClientFactory`: a client factory that reconnects after a failed or lost
 * connection, waiting longer each time (exponential backoff with jitter), as Twisted's. Call
 * `resetDelay()` once a connection works, and `stopTrying()` to give up.
 */
import { ClientFactory } from './factory.js';
import { reactor } from './reactor.js';
/** Draws from a normal distribution (Box-Muller), as Python's `random.normalvariate`. */
function normalVariate(mean, sigma, random) {
    const u = 1 - random();
    const v = random();
    return mean + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
/** Twisted's `ReconnectingClientFactory`. */
export class ReconnectingClientFactory extends ClientFactory {
    /** The longest wait between attempts, in seconds. */
    maxDelay = 3600;
    /** The first wait, in seconds. */
    initialDelay = 1.0;
    /** How much the wait grows after each failure (e). */
    factor = 2.718281828459045;
    /** The standard deviation of the wait, relative to it; 0 for no jitter. */
    jitter = 0.11962656472;
    /** The current wait. */
    delay = this.initialDelay;
    /** Attempts made since the last `resetDelay()`. */
    retries = 0;
    /** Give up after this many retries; `null` for never. */
    maxRetries = null;
    /** False once `stopTrying()` was called. */
    continueTrying = true;
    /** The clock retries are scheduled on (default `reactor`). */
    clock = reactor;
    /** The random source for the jitter (replace it for deterministic tests). */
    random = Math.random;
    /** The connector being retried. */
    connector = null;
    _callID = null;
    clientConnectionFailed(connector, _reason) {
        if (this.continueTrying) {
            this.connector = connector;
            this.retry();
        }
    }
    clientConnectionLost(connector, _reason) {
        if (this.continueTrying) {
            this.connector = connector;
            this.retry();
        }
    }
    /** Schedules the next attempt on `connector` (default: the last one seen). */
    retry(connector = this.connector) {
        if (!this.continueTrying || connector === null)
            return;
        this.retries++;
        if (this.maxRetries !== null && this.retries > this.maxRetries)
            return;
        this.delay = Math.min(this.delay * this.factor, this.maxDelay);
        if (this.jitter)
            this.delay = normalVariate(this.delay, this.delay * this.jitter, this.random);
        this.delay = Math.max(0, this.delay);
        this._callID = this.clock.callLater(this.delay, () => {
            this._callID = null;
            connector.connect();
        });
    }
    /** Stops retrying, and stops the attempt in progress. */
    stopTrying() {
        this._callID?.cancel();
        this._callID = null;
        this.continueTrying = false;
        if (this.connector?.state === 'connecting')
            this.connector.stopConnecting();
    }
    /** Back to the initial delay (call it once a connection works). */
    resetDelay() {
        this.delay = this.initialDelay;
        this.retries = 0;
        this._callID = null;
        this.continueTrying = true;
    }
}
//# sourceMappingURL=reconnecting-client-factory.js.map