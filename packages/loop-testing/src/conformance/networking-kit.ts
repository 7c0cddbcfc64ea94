/**
 * The pieces the networking conformance tests are built from: a protocol that records what
 * happens to it and offers futures to wait on, an echo protocol, byte patterns, and small
 * helpers (a server's TCP port, expecting an `InvalidArgumentError` whether a call throws it or
 * fails its future). Everything here works on any `EventLoop`, real or virtual.
 */
import { expect } from 'vitest';
import {
  InvalidArgumentError,
  type Coroutine,
  type EventLoop,
  type ExceptionContext,
  type Future,
  type Protocol,
  type Server,
  type Transport,
} from '@async/loop';

/**
 * Registers one networking test: `body` runs as a coroutine on a fresh loop whose exception
 * handler records into `reports`. The test fails if `reports` is not empty at the end, so a body
 * that expects reports takes them out (`reports.splice(0)`).
 */
export type NetworkTest = (
  title: string,
  body: (loop: EventLoop, reports: ExceptionContext[]) => Coroutine<void>,
) => void;

/** The host every generic test listens on and connects to. */
export const HOST = '127.0.0.1';

/**
 * A protocol that records its callbacks in `events` (consecutive `dataReceived()` calls count as
 * one `'data'` entry, so the log does not depend on how the bytes were chunked), keeps a copy of
 * every byte, and resolves futures as things happen.
 */
export class Recorder implements Protocol {
  /** The callbacks so far: `made`, `data`, `eof`, `pause`, `resume`, `lost`. */
  readonly events: string[] = [];
  /** Copies of the chunks received. */
  readonly chunks: Uint8Array[] = [];
  /** Bytes received so far. */
  received = 0;
  /** Set by `connectionMade()`. */
  transport: Transport | null = null;
  /** What `eofReceived()` returns. */
  keepOpenOnEof = false;
  /** True between `pauseWriting()` and `resumeWriting()`. */
  writingPaused = false;
  /** The write buffer size seen when `resumeWriting()` was called. */
  bufferAtResume = -1;
  /** Times `connectionLost()` was called (must end at 1). */
  lostCount = 0;
  /** Resolves with the transport in `connectionMade()`. */
  readonly made: Future<Transport>;
  /** Resolves in `eofReceived()`. */
  readonly eof: Future<void>;
  /** Resolves with the error (or null) given to `connectionLost()`. */
  readonly lost: Future<Error | null>;
  /** Resolves at the first `resumeWriting()`. */
  readonly resumed: Future<void>;
  private _waiters: Array<{ count: number; future: Future<void> }> = [];

  constructor(readonly loop: EventLoop) {
    this.made = loop.createFuture();
    this.eof = loop.createFuture();
    this.lost = loop.createFuture();
    this.resumed = loop.createFuture();
  }

  connectionMade(transport: Transport): void {
    this.transport = transport;
    this.events.push('made');
    this.made.setResult(transport);
  }

  dataReceived(data: Uint8Array): void {
    if (this.events[this.events.length - 1] !== 'data') this.events.push('data');
    this.chunks.push(Uint8Array.from(data));
    this.received += data.length;
    this._waiters = this._waiters.filter((w) => {
      if (this.received < w.count) return true;
      if (!w.future.done()) w.future.setResult(undefined);
      return false;
    });
  }

  eofReceived(): boolean {
    this.events.push('eof');
    if (!this.eof.done()) this.eof.setResult(undefined);
    return this.keepOpenOnEof;
  }

  connectionLost(error: Error | null): void {
    this.events.push('lost');
    this.lostCount++;
    if (!this.lost.done()) this.lost.setResult(error);
  }

  pauseWriting(): void {
    this.events.push('pause');
    this.writingPaused = true;
  }

  resumeWriting(): void {
    this.events.push('resume');
    this.writingPaused = false;
    this.bufferAtResume = this.transport?.getWriteBufferSize() ?? -1;
    if (!this.resumed.done()) this.resumed.setResult(undefined);
  }

  /** Resolves once at least `count` bytes have arrived. */
  waitFor(count: number): Future<void> {
    const future = this.loop.createFuture<void>();
    if (this.received >= count) future.setResult(undefined);
    else this._waiters.push({ count, future });
    return future;
  }

  /** `events` without the flow-control entries, whose presence depends on buffer sizes. */
  lifecycle(): string[] {
    return this.events.filter((event) => event !== 'pause' && event !== 'resume');
  }

  /** Everything received, in one array. */
  bytes(): Uint8Array {
    const all = new Uint8Array(this.received);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }

  /** Everything received, as text. */
  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
}

/**
 * A server-side protocol factory that keeps every protocol it makes, so a test can wait for the
 * n-th accepted connection.
 */
export class Accepted<P extends Protocol = Recorder> {
  /** The protocols made so far, in order. */
  readonly protocols: P[] = [];
  private _waiting: Array<{ index: number; future: Future<P> }> = [];

  constructor(
    readonly loop: EventLoop,
    private readonly _make: (index: number) => P = () => new Recorder(loop) as unknown as P,
  ) {}

  /** The factory to give `createServer()`. */
  readonly factory = (): P => {
    const protocol = this._make(this.protocols.length);
    this.protocols.push(protocol);
    this._waiting = this._waiting.filter((w) => {
      if (w.index >= this.protocols.length) return true;
      w.future.setResult(this.protocols[w.index]!);
      return false;
    });
    return protocol;
  };

  /** Resolves with the protocol of the `index`-th accepted connection (from 0). */
  nth(index: number): Future<P> {
    const future = this.loop.createFuture<P>();
    const protocol = this.protocols[index];
    if (protocol !== undefined) future.setResult(protocol);
    else this._waiting.push({ index, future });
    return future;
  }
}

/** A `Recorder` that pauses reading as soon as it is connected. */
export class PausedReader extends Recorder {
  override connectionMade(transport: Transport): void {
    super.connectionMade(transport);
    transport.pauseReading();
  }
}

/** Writes back every byte; closes when the peer half-closes (the default `eofReceived`). */
export class EchoProtocol implements Protocol {
  transport: Transport | null = null;
  connectionMade(transport: Transport): void {
    this.transport = transport;
  }
  dataReceived(data: Uint8Array): void {
    this.transport!.write(data);
  }
}

/** `size` bytes of a pattern that differs with `seed`, so misplaced bytes are caught. */
export function pattern(size: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed + (i >>> 8)) & 0xff;
  return bytes;
}

/** Byte-wise equality, fast enough for megabytes (expect().toEqual() is not). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The TCP port of a server that listens on one address. */
export function tcpPort(server: Server): number {
  const address = server.addresses()[0];
  if (typeof address !== 'object') throw new Error(`expected a TCP server address, got ${String(address)}`);
  return address.port;
}

/** Starts a server on `HOST`, port 0, making protocols with `factory`; returns it and its port. */
export function* listen(
  loop: EventLoop,
  factory: () => Protocol,
  options: { startServing?: boolean } = {},
): Coroutine<{ server: Server; port: number }> {
  const server = yield* loop.createServer(factory, { host: HOST, port: 0, ...options });
  return { server, port: tcpPort(server) };
}

/** Starts an echo server on `HOST`. */
export function* echoServer(loop: EventLoop): Coroutine<{ server: Server; port: number }> {
  return yield* listen(loop, () => new EchoProtocol());
}

/** Connects a new `Recorder` to `HOST:port`. */
export function* connectRecorder(loop: EventLoop, port: number): Coroutine<[Transport, Recorder]> {
  const recorder = new Recorder(loop);
  const [transport] = yield* loop.createConnection(() => recorder, { host: HOST, port });
  return [transport, recorder];
}

/** Closes a server and waits until it and its connections are gone. */
export function* closeServer(server: Server): Coroutine<void> {
  server.close();
  yield* server.waitClosed();
}

/**
 * Expects `call` to reject its arguments with an `InvalidArgumentError`, thrown at once or
 * carried by the returned future (either is allowed for an `EventLoop`), and returns it.
 */
export function* expectInvalidArgument(call: () => Future<unknown>): Coroutine<InvalidArgumentError> {
  let future: Future<unknown>;
  try {
    future = call();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  try {
    yield* future;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError, but the call succeeded');
}

/** Expects `call` to fail with an instance of `type`, thrown at once or through its future. */
export function* expectFailure<E>(
  call: () => Future<unknown>,
  type: abstract new (...args: never[]) => E,
): Coroutine<E> {
  let future: Future<unknown>;
  try {
    future = call();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  try {
    yield* future;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}, but the call succeeded`);
}

/** Runs `call` and returns the error its future fails with (or that it throws). */
export function* failureOf(call: () => Future<unknown>): Coroutine<unknown> {
  try {
    yield* call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}
