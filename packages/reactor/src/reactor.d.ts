/**
 * `Reactor`: Twisted's reactor as a front over any `EventLoop`. It *is* an `EventLoop` — every
 * PEP 3156 method delegates to the loop it runs on, with futures, tasks and callbacks bound to
 * the reactor (as the gevent hub does) — and adds Twisted's interface: `run()`,
 * `stop()`, `callLater()` returning a `DelayedCall`, `callWhenRunning`, system event triggers,
 * `seconds()`, and `listen*`/`connect*` with Twisted protocols and factories.
 *
 * A reactor made without a loop follows the current loop (`getEventLoop()`) until it runs;
 * `reactor` is that default instance. A reactor on a `VirtualEventLoop` is Twisted's
 * `task.Clock`: `loop.advance(seconds)` runs its delayed calls.
 */
import { Future, Task, type ConnectionOptions, type Coroutine, type EventLoop, type ExceptionContext, type ExceptionHandler, type Handle, type Protocol as CoreProtocol, type ProtocolFactory, type Server, type ServerOptions, type StartTlsContext, type StartTlsOptions, type TaskOptions, type TimerHandle, type Transport, type Waitable } from '@async/loop';
import type { ConnectionOptions as TlsConnectionOptions, TlsOptions } from 'node:tls';
import { Deferred } from './deferred.js';
import { DelayedCall } from './delayed-call.js';
import { type EventPhase, type TriggerId } from './three-phase-event.js';
import { ListeningPort } from './listening-port.js';
import { Connector } from './connector.js';
import type { Factory, ClientFactory } from './factory.js';
/** The system events a trigger can be added to. */
export type SystemEventType = 'startup' | 'shutdown' | (string & {});
/** Options of `listenTCP`/`listenSSL`, as Twisted's keyword arguments. */
export interface ListenOptions {
    /** The listen queue size (default 50, as Twisted). */
    backlog?: number;
    /** The interface to bind (default: all interfaces). */
    interface?: string;
}
/** Options of `connectTCP`/`connectSSL`/`connectUNIX`, as Twisted's keyword arguments. */
export interface ConnectOptions {
    /** Seconds to wait for the connection (default 30, as Twisted). */
    timeout?: number;
    /** The local address to bind, as `[host, port]`. */
    bindAddress?: [string, number];
}
/** Options of `new Reactor(loop, options)`. */
export interface ReactorOptions {
    /**
     * Where Twisted and PEP 3156 give one method two meanings, follow PEP 3156: `stop()` on a
     * reactor that is not running does nothing (the next run does one iteration) instead of
     * raising `ReactorNotRunning`, and cancelling a `callLater()` call that already ran or was
     * cancelled does nothing instead of raising `AlreadyCalled`/`AlreadyCancelled`. Default false
     * (Twisted's behaviour). For code that takes the reactor as a plain `EventLoop`.
     */
    pep3156?: boolean;
}
/** Twisted's reactor, over an `EventLoop`. */
export declare class Reactor implements EventLoop {
    private readonly _fixedLoop;
    private _runLoop;
    private _running;
    private _started;
    private _stopping;
    private _ownsLoop;
    private _stopped;
    private readonly _events;
    private readonly _pep3156;
    private _exceptionHandler;
    private _dispatchLoop;
    /** A reactor on `loop`; without one, on the current loop (`getEventLoop()`) at each use. */
    constructor(loop?: EventLoop, options?: ReactorOptions);
    /** The loop the reactor runs on (the current loop, for a reactor made without one). */
    get loop(): EventLoop;
    /** True once the reactor has started (its 'during startup' phase ran) until it has stopped. */
    get running(): boolean;
    /**
     * Runs the reactor: fires the 'startup' event (so `callWhenRunning` functions run), then
     * dispatches until `stop()` has fired the 'shutdown' event. The promise resolves then. A
     * reactor on a loop that is already running (hosted in another front) starts without
     * running the loop itself, and leaves it running when stopped.
     * @throws ReactorAlreadyRunning if it runs already.
     */
    run(): Promise<void>;
    /**
     * Stops the reactor: fires the 'shutdown' event ('before' triggers may delay it with a
     * Deferred), then stops the loop if `run()` started it. On a reactor not started by `run()`
     * whose loop runs (through `runForever()`/`runUntilComplete()`), it stops the loop as PEP 3156
     * does.
     * @throws ReactorNotRunning if it is not running, or already stopping (a reactor made with
     *   `pep3156: true` does nothing when its loop is not running, as PEP 3156's `stop()`).
     */
    stop(): void;
    /**
     * Runs `f(...args)` once the reactor is running: at once if it is, else as an 'after
     * startup' trigger (whose id is returned).
     */
    callWhenRunning<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): TriggerId | undefined;
    /**
     * Adds `f(...args)` to a phase of a system event ('startup', 'shutdown'). A Deferred returned
     * by a 'before' trigger delays the later phases until it fires.
     */
    addSystemEventTrigger<A extends unknown[]>(phase: EventPhase, eventType: SystemEventType, f: (...args: A) => unknown, ...args: A): TriggerId;
    /** Removes a trigger added with `addSystemEventTrigger`. @throws InvalidArgumentError if unknown. */
    removeSystemEventTrigger(id: TriggerId): void;
    /** Fires a system event now (Twisted's `fireSystemEvent`). */
    fireSystemEvent(eventType: SystemEventType): void;
    /** The reactor's clock, in seconds: the loop's monotonic `time()`. */
    seconds(): number;
    /**
     * Calls `f(...args)` after `delay` seconds; the `DelayedCall` can be cancelled, reset and
     * delayed. @throws InvalidArgumentError for a non-function or a negative or NaN delay.
     */
    callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): DelayedCall;
    /**
     * Listens on TCP `port` (0 lets the system choose) and serves each connection with a protocol
     * from `factory`. Returns a Deferred of the `ListeningPort` (binding is asynchronous in Node);
     * it fails with `CannotListenError` when the port cannot be used.
     */
    listenTCP(port: number, factory: Factory<any>, options?: ListenOptions): Deferred<ListeningPort>;
    /** As `listenTCP`, over TLS; `contextFactory` holds Node's TLS server options (key, cert, …). */
    listenSSL(port: number, factory: Factory<any>, contextFactory: TlsOptions, options?: ListenOptions): Deferred<ListeningPort>;
    /** Listens on the UNIX socket `address` (a path). */
    listenUNIX(address: string, factory: Factory<any>, options?: {
        backlog?: number;
    }): Deferred<ListeningPort>;
    /** Connects to `host`:`port` by TCP; the factory builds the protocol and hears the outcome. */
    connectTCP(host: string, port: number, factory: ClientFactory<any>, options?: ConnectOptions): Connector;
    /** As `connectTCP`, over TLS; `contextFactory` holds Node's TLS client options (ca, servername, …). */
    connectSSL(host: string, port: number, factory: ClientFactory<any>, contextFactory?: TlsConnectionOptions, options?: ConnectOptions): Connector;
    /** Connects to the UNIX socket at `address`. */
    connectUNIX(address: string, factory: ClientFactory<any>, options?: {
        timeout?: number;
    }): Connector;
    /** The loop's monotonic clock, in seconds. */
    time(): number;
    /** Schedules `callback(...args)` for the next iteration, with the reactor as the running loop. */
    callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle;
    /** Schedules `callback(...args)` at loop time `when`, with the reactor as the running loop. */
    callAt<A extends unknown[]>(when: number, callback: (...args: A) => unknown, ...args: A): TimerHandle;
    /** A Future bound to the reactor (its callbacks run with the reactor as the running loop). */
    createFuture<T = unknown>(): Future<T>;
    /** A Task bound to the reactor. */
    createTask<T>(coro: Coroutine<T>, options?: TaskOptions): Task<T>;
    /**
     * PEP 3156's `run_forever()`: runs the loop until `stop()`, without Twisted's system events
     * (use `run()` for those).
     */
    runForever(): Promise<void>;
    /** Runs the loop until `waitable` completes (no system events are fired). */
    runUntilComplete<T>(waitable: Waitable<T>): Promise<T>;
    /** Closes the loop. */
    close(): void;
    /** True while the loop runs. */
    isRunning(): boolean;
    /** True once the loop is closed. */
    isClosed(): boolean;
    /**
     * Sets the loop's exception handler (where unhandled errors in Deferreds are reported); it is
     * called with the reactor as its loop argument.
     */
    setExceptionHandler(handler: ExceptionHandler | null): void;
    /** The handler set through the reactor, or `null`. */
    getExceptionHandler(): ExceptionHandler | null;
    /** Reports to the loop's exception handler. */
    callExceptionHandler(context: ExceptionContext): void;
    /** The loop's default exception handler. */
    defaultExceptionHandler(context: ExceptionContext): void;
    /** Turns the loop's debug mode on or off. */
    setDebug(enabled: boolean): void;
    /** True when the loop's debug mode is on. */
    getDebug(): boolean;
    /** The loop's slow-callback threshold, in seconds. */
    get slowCallbackDuration(): number;
    set slowCallbackDuration(seconds: number);
    /** The loop's `createConnection` (core PEP 3156 protocols). */
    createConnection<P extends CoreProtocol>(protocolFactory: ProtocolFactory<P>, options: ConnectionOptions): Future<[Transport, P]>;
    /** The loop's `createServer` (core PEP 3156 protocols). */
    createServer(protocolFactory: ProtocolFactory, options: ServerOptions): Future<Server>;
    /** The loop's `startTls` (PEP 3156 `start_tls`, on core transports). */
    startTls(transport: Transport, protocol: CoreProtocol, tls: StartTlsContext, options?: StartTlsOptions): Future<Transport>;
    /**
     * Wraps a callback scheduled through the reactor so that it runs with the reactor as the
     * running loop (as the hub does); the wrapper keeps the callback's name for debug reports.
     */
    private _wrap;
    /** The current loop, for a reactor made without one; never the reactor itself. */
    private _currentLoop;
    private _event;
    private _finishStop;
    private _connectOptions;
    private _listen;
    private _connect;
}
/** The default reactor: follows the current event loop (`getEventLoop()`). */
export declare const reactor: Reactor;
//# sourceMappingURL=reactor.d.ts.map