// The Twisted front of the mixed app: a LineReceiver that answers `FETCH <n>` with a summary of
// pages 1..n. Each request runs as an asyncio task (fetchPages), seen from Twisted as a Deferred
// (Deferred.fromFuture); the factory keeps its connections so the app can close them on stop.
import { CancelledError, type EventLoop, type Task } from '@async/loop';
import type { Greenlet } from '@async/hub';
import { type Deferred, Factory, type Failure, LineReceiver } from '@async/reactor';
import { deferredFromFuture } from '@async/bridge-deferred';
import { fetchPages } from './fetch-pages.js';

/** Most pages one request may ask for: each is a greenlet and a connection. */
const MAX_PAGES = 20;

/** One request in flight: its line, its asyncio task, the Deferred of that task, its greenlets. */
export interface FetchRequest {
  readonly line: string;
  readonly task: Task<string[]>;
  readonly deferred: Deferred<string[]>;
  readonly greenlets: Greenlet<string>[];
}

/** `FETCH <n>` → `OK <n> pages: page 1, …`; a request cancelled by a shutdown → `CANCELLED <line>`. */
export class FetchProtocol extends LineReceiver {
  declare factory: FetchFactory;
  /** The requests of this connection still in flight. */
  readonly requests = new Set<FetchRequest>();

  override connectionMade(): void {
    this.factory.connections.add(this);
  }

  override lineReceived(bytes: Uint8Array): void {
    const line = Buffer.from(bytes).toString().trim();
    const match = /^FETCH (\d{1,3})$/.exec(line);
    const count = Number(match?.[1]);
    if (!(count >= 1 && count <= MAX_PAGES)) {
      return this.sendLine(`ERROR expected FETCH <n> with n from 1 to ${MAX_PAGES}, got ${JSON.stringify(line)}`);
    }
    const greenlets: Greenlet<string>[] = [];
    // An asyncio task on the app's loop, and the Deferred Twisted code waits on.
    const task = this.factory.loop.createTask(fetchPages(this.factory.site, count, greenlets));
    const deferred = deferredFromFuture(task);
    const request: FetchRequest = { line, task, deferred, greenlets };
    this.requests.add(request);
    this.factory.onRequest?.(request);
    deferred
      .addCallbacks(
        (pages) => this.reply(`OK ${count} pages: ${pages.join(', ')}`),
        (failure: Failure) =>
          this.reply(failure.check(CancelledError) ? `CANCELLED ${line}` : `ERROR ${failure.getErrorMessage()}`),
      )
      .addBoth(() => this.requests.delete(request));
  }

  /** Sends a line, unless the client has gone. */
  private reply(line: string): void {
    if (this.connected) this.sendLine(line);
  }

  override connectionLost(): void {
    // The client left: its requests are of no use any more.
    for (const request of this.requests) request.deferred.cancel();
    this.factory.connections.delete(this);
    if (this.factory.connections.size === 0) this.factory._allGone?.callback(undefined);
  }
}

/** Builds a FetchProtocol per connection and keeps the connections that are open. */
export class FetchFactory extends Factory<FetchProtocol> {
  override protocol = FetchProtocol;
  /** The connections open now. */
  readonly connections = new Set<FetchProtocol>();
  /** @internal Fired when the last connection is gone, while the app stops. */
  _allGone: Deferred<void> | null = null;

  /** A factory whose requests run on `loop` and fetch from the web `site` (`http://host:port`). */
  constructor(
    readonly loop: EventLoop,
    readonly site: string,
    /** Called with each new request (the test watches them). */
    readonly onRequest?: (request: FetchRequest) => void,
  ) {
    super();
  }
}
