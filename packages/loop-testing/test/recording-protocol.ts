/**
 * A protocol for the transport tests that records every callback it receives, in order, into a
 * log it may share with its peer, so a test can assert the exact interleaving of both sides.
 */
import type { EventLoop, Protocol, Transport } from '@async/loop';

/** Options for a `RecordingProtocol`. */
export interface RecordingOptions {
  /** Prefix of this side's log entries. */
  name?: string;
  /** A log shared with other protocols. */
  log?: string[];
  /** What `eofReceived()` returns. */
  keepOpenOnEof?: boolean;
  /** Write back every chunk received (an echo server). */
  echo?: boolean;
  /** Record `loop.time()` with each chunk. */
  loop?: EventLoop;
}

/** Records its callbacks; see the file comment. */
export class RecordingProtocol implements Protocol {
  readonly log: string[];
  readonly name: string;
  readonly chunks: Uint8Array[] = [];
  /** `loop.time()` at each `dataReceived()`, when a loop was given. */
  readonly times: number[] = [];
  transport: Transport | null = null;
  /** The argument of `connectionLost()`; `undefined` until it is called. */
  lost: Error | null | undefined = undefined;
  keepOpenOnEof: boolean;
  private readonly _echo: boolean;
  private readonly _loop: EventLoop | undefined;

  constructor(options: RecordingOptions = {}) {
    this.name = options.name ?? '';
    this.log = options.log ?? [];
    this.keepOpenOnEof = options.keepOpenOnEof ?? false;
    this._echo = options.echo ?? false;
    this._loop = options.loop;
  }

  connectionMade(transport: Transport): void {
    this.transport = transport;
    this._record('made');
  }

  dataReceived(data: Uint8Array): void {
    this.chunks.push(data);
    if (this._loop !== undefined) this.times.push(this._loop.time());
    this._record(`data ${data.length}`);
    if (this._echo) this.transport!.write(data);
  }

  eofReceived(): boolean {
    this._record('eof');
    return this.keepOpenOnEof;
  }

  connectionLost(error: Error | null): void {
    this.lost = error;
    this._record(error === null ? 'lost' : `lost ${error.name}`);
  }

  pauseWriting(): void {
    this._record('pause');
  }

  resumeWriting(): void {
    this._record('resume');
  }

  /** Everything received, joined. */
  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Everything received, as UTF-8 text. */
  get text(): string {
    return this.received.toString('utf8');
  }

  private _record(event: string): void {
    this.log.push(this.name === '' ? event : `${this.name} ${event}`);
  }
}

/** The bytes of `text` in UTF-8. */
export function bytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** `size` bytes of a fixed pseudo-random pattern, so misordered or lost bytes are noticed. */
export function pattern(size: number): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = 0x12345678;
  for (let i = 0; i < words.length; i++) {
    // xorshift32: cheap, and no period short enough to hide a misplaced chunk.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer, 0, size);
}
