/**
 * `LineReceiver`: Twisted's line-oriented protocol (`protocols.basic.LineReceiver`). It splits
 * the byte stream on `delimiter` (CRLF by default) and calls `lineReceived(line)` with each
 * line, as bytes without the delimiter; `setRawMode()` switches to `rawDataReceived(data)` and
 * `setLineMode(extra)` back. A line longer than `MAX_LENGTH` calls `lineLengthExceeded`, which
 * drops the connection by default. `pauseProducing()` holds back buffered lines too.
 */
import { Buffer } from 'node:buffer';
import { InvalidArgumentError, describeValue } from '@async/loop';
import { Protocol } from './protocol.js';
const EMPTY = Buffer.alloc(0);
/** Bytes from a `Uint8Array` or a UTF-8 string. */
export function asBuffer(data, what) {
    if (typeof data === 'string')
        return Buffer.from(data, 'utf8');
    if (data instanceof Uint8Array)
        return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    throw new InvalidArgumentError(`${what} takes a Uint8Array (or a string, sent as UTF-8), got ${describeValue(data)}`);
}
/** Twisted's `LineReceiver`. */
export class LineReceiver extends Protocol {
    /** The line separator (Twisted's default, CRLF). */
    delimiter = '\r\n';
    /** The longest line accepted, in bytes, without its delimiter. */
    MAX_LENGTH = 16384;
    /** True in line mode, false in raw mode. */
    line_mode = true;
    /** True while `pauseProducing()` holds delivery back. */
    paused = false;
    _buffer = EMPTY;
    _busyReceiving = false;
    /** Called with each line (bytes, without the delimiter). */
    lineReceived(_line) {
        throw new InvalidArgumentError(`${this.constructor.name} must override lineReceived()`);
    }
    /** Called in raw mode with each chunk. */
    rawDataReceived(_data) {
        throw new InvalidArgumentError(`${this.constructor.name} must override rawDataReceived() to use raw mode`);
    }
    /** Sends `line` followed by the delimiter. */
    sendLine(line) {
        const bytes = asBuffer(line, 'sendLine()');
        this.transport?.write(Buffer.concat([bytes, asBuffer(this.delimiter, 'delimiter')]));
    }
    /** Called with the over-long data; the default loses the connection, as in Twisted. */
    lineLengthExceeded(_line) {
        this.transport?.loseConnection();
    }
    /** Empties the buffer and returns what it held. */
    clearLineBuffer() {
        const b = this._buffer;
        this._buffer = EMPTY;
        return b;
    }
    /** Switches to line mode; `extra` is processed as if just received. */
    setLineMode(extra = EMPTY) {
        this.line_mode = true;
        const bytes = asBuffer(extra, 'setLineMode()');
        if (bytes.length > 0)
            this.dataReceived(bytes);
    }
    /** Switches to raw mode: data goes to `rawDataReceived()`. */
    setRawMode() {
        this.line_mode = false;
    }
    /** Holds back delivery (and stops reading from the transport). */
    pauseProducing() {
        this.paused = true;
        this.transport?.pauseProducing();
    }
    /** Resumes delivery, starting with what was buffered. */
    resumeProducing() {
        this.paused = false;
        this.transport?.resumeProducing();
        this.dataReceived(EMPTY);
    }
    /** Stops for good: drops the connection. */
    stopProducing() {
        this.paused = true;
        this.transport?.stopProducing();
    }
    dataReceived(data) {
        const chunk = asBuffer(data, 'dataReceived()');
        this._buffer = this._buffer.length === 0 ? chunk : Buffer.concat([this._buffer, chunk]);
        // A line handler that feeds data back in (setLineMode(extra)) only appends: the running loop reads it.
        if (this._busyReceiving)
            return;
        this._busyReceiving = true;
        try {
            while (this._buffer.length > 0 && !this.paused) {
                if (this.line_mode) {
                    const delimiter = asBuffer(this.delimiter, 'delimiter');
                    const at = this._buffer.indexOf(delimiter);
                    if (at < 0) {
                        if (this._buffer.length >= this.MAX_LENGTH + delimiter.length) {
                            const line = this._buffer;
                            this._buffer = EMPTY;
                            this.lineLengthExceeded(line);
                        }
                        return;
                    }
                    const line = this._buffer.subarray(0, at);
                    const rest = this._buffer.subarray(at + delimiter.length);
                    if (line.length > this.MAX_LENGTH) {
                        const exceeded = this._buffer;
                        this._buffer = EMPTY;
                        this.lineLengthExceeded(exceeded);
                        return;
                    }
                    this._buffer = rest;
                    this.lineReceived(line);
                    if (this.transport?.disconnecting)
                        return;
                }
                else {
                    const raw = this._buffer;
                    this._buffer = EMPTY;
                    this.rawDataReceived(raw);
                }
            }
        }
        finally {
            this._busyReceiving = false;
        }
    }
}
/**
 * Twisted's `LineOnlyReceiver`: a faster line receiver without raw mode or pausing.
 */
export class LineOnlyReceiver extends Protocol {
    /** The line separator. */
    delimiter = '\r\n';
    /** The longest line accepted, in bytes. */
    MAX_LENGTH = 16384;
    _buffer = EMPTY;
    /** Called with each line (bytes, without the delimiter). */
    lineReceived(_line) {
        throw new InvalidArgumentError(`${this.constructor.name} must override lineReceived()`);
    }
    /** Sends `line` followed by the delimiter. */
    sendLine(line) {
        this.transport?.write(Buffer.concat([asBuffer(line, 'sendLine()'), asBuffer(this.delimiter, 'delimiter')]));
    }
    /** Called with the over-long data; the default loses the connection. */
    lineLengthExceeded(_line) {
        this.transport?.loseConnection();
    }
    dataReceived(data) {
        const delimiter = asBuffer(this.delimiter, 'delimiter');
        const buffer = Buffer.concat([this._buffer, asBuffer(data, 'dataReceived()')]);
        let start = 0;
        for (;;) {
            const at = buffer.indexOf(delimiter, start);
            if (at < 0)
                break;
            if (this.transport?.disconnecting)
                return;
            const line = buffer.subarray(start, at);
            start = at + delimiter.length;
            if (line.length > this.MAX_LENGTH) {
                this._buffer = EMPTY;
                this.lineLengthExceeded(line);
                return;
            }
            this.lineReceived(line);
        }
        this._buffer = buffer.subarray(start);
        if (this._buffer.length > this.MAX_LENGTH) {
            const line = this._buffer;
            this._buffer = EMPTY;
            this.lineLengthExceeded(line);
        }
    }
}
//# sourceMappingURL=line-receiver.js.map