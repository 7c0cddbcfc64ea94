/**
 * `StringTransport`: a fake transport for unit-testing protocols, as Twisted's
 * `proto_helpers.StringTransport`. It records what is written (`value()`), whether the
 * protocol asked to close (`disconnecting`), and the producer state, and never touches a loop.
 */
import { Buffer } from 'node:buffer';
import { InvalidArgumentError, describeValue } from '@async/loop';
import { IPv4Address } from './address.js';
/** Twisted's `StringTransport`. */
export class StringTransport {
    _hostAddress;
    _peerAddress;
    /** True once `loseConnection()` or `abortConnection()` was called. */
    disconnecting = false;
    /** True once `abortConnection()` was called. */
    aborted = false;
    /** `'producing'`, `'paused'` or `'stopped'`: what the protocol asked of this transport as a producer. */
    producerState = 'producing';
    /** The registered producer, if any. */
    producer = null;
    /** Whether the registered producer is a streaming one. */
    streaming = false;
    _chunks = [];
    constructor(_hostAddress = new IPv4Address('TCP', '10.0.0.1', 12345), _peerAddress = new IPv4Address('TCP', '192.168.1.1', 54321)) {
        this._hostAddress = _hostAddress;
        this._peerAddress = _peerAddress;
    }
    /** Everything written so far. */
    value() {
        return Buffer.concat(this._chunks);
    }
    /** Forgets what was written. */
    clear() {
        this._chunks = [];
    }
    write(data) {
        if (typeof data === 'string')
            this._chunks.push(Buffer.from(data, 'utf8'));
        else if (data instanceof Uint8Array)
            this._chunks.push(Buffer.from(data));
        else
            throw new InvalidArgumentError(`transport.write() takes a Uint8Array or a string, got ${describeValue(data)}`);
    }
    writeSequence(data) {
        for (const chunk of data)
            this.write(chunk);
    }
    loseConnection() {
        this.disconnecting = true;
    }
    abortConnection() {
        this.disconnecting = true;
        this.aborted = true;
    }
    getPeer() {
        return this._peerAddress;
    }
    getHost() {
        return this._hostAddress;
    }
    pauseProducing() {
        if (this.producerState !== 'stopped')
            this.producerState = 'paused';
    }
    resumeProducing() {
        if (this.producerState !== 'stopped')
            this.producerState = 'producing';
    }
    stopProducing() {
        this.producerState = 'stopped';
    }
    registerProducer(producer, streaming) {
        if (this.producer !== null)
            throw new InvalidArgumentError('a producer is already registered: unregisterProducer() first');
        this.producer = producer;
        this.streaming = streaming;
    }
    unregisterProducer() {
        this.producer = null;
    }
}
//# sourceMappingURL=string-transport.js.map