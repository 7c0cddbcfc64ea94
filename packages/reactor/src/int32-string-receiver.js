/**
 * `Int32StringReceiver`: Twisted's length-prefixed strings, each preceded by its length as a
 * 32-bit big-endian unsigned integer. A length over `MAX_LENGTH` calls
 * `lengthLimitExceeded(length)`, which drops the connection by default.
 */
import { Buffer } from 'node:buffer';
import { InvalidArgumentError } from '@async/loop';
import { Protocol } from './protocol.js';
import { asBuffer } from './line-receiver.js';
const PREFIX_LENGTH = 4;
/** Twisted's `Int32StringReceiver`. */
export class Int32StringReceiver extends Protocol {
    /** The longest string accepted, in bytes. */
    MAX_LENGTH = 99999;
    /** True while `pauseProducing()` holds delivery back. */
    paused = false;
    _unprocessed = Buffer.alloc(0);
    /** Called with each string received. */
    stringReceived(_string) {
        throw new InvalidArgumentError(`${this.constructor.name} must override stringReceived()`);
    }
    /** Called when a prefix announces more than `MAX_LENGTH` bytes; drops the connection by default. */
    lengthLimitExceeded(_length) {
        this.transport?.loseConnection();
    }
    /** Sends `string` with its 32-bit length prefix. @throws InvalidArgumentError if 4 GiB or more. */
    sendString(string) {
        const bytes = asBuffer(string, 'sendString()');
        if (bytes.length >= 2 ** 32) {
            throw new InvalidArgumentError(`sendString(): a string of ${bytes.length} bytes does not fit a 32-bit length prefix`);
        }
        const prefix = Buffer.alloc(PREFIX_LENGTH);
        prefix.writeUInt32BE(bytes.length, 0);
        this.transport?.write(Buffer.concat([prefix, bytes]));
    }
    /** Holds back delivery. */
    pauseProducing() {
        this.paused = true;
        this.transport?.pauseProducing();
    }
    /** Resumes delivery, starting with what was buffered. */
    resumeProducing() {
        this.paused = false;
        this.transport?.resumeProducing();
        this.dataReceived(Buffer.alloc(0));
    }
    dataReceived(data) {
        const alldata = Buffer.concat([this._unprocessed, asBuffer(data, 'dataReceived()')]);
        let offset = 0;
        this._unprocessed = alldata;
        while (alldata.length >= offset + PREFIX_LENGTH && !this.paused) {
            const length = alldata.readUInt32BE(offset);
            if (length > this.MAX_LENGTH) {
                this._unprocessed = alldata.subarray(offset);
                this.lengthLimitExceeded(length);
                return;
            }
            const end = offset + PREFIX_LENGTH + length;
            if (alldata.length < end)
                break;
            const packet = alldata.subarray(offset + PREFIX_LENGTH, end);
            offset = end;
            this._unprocessed = alldata.subarray(offset);
            this.stringReceived(packet);
        }
        this._unprocessed = alldata.subarray(offset);
    }
}
//# sourceMappingURL=int32-string-receiver.js.map