/**
 * `LineReceiver`: Twisted's line-oriented protocol (`protocols.basic.LineReceiver`). It splits
 * the byte stream on `delimiter` (CRLF by default) and calls `lineReceived(line)` with each
 * line, as bytes without the delimiter; `setRawMode()` switches to `rawDataReceived(data)` and
 * `setLineMode(extra)` back. A line longer than `MAX_LENGTH` calls `lineLengthExceeded`, which
 * drops the connection by default. `pauseProducing()` holds back buffered lines too.
 */
import { Buffer } from 'node:buffer';
import { Protocol } from './protocol.js';
/** Bytes from a `Uint8Array` or a UTF-8 string. */
export declare function asBuffer(data: Uint8Array | string, what: string): Buffer;
/** Twisted's `LineReceiver`. */
export declare class LineReceiver extends Protocol {
    /** The line separator (Twisted's default, CRLF). */
    delimiter: Uint8Array | string;
    /** The longest line accepted, in bytes, without its delimiter. */
    MAX_LENGTH: number;
    /** True in line mode, false in raw mode. */
    line_mode: boolean;
    /** True while `pauseProducing()` holds delivery back. */
    paused: boolean;
    private _buffer;
    private _busyReceiving;
    /** Called with each line (bytes, without the delimiter). */
    lineReceived(_line: Uint8Array): void;
    /** Called in raw mode with each chunk. */
    rawDataReceived(_data: Uint8Array): void;
    /** Sends `line` followed by the delimiter. */
    sendLine(line: Uint8Array | string): void;
    /** Called with the over-long data; the default loses the connection, as in Twisted. */
    lineLengthExceeded(_line: Uint8Array): void;
    /** Empties the buffer and returns what it held. */
    clearLineBuffer(): Uint8Array;
    /** Switches to line mode; `extra` is processed as if just received. */
    setLineMode(extra?: Uint8Array | string): void;
    /** Switches to raw mode: data goes to `rawDataReceived()`. */
    setRawMode(): void;
    /** Holds back delivery (and stops reading from the transport). */
    pauseProducing(): void;
    /** Resumes delivery, starting with what was buffered. */
    resumeProducing(): void;
    /** Stops for good: drops the connection. */
    stopProducing(): void;
    dataReceived(data: Uint8Array): void;
}
/**
 * Twisted's `LineOnlyReceiver`: a faster line receiver without raw mode or pausing.
 */
export declare class LineOnlyReceiver extends Protocol {
    /** The line separator. */
    delimiter: Uint8Array | string;
    /** The longest line accepted, in bytes. */
    MAX_LENGTH: number;
    private _buffer;
    /** Called with each line (bytes, without the delimiter). */
    lineReceived(_line: Uint8Array): void;
    /** Sends `line` followed by the delimiter. */
    sendLine(line: Uint8Array | string): void;
    /** Called with the over-long data; the default loses the connection. */
    lineLengthExceeded(_line: Uint8Array): void;
    dataReceived(data: Uint8Array): void;
}
//# sourceMappingURL=line-receiver.d.ts.map