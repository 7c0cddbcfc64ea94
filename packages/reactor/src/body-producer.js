/**
 * Twisted's `IBodyProducer` (what `Agent.request` takes as a request body) and
 * `FileBodyProducer`, which produces the body from bytes, a string or a file-like object with
 * `read(size)`. The agent gathers what the producer writes and sends it with a `Content-Length`.
 */
import { InvalidArgumentError, describeValue } from '@async/loop';
import { succeed } from './maybe-deferred.js';
import { UNKNOWN_LENGTH } from './web-response.js';
const encoder = new TextEncoder();
/** Twisted's `FileBodyProducer`, over bytes, a string (sent as UTF-8) or a file-like object. */
export class FileBodyProducer {
    readSize;
    length;
    _input;
    _stopped = false;
    /**
     * @param readSize - bytes per `read()` of a file-like input (default 65536).
     * @throws InvalidArgumentError for another kind of input.
     */
    constructor(input, readSize = 65536) {
        this.readSize = readSize;
        if (typeof input === 'string')
            input = encoder.encode(input);
        if (input instanceof Uint8Array) {
            this._input = input;
            this.length = input.length;
        }
        else if (typeof input === 'object' && input !== null && typeof input.read === 'function') {
            this._input = input;
            this.length = UNKNOWN_LENGTH;
        }
        else {
            throw new InvalidArgumentError(`FileBodyProducer() takes bytes, a string or an object with read(size), got ${describeValue(input)}`);
        }
    }
    startProducing(consumer) {
        const input = this._input;
        if (input instanceof Uint8Array) {
            consumer.write(input);
            return succeed(undefined);
        }
        for (;;) {
            if (this._stopped)
                break;
            const piece = input.read(this.readSize);
            const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
            if (!(bytes instanceof Uint8Array)) {
                throw new InvalidArgumentError(`FileBodyProducer: read() must give bytes or a string, got ${describeValue(piece)}`);
            }
            if (bytes.length === 0)
                break;
            consumer.write(bytes);
        }
        return succeed(undefined);
    }
    pauseProducing() { }
    resumeProducing() { }
    stopProducing() {
        this._stopped = true;
    }
}
//# sourceMappingURL=body-producer.js.map