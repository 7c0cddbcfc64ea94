/**
 * `StringTransport`: a fake transport for unit-testing protocols, as Twisted's
 * `proto_helpers.StringTransport`. It records what is written (`value()`), whether the
 * protocol asked to close (`disconnecting`), and the producer state, and never touches a loop.
 */
import { Buffer } from 'node:buffer';
import { InvalidArgumentError, describeValue } from '@async/loop';
import { IPv4Address, type Address } from './address.js';
import type { ITransport, Producer } from './protocol-transport.js';

/** Twisted's `StringTransport`. */
export class StringTransport implements ITransport {
  /** True once `loseConnection()` or `abortConnection()` was called. */
  disconnecting = false;
  /** True once `abortConnection()` was called. */
  aborted = false;
  /** `'producing'`, `'paused'` or `'stopped'`: what the protocol asked of this transport as a producer. */
  producerState: 'producing' | 'paused' | 'stopped' = 'producing';
  /** The registered producer, if any. */
  producer: Producer | null = null;
  /** Whether the registered producer is a streaming one. */
  streaming = false;
  private _chunks: Buffer[] = [];

  constructor(
    private readonly _hostAddress: Address = new IPv4Address('TCP', '10.0.0.1', 12345),
    private readonly _peerAddress: Address = new IPv4Address('TCP', '192.168.1.1', 54321),
  ) {}

  /** Everything written so far. */
  value(): Buffer {
    return Buffer.concat(this._chunks);
  }

  /** Forgets what was written. */
  clear(): void {
    this._chunks = [];
  }

  write(data: Uint8Array | string): void {
    if (typeof data === 'string') this._chunks.push(Buffer.from(data, 'utf8'));
    else if (data instanceof Uint8Array) this._chunks.push(Buffer.from(data));
    else throw new InvalidArgumentError(`transport.write() takes a Uint8Array or a string, got ${describeValue(data)}`);
  }

  writeSequence(data: Iterable<Uint8Array | string>): void {
    for (const chunk of data) this.write(chunk);
  }

  loseConnection(): void {
    this.disconnecting = true;
  }

  abortConnection(): void {
    this.disconnecting = true;
    this.aborted = true;
  }

  getPeer(): Address {
    return this._peerAddress;
  }

  getHost(): Address {
    return this._hostAddress;
  }

  pauseProducing(): void {
    if (this.producerState !== 'stopped') this.producerState = 'paused';
  }

  resumeProducing(): void {
    if (this.producerState !== 'stopped') this.producerState = 'producing';
  }

  stopProducing(): void {
    this.producerState = 'stopped';
  }

  registerProducer(producer: Producer, streaming: boolean): void {
    if (this.producer !== null) throw new InvalidArgumentError('a producer is already registered: unregisterProducer() first');
    this.producer = producer;
    this.streaming = streaming;
  }

  unregisterProducer(): void {
    this.producer = null;
  }
}
