/**
 * The `transport` a Twisted `Protocol` sees: Twisted's `ITCPTransport` names (`write`,
 * `writeSequence`, `loseConnection`, `abortConnection`, `getPeer`, `getHost`, the producer
 * methods) over a core PEP 3156 `Transport`.
 */
import { InvalidArgumentError, describeValue, type Transport } from '@async/loop';
import { toAddress, type Address } from './address.js';

/** Twisted's `IPushProducer`/`IPullProducer`, as a consumer sees it. */
export interface Producer {
  /** Stop producing until `resumeProducing()`. */
  pauseProducing?(): void;
  /** Produce (more) data. */
  resumeProducing(): void;
  /** Stop producing for good. */
  stopProducing(): void;
}

const encoder = new TextEncoder();

function toBytes(data: unknown, what: string): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return encoder.encode(data);
  throw new InvalidArgumentError(`${what} takes a Uint8Array (or a string, sent as UTF-8), got ${describeValue(data)}`);
}

/**
 * What a Twisted `Protocol` may call on `this.transport` (Twisted's `ITCPTransport` and
 * `IConsumer`/`IProducer`). `ProtocolTransport` implements it over a core transport;
 * `StringTransport` records writes for tests.
 */
export interface ITransport {
  /** True once the connection is being closed. */
  readonly disconnecting: boolean;
  /** Sends bytes (a string is sent as UTF-8). */
  write(data: Uint8Array | string): void;
  /** Sends each chunk in order. */
  writeSequence(data: Iterable<Uint8Array | string>): void;
  /** Closes once buffered data is sent. */
  loseConnection(): void;
  /** Closes at once. */
  abortConnection(): void;
  /** The address of the other side. */
  getPeer(): Address;
  /** The address of this side. */
  getHost(): Address;
  /** Stops reading. */
  pauseProducing(): void;
  /** Resumes reading. */
  resumeProducing(): void;
  /** Stops reading for good. */
  stopProducing(): void;
  /** Registers a producer of the data written here. */
  registerProducer(producer: Producer, streaming: boolean): void;
  /** Unregisters the producer. */
  unregisterProducer(): void;
}

/** A Twisted transport over a core transport. */
export class ProtocolTransport implements ITransport {
  /** True once `loseConnection()` or `abortConnection()` was called. */
  disconnecting = false;
  /** The producer registered with `registerProducer()`, if any. */
  producer: Producer | null = null;
  private _streaming = false;

  /** Wraps the core transport `coreTransport`. */
  constructor(readonly coreTransport: Transport) {}

  /** Sends bytes (a string is sent as UTF-8). Ignored once disconnecting, as in Twisted. */
  write(data: Uint8Array | string): void {
    const bytes = toBytes(data, 'transport.write()');
    if (this.disconnecting || this.coreTransport.isClosing()) return;
    this.coreTransport.write(bytes);
  }

  /** Sends each chunk of `data` in order. */
  writeSequence(data: Iterable<Uint8Array | string>): void {
    if (data === null || typeof (data as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
      throw new InvalidArgumentError(`transport.writeSequence() takes a list of chunks, got ${describeValue(data)}`);
    }
    const chunks = [...data].map((chunk) => toBytes(chunk, 'transport.writeSequence()'));
    if (this.disconnecting || this.coreTransport.isClosing()) return;
    this.coreTransport.writeLines(chunks);
  }

  /** Closes the connection once buffered data is sent. */
  loseConnection(): void {
    this.disconnecting = true;
    this.coreTransport.close();
  }

  /** Closes the connection at once, dropping buffered data. */
  abortConnection(): void {
    this.disconnecting = true;
    this.coreTransport.abort();
  }

  /** The address of the other side. */
  getPeer(): Address {
    return toAddress(this.coreTransport.getExtraInfo('peername'));
  }

  /** The address of this side. */
  getHost(): Address {
    return toAddress(this.coreTransport.getExtraInfo('sockname'));
  }

  /** Stops reading from the connection (this transport as a producer). */
  pauseProducing(): void {
    if (this.coreTransport.isReading()) this.coreTransport.pauseReading();
  }

  /** Resumes reading from the connection. */
  resumeProducing(): void {
    if (!this.coreTransport.isClosing() && !this.coreTransport.isReading()) this.coreTransport.resumeReading();
  }

  /** Stops reading for good: closes the connection. */
  stopProducing(): void {
    this.loseConnection();
  }

  /**
   * Registers a producer of the data written here. A streaming (push) producer is paused while
   * the write buffer is over its high-water mark; a pull producer is asked for more each time
   * the buffer drains.
   */
  registerProducer(producer: Producer, streaming: boolean): void {
    if (this.producer !== null) {
      throw new InvalidArgumentError('a producer is already registered: unregisterProducer() first');
    }
    if (typeof producer !== 'object' || producer === null || typeof producer.resumeProducing !== 'function') {
      throw new InvalidArgumentError(`registerProducer() takes a producer, got ${describeValue(producer)}`);
    }
    this.producer = producer;
    this._streaming = streaming;
    if (!streaming) producer.resumeProducing();
  }

  /** Unregisters the producer. */
  unregisterProducer(): void {
    this.producer = null;
  }

  /** @internal The core transport's write buffer went over its high-water mark. */
  _pauseWriting(): void {
    if (this._streaming) this.producer?.pauseProducing?.();
  }

  /** @internal The core transport's write buffer drained. */
  _resumeWriting(): void {
    this.producer?.resumeProducing();
  }

  /** @internal The connection is gone: a producer is stopped. */
  _connectionLost(): void {
    const producer = this.producer;
    this.producer = null;
    producer?.stopProducing();
  }
}
