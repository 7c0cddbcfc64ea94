/**
 * The `EventLoop` interface: the one contract every front and every loop implementation shares.
 * It follows PEP 3156's `AbstractEventLoop` (asyncio's `events.py`), with camelCase names,
 * seconds for all delays, and promises where Python blocks (`runForever`, `runUntilComplete`).
 *
 * Implementations: `NodeEventLoop` (libuv, the default) and `VirtualEventLoop` (virtual time, in
 * `@async/loop-testing`). Fronts (`Reactor`, `IOLoop`, the gevent hub) implement it too, by
 * delegating to the loop they run on.
 */
import type { Callback, Handle, TimerHandle } from './handle.js';
import type { Future } from './future.js';
import type { Task, TaskOptions } from './task.js';
import type { Coroutine, Waitable } from './coroutine.js';
import type { Protocol, ProtocolFactory } from './protocols.js';
import type { Transport } from './transports.js';
import type { Server } from './server.js';
import type { ConnectionOptions, ServerOptions, StartTlsContext, StartTlsOptions } from './connection-options.js';

/**
 * What the loop knows about an error it could not deliver to anyone: an exception thrown by a
 * callback, a future's exception that nobody retrieved, a slow callback in debug mode.
 * Fronts and transports add their own keys (`protocol`, `transport`, `deferred`, …).
 */
export interface ExceptionContext {
  /** What happened, in one sentence. Always present. */
  message: string;
  /** The error, when there is one. */
  exception?: unknown;
  /** The future whose exception was never retrieved. */
  future?: Future<unknown>;
  /** The task involved, if any. */
  task?: Task<unknown>;
  /** The handle whose callback failed or was slow. */
  handle?: Handle;
  /** Where the object involved was created (debug mode only). */
  sourceTraceback?: string;
  /** Any other detail a front wants to report. */
  [key: string]: unknown;
}

/** A custom exception handler: receives the loop and the context, as in asyncio. */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** The PEP 3156 event loop, with the names of asyncio in camelCase. */
export interface EventLoop {
  /** The loop's monotonic clock, in seconds. Timers are measured against it. */
  time(): number;

  /**
   * Schedules `callback(...args)` for the next iteration of the loop. Callbacks run in the order
   * they were scheduled (FIFO). Callbacks scheduled while a batch runs wait for the next batch.
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;

  /** Schedules `callback(...args)` to run after `delay` seconds (a non-negative number). */
  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;

  /** Schedules `callback(...args)` at loop time `when` (seconds, as returned by `time()`). */
  callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;

  /** Creates a pending `Future` bound to this loop. */
  createFuture<T = unknown>(): Future<T>;

  /**
   * Wraps a coroutine (a generator object) in a `Task` driven by this loop. The first step is
   * scheduled with `callSoon` unless `options.eagerStart` is set. Anything else is an
   * `InvalidArgumentError`, as in asyncio; use `ensureFuture()` for promises and futures.
   */
  createTask<T>(coro: Coroutine<T>, options?: TaskOptions): Task<T>;

  /**
   * Runs the loop until `stop()` is called. The promise resolves once the loop has stopped.
   * Rejects with `LoopStateError` if the loop is already running, `LoopClosedError` if closed.
   */
  runForever(): Promise<void>;

  /**
   * Runs the loop until `waitable` completes; resolves with its result or rejects with its
   * error. A coroutine is wrapped in a `Task`, a promise in a `Future`.
   */
  runUntilComplete<T>(waitable: Waitable<T>): Promise<T>;

  /** Asks a running loop to stop after the current batch of callbacks. */
  stop(): void;

  /**
   * Closes the loop: drops every pending callback and timer and releases everything the loop
   * holds on Node. A closed loop cannot be used again. Closing a running loop is an error.
   */
  close(): void;

  /** True between `runForever()` (or `runUntilComplete()`) starting and the loop stopping. */
  isRunning(): boolean;

  /** True once `close()` was called. */
  isClosed(): boolean;

  /** Sets the handler for errors nobody else can receive; `null` restores the default. */
  setExceptionHandler(handler: ExceptionHandler | null): void;

  /** The custom exception handler, or `null` when the default is in use. */
  getExceptionHandler(): ExceptionHandler | null;

  /** Reports an error context to the current exception handler. Never throws. */
  callExceptionHandler(context: ExceptionContext): void;

  /** The default handler: writes the context to `console.error`. */
  defaultExceptionHandler(context: ExceptionContext): void;

  /** Turns debug mode on or off (slow-callback reports, creation tracebacks). */
  setDebug(enabled: boolean): void;

  /** True when debug mode is on. */
  getDebug(): boolean;

  /** In debug mode, callbacks that take at least this many seconds are reported. */
  slowCallbackDuration: number;

  /**
   * Opens a stream connection (TCP, TLS or UNIX socket) and connects a new protocol from
   * `protocolFactory` to it. The future resolves with the transport and the protocol once
   * `connectionMade()` has been called, or fails with the connection error (refused, DNS
   * failure, TLS verification, timeout). If `connectionMade()` throws, the exception is reported
   * to the exception handler, the connection is aborted and the future fails with it.
   * Bad arguments throw `InvalidArgumentError` (or fail the future with it).
   */
  createConnection<P extends Protocol>(
    protocolFactory: ProtocolFactory<P>,
    options: ConnectionOptions,
  ): Future<[Transport, P]>;

  /**
   * Listens for stream connections (TCP, TLS or UNIX socket); each accepted connection gets a
   * new protocol from `protocolFactory`. The future resolves with the `Server` once it listens
   * (or is bound, with `startServing: false`).
   */
  createServer(protocolFactory: ProtocolFactory, options: ServerOptions): Future<Server>;

  /**
   * Upgrades a live connection to TLS in place (asyncio's `loop.start_tls()`, for STARTTLS-style
   * protocols): the future resolves with a new transport that `protocol` must use from then on;
   * the old transport must not be used again (its `write()` throws `InvalidStateError`).
   * Reading is paused while the handshake runs, bytes written before the call are sent in clear
   * first, and `protocol.connectionMade()` is not called again. The client side verifies the
   * server's certificate against `options.serverHostname` unless `rejectUnauthorized: false`.
   * Failures (`SSLCertVerificationError`, `SSLError`, `TimeoutError` after
   * `sslHandshakeTimeout`, `ConnectionResetError` if the peer goes) and cancelling the future
   * close the connection, and `protocol.connectionLost()` is called with the error (`null`
   * when cancelled). Bad arguments throw `InvalidArgumentError`; a transport that is closing or
   * already being upgraded throws `InvalidStateError`. Loops without TLS fail the future with
   * `NotImplementedError`.
   */
  startTls(
    transport: Transport,
    protocol: Protocol,
    tls: StartTlsContext,
    options?: StartTlsOptions,
  ): Future<Transport>;
}

/** Anything that schedules callbacks: the `Callback` type re-exported for implementers. */
export type { Callback };
