/**
 * The `@async/http` client each reactor shares for `getPage`: made on first use, kept (so
 * connections are reused between pages) while the reactor stays on the same loop, and closed
 * when the reactor shuts down, so no idle keep-alive connection outlives it. A reactor made
 * without a loop follows the current loop, so a new loop gets a new client.
 */
import { HTTPClient } from '@async/http';
const clients = new WeakMap();
// Twisted's getPage opens a connection per page with no limit: keep the pool out of the way.
const UNLIMITED = 1_000_000;
/** The HTTP client `reactor` shares (no request timeout, no limit on parallel requests). */
export function reactorHTTPClient(reactor) {
    const loop = reactor.loop;
    const entry = clients.get(reactor);
    if (entry !== undefined) {
        if (entry.loop === loop && !loop.isClosed())
            return entry.client;
        forget(reactor, entry);
    }
    const client = new HTTPClient(reactor, {
        maxClients: UNLIMITED,
        maxConnectionsPerHost: UNLIMITED,
        requestTimeout: 0,
        connectTimeout: 30,
    });
    const created = { loop, client, trigger: null };
    created.trigger = reactor.addSystemEventTrigger('after', 'shutdown', () => {
        if (clients.get(reactor) === created)
            clients.delete(reactor);
        client.close();
    });
    clients.set(reactor, created);
    return client;
}
function forget(reactor, entry) {
    clients.delete(reactor);
    entry.client.close();
    try {
        reactor.removeSystemEventTrigger(entry.trigger);
    }
    catch {
        // Already fired (the reactor shut down meanwhile): nothing left to remove.
    }
}
//# sourceMappingURL=reactor-http-client.js.map