// The seed's Tulip curl, ported to @async/asyncio: fetch a URL and print the first 10 characters
// of the body. Until @async/http exists, the request is a raw HTTP/1.0 GET written over
// openConnection() (an HTTP/1.0 server closes the connection after the response, so reading to
// the end of the stream reads the whole response).
//
//   npx tsx --tsconfig tsconfig.tests.json examples/tulip-curl.ts http://example.com/
//
// With no URL it starts a local node:http server on 127.0.0.1 (a free port), fetches from it and
// stops it, so it runs anywhere without the outside network.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Coroutine, openConnection, run } from '@async/asyncio';

function* curl(url: string): Coroutine<void> {
  const { protocol, hostname, port, pathname, search } = new URL(url);
  const tls = protocol === 'https:';
  const [reader, writer] = yield* openConnection(hostname, Number(port) || (tls ? 443 : 80), { tls });
  writer.write(`GET ${pathname}${search} HTTP/1.0\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
  const response = yield* reader.read(); // everything, up to the end of the stream
  writer.close();
  yield* writer.waitClosed();
  const body = response.subarray(response.indexOf('\r\n\r\n') + 4);
  console.log(body.toString('utf8').slice(0, 10));
}

const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const givenUrl = runAsScript ? process.argv[2] : undefined;

if (givenUrl !== undefined) {
  await run(curl(givenUrl));
} else {
  const server = createServer((_request, response) => response.end('Welcome to the local server.\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await run(curl(`http://127.0.0.1:${port}/`));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
