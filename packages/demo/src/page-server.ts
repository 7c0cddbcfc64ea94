/**
 * The demo's stand-in for python.org: an HTTP server on 127.0.0.1 that answers every request
 * with the same small HTML page after a fixed delay, as a distant web site would. It runs on the
 * demo's own loop, next to the clients that fetch from it.
 */
import { type EventLoop, TimerHandle } from '@async/loop';
import { type HTTPServer, type HTTPServerRequest, type HTTPServerResponse, listenHTTP } from '@async/http';

/** The page every request gets; its first ten characters are what the talk's examples print. */
export const PAGE = '<!DOCTYPE html>\n<html><head><title>A slow page</title></head><body>Hello from the demo.</body></html>\n';

/** A running page server. */
export interface PageServer {
  /** The URL to fetch, such as `http://127.0.0.1:40123/`. */
  readonly url: string;
  /** Requests answered so far. */
  readonly served: number;
  /** Stops listening, drops every connection and cancels pending answers. */
  close(): Promise<void>;
}

/**
 * Starts the page server on `127.0.0.1:port` (0: a free port), answering after `delay` seconds.
 * @throws the core `AddressInUseError` (through the promise) when the port is taken.
 */
export async function startPageServer(loop: EventLoop, port: number, delay: number): Promise<PageServer> {
  const pending = new Set<TimerHandle>();
  let served = 0;
  const answer = (request: HTTPServerRequest, response: HTTPServerResponse): void => {
    const timer = loop.callLater(delay, () => {
      pending.delete(timer);
      served++;
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(request.method === 'HEAD' ? null : PAGE);
    });
    pending.add(timer);
  };
  const server: HTTPServer = await listenHTTP(loop, answer, { host: '127.0.0.1', port });
  return {
    url: `http://127.0.0.1:${server.port}/`,
    get served() {
      return served;
    },
    async close() {
      for (const timer of pending) timer.cancel();
      pending.clear();
      server.close();
      server.abortConnections();
      await server.waitClosed();
    },
  };
}
