/**
 * `NetstringReceiver`: Twisted's netstring protocol — each string framed as
 * `<decimal length>:<bytes>,`. Malformed input or a length over `MAX_LENGTH` is a
 * `NetstringParseError`: the protocol remembers it (`brokenPeer`) and drops the connection.
 */
import { Buffer } from 'node:buffer';
import { InvalidArgumentError } from '@async/loop';
import { Protocol } from './protocol.js';
import { NetstringParseError } from './errors.js';
import { asBuffer } from './line-receiver.js';
const COLON = 0x3a;
const COMMA = 0x2c;
/** Twisted's `NetstringReceiver`. */
export class NetstringReceiver extends Protocol {
    /** The longest string accepted, in bytes. */
    MAX_LENGTH = 99999;
    /** True once the peer sent something that is not a netstring. */
    brokenPeer = false;
    /** The parse error that broke the connection, if any. */
    parseError = null;
    _buffer = Buffer.alloc(0);
    /** Called with each string received. */
    stringReceived(_string) {
        throw new InvalidArgumentError(`${this.constructor.name} must override stringReceived()`);
    }
    /** Sends `string` as a netstring. */
    sendString(string) {
        const bytes = asBuffer(string, 'sendString()');
        this.transport?.write(Buffer.concat([Buffer.from(`${bytes.length}:`), bytes, Buffer.from(',')]));
    }
    dataReceived(data) {
        if (this.brokenPeer)
            return;
        this._buffer = Buffer.concat([this._buffer, asBuffer(data, 'dataReceived()')]);
        try {
            while (this._buffer.length > 0 && !this.brokenPeer) {
                const colon = this._buffer.indexOf(COLON);
                if (colon < 0) {
                    if (this._buffer.length > String(this.MAX_LENGTH).length || !/^\d*$/.test(this._buffer.toString('latin1'))) {
                        throw new NetstringParseError(`Invalid length prefix: ${JSON.stringify(this._buffer.subarray(0, 20).toString('latin1'))}`);
                    }
                    return;
                }
                const prefix = this._buffer.subarray(0, colon).toString('latin1');
                if (!/^(0|[1-9]\d*)$/.test(prefix))
                    throw new NetstringParseError(`Invalid length prefix: ${JSON.stringify(prefix)}`);
                const length = Number(prefix);
                if (length > this.MAX_LENGTH) {
                    throw new NetstringParseError(`The length of the netstring (${length}) is larger than MAX_LENGTH (${this.MAX_LENGTH})`);
                }
                const end = colon + 1 + length;
                if (this._buffer.length <= end)
                    return;
                if (this._buffer[end] !== COMMA)
                    throw new NetstringParseError('Missing comma after the netstring');
                const payload = this._buffer.subarray(colon + 1, end);
                this._buffer = this._buffer.subarray(end + 1);
                this.stringReceived(payload);
            }
        }
        catch (error) {
            if (!(error instanceof NetstringParseError))
                throw error;
            this.brokenPeer = true;
            this.parseError = error;
            this._buffer = Buffer.alloc(0);
            this.transport?.loseConnection();
        }
    }
}
//# sourceMappingURL=netstring-receiver.js.map