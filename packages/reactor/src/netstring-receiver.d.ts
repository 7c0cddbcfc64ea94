import { Protocol } from './protocol.js';
import { NetstringParseError } from './errors.js';
/** Twisted's `NetstringReceiver`. */
export declare class NetstringReceiver extends Protocol {
    /** The longest string accepted, in bytes. */
    MAX_LENGTH: number;
    /** True once the peer sent something that is not a netstring. */
    brokenPeer: boolean;
    /** The parse error that broke the connection, if any. */
    parseError: NetstringParseError | null;
    private _buffer;
    /** Called with each string received. */
    stringReceived(_string: Uint8Array): void;
    /** Sends `string` as a netstring. */
    sendString(string: Uint8Array | string): void;
    dataReceived(data: Uint8Array): void;
}
//# sourceMappingURL=netstring-receiver.d.ts.map