// The mixed app: Tornado pages, a Twisted line server whose requests are asyncio tasks that fan
// out to gevent greenlets — four fronts hosted on one EventLoop — and its clean shutdown.
import { type EventLoop, InvalidArgumentError, describeValue } from '@async/loop';
import { IOLoop } from '@async/ioloop';
import { Deferred, type IPv4Address, type ListeningPort, Reactor } from '@async/reactor';
import { PageSite } from './pages.js';
import { FetchFactory, type FetchRequest } from './fetch-protocol.js';

/** Options of `startMixedApp`. */
export interface MixedAppOptions {
  /** Seconds each page waits before it answers (default 0.01). */
  pageDelay?: number;
  /** Called with each `FETCH` request as it starts (for tests that watch requests in flight). */
  onRequest?: (request: FetchRequest) => void;
  /** Called as each page request reaches the web site, with the page number. */
  onPage?: (n: string) => void;
}

/** A running mixed app. */
export interface MixedApp {
  /** The Tornado site's port on 127.0.0.1. */
  readonly webPort: number;
  /** The Twisted line server's port on 127.0.0.1. */
  readonly linePort: number;
  /**
   * Shuts the app down; resolves once everything it opened is closed. Calling it again returns
   * the same promise. The loop is left running (and open) for the caller to stop and close.
   */
  stop(): Promise<void>;
  /** Resolves once the app has stopped (or failed to), whoever called `stop()`. */
  readonly stopped: Promise<void>;
}

/**
 * Starts the app on `loop`, which must be running (the promise needs it to settle).
 * @throws InvalidArgumentError (as a rejection) for a page delay that is not a number of seconds.
 */
export async function startMixedApp(loop: EventLoop, options: MixedAppOptions = {}): Promise<MixedApp> {
  const pageDelay = options.pageDelay ?? 0.01;
  if (typeof pageDelay !== 'number' || !(pageDelay >= 0) || pageDelay === Infinity) {
    throw new InvalidArgumentError(
      `startMixedApp(): pageDelay must be a finite number of seconds >= 0, got ${describeValue(pageDelay)}`,
    );
  }
  // Tornado and Twisted hosted on the loop; asyncio tasks and gevent greenlets run on it as is.
  const ioloop = IOLoop.forLoop(loop);
  const reactor = new Reactor(loop);

  const site = new PageSite(ioloop, pageDelay, options.onPage);
  const webPort = await site.listen();
  const factory = new FetchFactory(loop, `http://127.0.0.1:${webPort}`, options.onRequest);
  let port: ListeningPort;
  try {
    port = await reactor.listenTCP(0, factory, { interface: '127.0.0.1' });
  } catch (error) {
    await site.close(); // leave nothing open behind a failed start
    throw error;
  }
  const linePort = (port.getHost() as IPv4Address).port;

  let stopping: Promise<void> | null = null;
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  async function shutdown(): Promise<void> {
    // 1. Accept nothing more, on either server.
    site.stopListening();
    await port.stopListening();
    // 2. Cancel every request in flight: Deferred → asyncio task → greenlets (killed) → HTTP
    //    requests (aborted); each Deferred then errbacks with CancelledError, which writes
    //    `CANCELLED <line>` to its client.
    const inFlight = [...factory.connections].flatMap((connection) => [...connection.requests]);
    for (const request of inFlight) request.deferred.cancel();
    await Promise.all(inFlight.map((request) => request.deferred));
    // 3. Close the clients' connections (what was written is sent first) and wait until they are gone.
    if (factory.connections.size > 0) {
      factory._allGone = new Deferred<void>();
      for (const connection of factory.connections) connection.transport!.loseConnection();
      await factory._allGone;
    }
    // 4. Close the web site: pages still waiting answer 503 (into connections whose client is
    //    gone), then every connection left is dropped.
    await site.close();
  }
  return {
    webPort,
    linePort,
    stop: () => (stopping ??= shutdown().finally(markStopped)),
    stopped,
  };
}
