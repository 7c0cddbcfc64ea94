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
import { Future, LoopClosedError, LoopStateError, Task, _enterDispatch, runUntilDone, ensureFuture, followFuture, getEventLoop, InvalidArgumentError, describeValue, } from '@async/loop';
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
import { DelayedCall, checkSeconds, delayedCallOf } from './delayed-call.js';
import { ThreePhaseEvent } from './three-phase-event.js';
import { ReactorAlreadyRunning, ReactorNotRunning, CannotListenError } from './errors.js';
import { ProtocolAdapter } from './protocol-adapter.js';
import { ListeningPort } from './listening-port.js';
import { Connector } from './connector.js';
function checkFunction(value, what) {
    if (typeof value !== 'function') {
        throw new InvalidArgumentError(`${what} must be a function, got ${describeValue(value)}`);
    }
}
function checkPort(port, what) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InvalidArgumentError(`${what} must be a port number from 0 to 65535, got ${describeValue(port)}`);
    }
}
/** Twisted's reactor, over an `EventLoop`. */
export class Reactor {
    _fixedLoop;
    _runLoop = null;
    _running = false;
    _started = false;
    _stopping = false;
    _ownsLoop = false;
    _stopped = null;
    _events = new Map();
    _pep3156;
    _exceptionHandler = null;
    // The loop whose callback runs now: a reactor made without a loop is the running loop inside
    // its callbacks, so `getEventLoop()` would name the reactor itself.
    _dispatchLoop = null;
    /** A reactor on `loop`; without one, on the current loop (`getEventLoop()`) at each use. */
    constructor(loop, options = {}) {
        if (loop !== undefined && (typeof loop !== 'object' || loop === null || typeof loop.callAt !== 'function')) {
            throw new InvalidArgumentError(`new Reactor(loop) takes an EventLoop, got ${describeValue(loop)}`);
        }
        if (typeof options !== 'object' || options === null) {
            throw new InvalidArgumentError(`new Reactor(loop, options) takes an options object, got ${describeValue(options)}`);
        }
        this._fixedLoop = loop ?? null;
        this._pep3156 = options.pep3156 === true;
    }
    /** The loop the reactor runs on (the current loop, for a reactor made without one). */
    get loop() {
        return this._runLoop ?? this._fixedLoop ?? this._dispatchLoop ?? this._currentLoop();
    }
    /** True once the reactor has started (its 'during startup' phase ran) until it has stopped. */
    get running() {
        return this._running;
    }
    // --- Twisted's IReactorCore --------------------------------------------------------------
    /**
     * Runs the reactor: fires the 'startup' event (so `callWhenRunning` functions run), then
     * dispatches until `stop()` has fired the 'shutdown' event. The promise resolves then. A
     * reactor on a loop that is already running (hosted in another front) starts without
     * running the loop itself, and leaves it running when stopped.
     * @throws ReactorAlreadyRunning if it runs already.
     */
    run() {
        if (this._started)
            return Promise.reject(new ReactorAlreadyRunning());
        const loop = this.loop;
        this._runLoop = loop;
        this._started = true;
        this._stopping = false;
        const stopped = new Promise((resolve) => {
            this._stopped = resolve;
        });
        this.callSoon(() => {
            this._running = true;
            this._event('startup').fire(loop, () => { });
        });
        if (loop.isRunning()) {
            this._ownsLoop = false;
            return stopped;
        }
        this._ownsLoop = true;
        return loop.runForever().then(() => {
            // The loop was stopped by someone else than stop(): the reactor is stopped too.
            this._finishStop();
            return stopped;
        }, (error) => {
            this._finishStop();
            throw error;
        });
    }
    /**
     * Stops the reactor: fires the 'shutdown' event ('before' triggers may delay it with a
     * Deferred), then stops the loop if `run()` started it. On a reactor not started by `run()`
     * whose loop runs (through `runForever()`/`runUntilComplete()`), it stops the loop as PEP 3156
     * does.
     * @throws ReactorNotRunning if it is not running, or already stopping (a reactor made with
     *   `pep3156: true` does nothing when its loop is not running, as PEP 3156's `stop()`).
     */
    stop() {
        if (!this._started) {
            const loop = this.loop;
            if (this._pep3156 || loop.isRunning()) {
                loop.stop();
                return;
            }
            throw new ReactorNotRunning();
        }
        if (this._stopping)
            throw new ReactorNotRunning();
        this._stopping = true;
        const loop = this.loop;
        this.callSoon(() => {
            this._event('shutdown').fire(loop, () => {
                if (this._ownsLoop && loop.isRunning())
                    loop.stop();
                else
                    this._finishStop();
            });
        });
    }
    /**
     * Runs `f(...args)` once the reactor is running: at once if it is, else as an 'after
     * startup' trigger (whose id is returned).
     */
    callWhenRunning(f, ...args) {
        checkFunction(f, 'callWhenRunning(f)');
        if (this._running) {
            f(...args);
            return undefined;
        }
        return this.addSystemEventTrigger('after', 'startup', f, ...args);
    }
    /**
     * Adds `f(...args)` to a phase of a system event ('startup', 'shutdown'). A Deferred returned
     * by a 'before' trigger delays the later phases until it fires.
     */
    addSystemEventTrigger(phase, eventType, f, ...args) {
        if (phase !== 'before' && phase !== 'during' && phase !== 'after') {
            throw new InvalidArgumentError(`addSystemEventTrigger(phase) must be 'before', 'during' or 'after', got ${describeValue(phase)}`);
        }
        if (typeof eventType !== 'string') {
            throw new InvalidArgumentError(`addSystemEventTrigger(eventType) must be a string, got ${describeValue(eventType)}`);
        }
        checkFunction(f, 'addSystemEventTrigger(f)');
        return this._event(eventType).addTrigger(phase, f, args);
    }
    /** Removes a trigger added with `addSystemEventTrigger`. @throws InvalidArgumentError if unknown. */
    removeSystemEventTrigger(id) {
        const event = typeof id === 'object' && id !== null ? this._events.get(id.eventType) : undefined;
        if (event === undefined || !event.removeTrigger(id)) {
            throw new InvalidArgumentError(`removeSystemEventTrigger(): ${describeValue(id)} is not a pending trigger`);
        }
    }
    /** Fires a system event now (Twisted's `fireSystemEvent`). */
    fireSystemEvent(eventType) {
        this._event(eventType).fire(this.loop, () => { });
    }
    // --- Twisted's IReactorTime --------------------------------------------------------------
    /** The reactor's clock, in seconds: the loop's monotonic `time()`. */
    seconds() {
        return this.loop.time();
    }
    /**
     * Calls `f(...args)` after `delay` seconds; the `DelayedCall` can be cancelled, reset and
     * delayed. @throws InvalidArgumentError for a non-function or a negative or NaN delay.
     */
    callLater(delay, f, ...args) {
        checkSeconds(delay, 'callLater(delay)');
        checkFunction(f, 'callLater(): the timer callback');
        const loop = this.loop;
        return new DelayedCall(loop.time() + delay, this._wrap(f, args, loop), [], loop, this._pep3156);
    }
    // --- Twisted's IReactorTCP / SSL / UNIX ----------------------------------------------------
    /**
     * Listens on TCP `port` (0 lets the system choose) and serves each connection with a protocol
     * from `factory`. Returns a Deferred of the `ListeningPort` (binding is asynchronous in Node);
     * it fails with `CannotListenError` when the port cannot be used.
     */
    listenTCP(port, factory, options = {}) {
        checkPort(port, 'listenTCP(port)');
        return this._listen(factory, { port, host: options.interface || undefined, backlog: options.backlog ?? 50 }, options.interface ?? '', port);
    }
    /** As `listenTCP`, over TLS; `contextFactory` holds Node's TLS server options (key, cert, …). */
    listenSSL(port, factory, contextFactory, options = {}) {
        checkPort(port, 'listenSSL(port)');
        if (typeof contextFactory !== 'object' || contextFactory === null) {
            throw new InvalidArgumentError(`listenSSL(contextFactory) takes TLS server options, got ${describeValue(contextFactory)}`);
        }
        return this._listen(factory, { port, host: options.interface || undefined, backlog: options.backlog ?? 50, tls: contextFactory }, options.interface ?? '', port);
    }
    /** Listens on the UNIX socket `address` (a path). */
    listenUNIX(address, factory, options = {}) {
        if (typeof address !== 'string' || address === '') {
            throw new InvalidArgumentError(`listenUNIX(address) must be a socket path, got ${describeValue(address)}`);
        }
        return this._listen(factory, { path: address, backlog: options.backlog ?? 50 }, address, '');
    }
    /** Connects to `host`:`port` by TCP; the factory builds the protocol and hears the outcome. */
    connectTCP(host, port, factory, options = {}) {
        if (typeof host !== 'string' || host === '') {
            throw new InvalidArgumentError(`connectTCP(host) must be a host name or address, got ${describeValue(host)}`);
        }
        checkPort(port, 'connectTCP(port)');
        return this._connect(factory, { host, port, ...this._connectOptions(options) });
    }
    /** As `connectTCP`, over TLS; `contextFactory` holds Node's TLS client options (ca, servername, …). */
    connectSSL(host, port, factory, contextFactory = {}, options = {}) {
        if (typeof host !== 'string' || host === '') {
            throw new InvalidArgumentError(`connectSSL(host) must be a host name or address, got ${describeValue(host)}`);
        }
        checkPort(port, 'connectSSL(port)');
        return this._connect(factory, { host, port, tls: contextFactory, ...this._connectOptions(options) });
    }
    /** Connects to the UNIX socket at `address`. */
    connectUNIX(address, factory, options = {}) {
        if (typeof address !== 'string' || address === '') {
            throw new InvalidArgumentError(`connectUNIX(address) must be a socket path, got ${describeValue(address)}`);
        }
        return this._connect(factory, { path: address, ...this._connectOptions(options) });
    }
    // --- EventLoop, by delegation --------------------------------------------------------------
    /** The loop's monotonic clock, in seconds. */
    time() {
        return this.loop.time();
    }
    /** Schedules `callback(...args)` for the next iteration, with the reactor as the running loop. */
    callSoon(callback, ...args) {
        checkFunction(callback, 'callSoon(callback)');
        const loop = this.loop;
        return loop.callSoon(this._wrap(callback, args, loop));
    }
    /** Schedules `callback(...args)` at loop time `when`, with the reactor as the running loop. */
    callAt(when, callback, ...args) {
        checkFunction(callback, 'callAt(): the timer callback');
        const loop = this.loop;
        return loop.callAt(when, this._wrap(callback, args, loop));
    }
    /** A Future bound to the reactor (its callbacks run with the reactor as the running loop). */
    createFuture() {
        if (this.loop.isClosed())
            throw new LoopClosedError();
        return new Future(this);
    }
    /** A Task bound to the reactor. */
    createTask(coro, options) {
        if (this.loop.isClosed())
            throw new LoopClosedError();
        return new Task(coro, this, options);
    }
    /**
     * PEP 3156's `run_forever()`: runs the loop until `stop()`, without Twisted's system events
     * (use `run()` for those).
     */
    runForever() {
        return this.loop.runForever();
    }
    /** Runs the loop until `waitable` completes (no system events are fired). */
    runUntilComplete(waitable) {
        const loop = this.loop;
        return runUntilDone(loop, () => ensureFuture(waitable, this), [this, loop]);
    }
    /** Closes the loop. */
    close() {
        this.loop.close();
    }
    /** True while the loop runs. */
    isRunning() {
        return this.loop.isRunning();
    }
    /** True once the loop is closed. */
    isClosed() {
        return this.loop.isClosed();
    }
    /**
     * Sets the loop's exception handler (where unhandled errors in Deferreds are reported); it is
     * called with the reactor as its loop argument.
     */
    setExceptionHandler(handler) {
        if (handler !== null)
            checkFunction(handler, 'setExceptionHandler(handler)');
        // A slow `callLater()` call is reported by the loop with its inner timer: name the DelayedCall.
        this.loop.setExceptionHandler(handler === null
            ? null
            : (_loop, context) => {
                const call = delayedCallOf(context.handle);
                handler(this, call === undefined ? context : { ...context, handle: call });
            });
        this._exceptionHandler = handler;
    }
    /** The handler set through the reactor, or `null`. */
    getExceptionHandler() {
        return this._exceptionHandler;
    }
    /** Reports to the loop's exception handler. */
    callExceptionHandler(context) {
        this.loop.callExceptionHandler(context);
    }
    /** The loop's default exception handler. */
    defaultExceptionHandler(context) {
        this.loop.defaultExceptionHandler(context);
    }
    /** Turns the loop's debug mode on or off. */
    setDebug(enabled) {
        this.loop.setDebug(enabled);
    }
    /** True when the loop's debug mode is on. */
    getDebug() {
        return this.loop.getDebug();
    }
    /** The loop's slow-callback threshold, in seconds. */
    get slowCallbackDuration() {
        return this.loop.slowCallbackDuration;
    }
    set slowCallbackDuration(seconds) {
        this.loop.slowCallbackDuration = seconds;
    }
    /** The loop's `createConnection` (core PEP 3156 protocols). */
    createConnection(protocolFactory, options) {
        // Bound to the reactor, as its other futures are, so that a task of the reactor can wait on it.
        return followFuture(this.loop.createConnection(protocolFactory, options), this, ([transport]) => transport.abort());
    }
    /** The loop's `createServer` (core PEP 3156 protocols). */
    createServer(protocolFactory, options) {
        return followFuture(this.loop.createServer(protocolFactory, options), this, (server) => server.close());
    }
    /** The loop's `startTls` (PEP 3156 `start_tls`, on core transports). */
    startTls(transport, protocol, tls, options) {
        return followFuture(this.loop.startTls(transport, protocol, tls, options), this, (secure) => secure.abort());
    }
    // --- internals -------------------------------------------------------------------------------
    /**
     * Wraps a callback scheduled through the reactor so that it runs with the reactor as the
     * running loop (as the hub does); the wrapper keeps the callback's name for debug reports.
     */
    _wrap(callback, args, loop) {
        const name = callback.name;
        return {
            [name]: () => {
                const previous = _enterDispatch(this);
                const previousLoop = this._dispatchLoop;
                this._dispatchLoop = loop;
                try {
                    return callback(...args);
                }
                finally {
                    this._dispatchLoop = previousLoop;
                    _enterDispatch(previous);
                }
            },
        }[name];
    }
    /** The current loop, for a reactor made without one; never the reactor itself. */
    _currentLoop() {
        const loop = getEventLoop();
        if (loop === this) {
            throw new LoopStateError('this reactor has no loop of its own and is the current loop: make it with new Reactor(loop)');
        }
        return loop;
    }
    _event(eventType) {
        let event = this._events.get(eventType);
        if (event === undefined) {
            event = new ThreePhaseEvent(eventType);
            this._events.set(eventType, event);
        }
        return event;
    }
    _finishStop() {
        if (!this._started)
            return;
        this._started = false;
        this._running = false;
        this._stopping = false;
        this._runLoop = null;
        const stopped = this._stopped;
        this._stopped = null;
        stopped?.();
    }
    _connectOptions(options) {
        const timeout = options.timeout ?? 30;
        checkSeconds(timeout, 'connect options.timeout');
        const out = { timeout };
        if (options.bindAddress !== undefined) {
            out.localAddress = options.bindAddress[0];
            out.localPort = options.bindAddress[1];
        }
        return out;
    }
    _listen(factory, options, iface, port) {
        if (typeof factory !== 'object' || factory === null || typeof factory.buildProtocol !== 'function') {
            throw new InvalidArgumentError(`listen needs a Factory, got ${describeValue(factory)}`);
        }
        const loop = this.loop;
        const future = loop.createServer(() => new ProtocolAdapter((peer) => factory.buildProtocol(peer), undefined, { loop, serverSide: true }), options);
        const d = new Deferred(() => {
            future.cancel();
        });
        future.addDoneCallback((f) => {
            if (d.called) {
                if (!f.cancelled() && f.exception() === null)
                    f.result().close();
                return;
            }
            let server;
            try {
                server = f.result();
            }
            catch (error) {
                d.errback(new Failure(new CannotListenError(iface, port, error)));
                return;
            }
            factory.doStart();
            d.callback(new ListeningPort(server, factory, loop));
        });
        return d;
    }
    _connect(factory, options) {
        if (typeof factory !== 'object' || factory === null || typeof factory.buildProtocol !== 'function') {
            throw new InvalidArgumentError(`connect needs a ClientFactory, got ${describeValue(factory)}`);
        }
        const connector = new Connector(this.loop, factory, options);
        connector.connect();
        return connector;
    }
}
/** The default reactor: follows the current event loop (`getEventLoop()`). */
export const reactor = new Reactor();
//# sourceMappingURL=reactor.js.map