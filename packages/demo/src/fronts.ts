/**
 * The four fronts of the demo, all hosted on one loop: a Twisted reactor, a gevent hub, a
 * Tornado IOLoop and the asyncio loop (which is the shared loop itself). Every way of fetching
 * gets the same `Fronts`, so "all four at once" is nothing more than starting them together.
 */
import { type NodeEventLoop, setEventLoop } from '@async/loop';
import { HTTPClient } from '@async/http';
import { Reactor } from '@async/reactor';
import { type Hub, getHub } from '@async/hub';
import { AsyncHTTPClient, IOLoop } from '@async/ioloop';

/** The shared loop and every front on it. */
export interface Fronts {
  /** The one loop everything runs on; asyncio code uses it directly. */
  readonly loop: NodeEventLoop;
  readonly reactor: Reactor;
  readonly hub: Hub;
  readonly ioloop: IOLoop;
  /** A plain client of `@async/http`, for the sequential (urllib) fetches. */
  readonly client: HTTPClient;
}

/**
 * Puts every front on `loop`, which must be running (the reactor is started hosted, so it runs
 * on the loop without running it).
 */
export function startFronts(loop: NodeEventLoop): Fronts {
  // gevent's hub and Tornado's IOLoop.current() find the loop through the current-loop registry.
  setEventLoop(loop);
  const reactor = new Reactor(loop);
  void reactor.run();
  const ioloop = new IOLoop({ loop });
  // The IOLoop's shared AsyncHTTPClient is made here, before the Tornado code asks for it:
  // Tornado's default of 10 requests in flight would queue the rest (as it does in Python), and
  // the talk's point is N at once. Python: AsyncHTTPClient.configure(None, max_clients=...).
  new AsyncHTTPClient({ ioloop, maxClients: TORNADO_MAX_CLIENTS });
  return { loop, reactor, hub: getHub(loop), ioloop, client: new HTTPClient(loop) };
}

/** Enough for "all four" at the largest page count the options allow. */
const TORNADO_MAX_CLIENTS = 10_000;

/** Stops the reactor and closes the clients; the loop itself is the caller's. */
export function stopFronts(fronts: Fronts): void {
  fronts.client.close();
  if (fronts.reactor.running) fronts.reactor.stop();
}
