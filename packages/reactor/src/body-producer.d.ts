import type { Deferred } from './deferred.js';
import { UNKNOWN_LENGTH } from './web-response.js';
/** What a body producer writes to. */
export interface IConsumer {
    /** Takes the next piece of the body. */
    write(data: Uint8Array): void;
}
/** Twisted's `IBodyProducer`. */
export interface IBodyProducer {
    /** The body's length in bytes, or `UNKNOWN_LENGTH`. */
    readonly length: number | typeof UNKNOWN_LENGTH;
    /** Writes the body to `consumer`; the Deferred fires when all of it is written. */
    startProducing(consumer: IConsumer): Deferred<unknown>;
    /** Pauses writing. */
    pauseProducing(): void;
    /** Resumes writing. */
    resumeProducing(): void;
    /** Stops for good (the request was cancelled). */
    stopProducing(): void;
}
/** A file-like source: `read(size)` gives up to `size` bytes, empty at the end. */
export interface ReadableFile {
    read(size: number): Uint8Array | string;
}
/** Twisted's `FileBodyProducer`, over bytes, a string (sent as UTF-8) or a file-like object. */
export declare class FileBodyProducer implements IBodyProducer {
    readonly readSize: number;
    readonly length: number | typeof UNKNOWN_LENGTH;
    private readonly _input;
    private _stopped;
    /**
     * @param readSize - bytes per `read()` of a file-like input (default 65536).
     * @throws InvalidArgumentError for another kind of input.
     */
    constructor(input: Uint8Array | string | ReadableFile, readSize?: number);
    startProducing(consumer: IConsumer): Deferred<unknown>;
    pauseProducing(): void;
    resumeProducing(): void;
    stopProducing(): void;
}
//# sourceMappingURL=body-producer.d.ts.map