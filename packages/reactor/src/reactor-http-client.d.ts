/**
 * The `@async/http` client each reactor shares for `getPage`: made on first use, kept (so
 * connections are reused between pages) while the reactor stays on the same loop, and closed
 * when the reactor shuts down, so no idle keep-alive connection outlives it. A reactor made
 * without a loop follows the current loop, so a new loop gets a new client.
 */
import { HTTPClient } from '@async/http';
import type { Reactor } from './reactor.js';
/** The HTTP client `reactor` shares (no request timeout, no limit on parallel requests). */
export declare function reactorHTTPClient(reactor: Reactor): HTTPClient;
//# sourceMappingURL=reactor-http-client.d.ts.map