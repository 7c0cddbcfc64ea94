import { Protocol } from './protocol.js';
/** Twisted's `Int32StringReceiver`. */
export declare class Int32StringReceiver extends Protocol {
    /** The longest string accepted, in bytes. */
    MAX_LENGTH: number;
    /** True while `pauseProducing()` holds delivery back. */
    paused: boolean;
    private _unprocessed;
    /** Called with each string received. */
    stringReceived(_string: Uint8Array): void;
    /** Called when a prefix announces more than `MAX_LENGTH` bytes; drops the connection by default. */
    lengthLimitExceeded(_length: number): void;
    /** Sends `string` with its 32-bit length prefix. @throws InvalidArgumentError if 4 GiB or more. */
    sendString(string: Uint8Array | string): void;
    /** Holds back delivery. */
    pauseProducing(): void;
    /** Resumes delivery, starting with what was buffered. */
    resumeProducing(): void;
    dataReceived(data: Uint8Array): void;
}
//# sourceMappingURL=int32-string-receiver.d.ts.map