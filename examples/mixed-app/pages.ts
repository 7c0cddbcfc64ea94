// The Tornado front of the mixed app: a web.Application serving /page/<n>, each page after a
// short delay on the IOLoop. A shutdown cuts the delays short (the pages answer 503 into
// connections that are being dropped), so no IOLoop timer outlives the site.
import type { Coroutine, Future } from '@async/loop';
import { Application, Condition, Event, HTTPError, type HTTPServer, type IOLoop, RequestHandler } from '@async/ioloop';

/** The settings every PageHandler reads (Tornado's `self.settings`). */
interface PageSettings {
  site: PageSite;
}

/** GET /page/<n>: answers `page <n>` after the site's page delay. */
class PageHandler extends RequestHandler {
  override *get(n: string) {
    const site = (this.settings as unknown as PageSettings).site;
    site._active++;
    site._idle.clear();
    site.onPage?.(n);
    try {
      // Condition.wait(deadline) is true when notified (the site is closing), false at the deadline.
      if (yield* site._closing.wait({ seconds: site.pageDelay })) throw new HTTPError(503, 'shutting down');
      this.write(`page ${n}`);
    } finally {
      if (--site._active === 0) site._idle.set();
    }
  }
}

/** The web site: an Application, its HTTPServer once listening, and a clean close. */
export class PageSite {
  /** @internal Notified when the site closes: sleeping pages wake up. */
  readonly _closing = new Condition();
  /** @internal Set while no page handler runs. */
  readonly _idle = new Event();
  /** @internal Page handlers running now. */
  _active = 0;
  private _server: HTTPServer | null = null;

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

  /**
   * Stops listening, wakes the pages still waiting, waits for their handlers to end, then drops
   * every connection; resolves once they are gone (a future of the IOLoop).
   */
  close(): Future<void> {
    return this.ioloop.createTask(this._close());
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
    server.stop();
    this._closing.notifyAll();
    yield* this._idle.wait();
    yield* server.closeAllConnections();
  }
}
