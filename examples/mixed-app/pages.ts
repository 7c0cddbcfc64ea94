// The Tornado front of the mixed app: a web.Application serving /page/<n>, each page after a
// short delay on the IOLoop. Closing the site cuts the delays short (the pages answer 503) and
// closes every connection once its response is out, so no IOLoop timer outlives the site.
import { type Coroutine, type Future, TimeoutError } from '@async/loop';
import { Application, Condition, Event, HTTPError, type HTTPServer, type IOLoop, RequestHandler, gen } from '@async/ioloop';

/** Seconds the site's connections get to finish their responses when it closes. */
const CLOSE_GRACE = 1;

/** The settings every PageHandler reads (Tornado's `self.settings`). */
interface PageSettings {
  site: PageSite;
}

/** GET /page/<n>: answers `page <n>` after the site's page delay, or 503 if the site closes first. */
class PageHandler extends RequestHandler {
  override *get(n: string) {
    const site = (this.settings as unknown as PageSettings).site;
    if (!(yield* site._pageDelay(n))) throw new HTTPError(503, 'shutting down');
    this.write(`page ${n}`);
  }
}

/** The web site: an Application, its HTTPServer once listening, and a clean close. */
export class PageSite {
  /** Notified when the site closes: the pages still waiting wake up. */
  private readonly _closing = new Condition();
  /** Set while no page waits. */
  private readonly _idle = new Event();
  /** Pages waiting now. */
  private _waiting = 0;
  private _server: HTTPServer | null = null;
  private _closed = false;

  /** A site whose pages answer after `pageDelay` seconds. */
  constructor(
    readonly ioloop: IOLoop,
    readonly pageDelay: number,
    /** Called as each page request starts waiting (tests watch the pages in flight). */
    readonly onPage?: (n: string) => void,
  ) {
    this._idle.set();
  }

  /** Listens on 127.0.0.1, a free port; resolves with the port (a future of the IOLoop). */
  listen(): Future<number> {
    return this.ioloop.createTask(this._listen());
  }

  /** Stops accepting connections; those open are served on. */
  stopListening(): void {
    this._server?.stop();
  }

  /**
   * Stops listening, wakes the pages still waiting (they answer 503), closes every connection
   * once its response is out (dropping those still busy after a grace period); resolves once
   * they are gone (a future of the IOLoop).
   */
  close(): Future<void> {
    return this.ioloop.createTask(this._close());
  }

  /**
   * @internal A page's wait, in its handler's coroutine: true after the page delay, false if the
   * site closed first.
   */
  *_pageDelay(n: string): Coroutine<boolean> {
    if (this._closed) return false; // a request on a kept-alive connection while the site closes
    this._waiting++;
    this._idle.clear();
    this.onPage?.(n);
    try {
      // Condition.wait(deadline) is true when notified (the site is closing), false at the deadline.
      return !(yield* this._closing.wait({ seconds: this.pageDelay }));
    } finally {
      if (--this._waiting === 0) this._idle.set();
    }
  }

  private *_listen(): Coroutine<number> {
    const app = new Application([['/page/(\\d+)', PageHandler]], { site: this });
    const server = app.listen(0, '127.0.0.1', { ioloop: this.ioloop });
    this._server = server;
    yield* server.listening;
    return server.port;
  }

  private *_close(): Coroutine<void> {
    const server = this._server;
    if (server === null) return;
    this._server = null;
    this._closed = true;
    server.stop();
    this._closing.notifyAll();
    yield* this._idle.wait();
    // Gracefully first: idle connections close now, the others once their response is out (the
    // pages woken above answer at once)…
    server.httpServer.close();
    try {
      yield* gen.withTimeout({ seconds: CLOSE_GRACE }, server.httpServer.waitClosed());
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
    }
    // …then whatever is still open (a client that never finishes its request) is dropped.
    yield* server.closeAllConnections();
  }
}
