// Shared by the HTTP and web tests: start a server for an Application or a request callback on
// a fixed port of the virtual network (or port 0 on 127.0.0.1 for real sockets), and send raw
// requests (which a client would normalise) over an IOStream.
import { HTTPServer, type RequestCallback, type RequestDelegate, type IOStream, TCPClient, type IOLoop } from '@async/ioloop';

/** The virtual network's port for test servers. */
export const PORT = 8080;
/** The base URL of a test server on the virtual network. */
export const BASE = `http://127.0.0.1:${PORT}`;

/** Starts an HTTPServer for `app` on `port` (0: a free real port) and waits until it listens. */
export function* serve(app: RequestDelegate | RequestCallback, port = PORT, options: ConstructorParameters<typeof HTTPServer>[1] = {}): Generator<unknown, HTTPServer, unknown> {
  const server = new HTTPServer(app, options);
  yield server.listen(port, '127.0.0.1');
  return server;
}

/** Sends `raw` as it is and reads until the server closes (send `Connection: close`). */
export function* rawRequest(ioloop: IOLoop, raw: string, port = PORT): Generator<unknown, string, unknown> {
  const stream = (yield new TCPClient({ ioloop }).connect('127.0.0.1', port)) as IOStream;
  yield stream.write(raw);
  const reply = (yield stream.readUntilClose()) as Uint8Array;
  return Buffer.from(reply).toString('latin1');
}

/** The body of a raw response (after the head). */
export function bodyOf(raw: string): string {
  return raw.slice(raw.indexOf('\r\n\r\n') + 4);
}
