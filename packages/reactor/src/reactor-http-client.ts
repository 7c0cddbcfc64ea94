/**
 * The `@async/http` client each reactor shares for `getPage`: made on first use, kept (so
 * connections are reused between pages) while the reactor stays on the same loop, and closed
 * when the reactor shuts down, so no idle keep-alive connection outlives it. A reactor made
 * without a loop follows the current loop, so a new loop gets a new client.
 */
import { HTTPClient } from '@async/http';
import type { EventLoop } from '@async/loop';
import type { Reactor } from './reactor.js';
import type { TriggerId } from './three-phase-event.js';

interface Entry {
  loop: EventLoop;
  client: HTTPClient;
  trigger: TriggerId;
}

const clients = new WeakMap<Reactor, Entry>();

// Twisted's getPage opens a connection per page with no limit: keep the pool out of the way.
const UNLIMITED = 1_000_000;

/** The HTTP client `reactor` shares (no request timeout, no limit on parallel requests). */
export function reactorHTTPClient(reactor: Reactor): HTTPClient {
  const loop = reactor.loop;
  const entry = clients.get(reactor);
  if (entry !== undefined) {
    if (entry.loop === loop && !loop.isClosed()) return entry.client;
    forget(reactor, entry);
  }
  const client = new HTTPClient(reactor, {
    maxClients: UNLIMITED,
    maxConnectionsPerHost: UNLIMITED,
    requestTimeout: 0,
    connectTimeout: 30,
  });
  const created: Entry = { loop, client, trigger: null as unknown as TriggerId };
  created.trigger = reactor.addSystemEventTrigger('after', 'shutdown', () => {
    if (clients.get(reactor) === created) clients.delete(reactor);
    client.close();
  });
  clients.set(reactor, created);
  return client;
}

function forget(reactor: Reactor, entry: Entry): void {
  clients.delete(reactor);
  entry.client.close();
  try {
    reactor.removeSystemEventTrigger(entry.trigger);
  } catch {
    // Already fired (the reactor shut down meanwhile): nothing left to remove.
  }
}
