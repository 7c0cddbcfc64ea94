// The seed's Tulip curl, ported to @async/asyncio: fetch a URL and print the first 10 characters
// of the body, with `http.request()` and `response.read()` as the seed's `tulip.http.request`.
//
//   npx tsx --tsconfig tsconfig.tests.json examples/tulip-curl.ts http://example.com/
//
// With no URL it starts a local node:http server on 127.0.0.1 (a free port), fetches from it and
// stops it, so it runs anywhere without the outside network.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Coroutine, http, run } from '@async/asyncio';

function* curl(url: string): Coroutine<void> {
  const response = yield* http.request('GET', url);
  const data = yield* response.read();
  console.log(Buffer.from(data).toString('utf8').slice(0, 10));
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
