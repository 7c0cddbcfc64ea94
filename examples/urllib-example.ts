// The seed's urllib_example.py and urllib_example2.py: fetch a page and print its first 10
// characters, then five pages one after another — each waits for the previous one, so five
// pages take five round trips. This is the blocking style the rest of the talk improves on.
//
//   npx tsx --tsconfig tsconfig.tests.json examples/urllib-example.ts [URL]
//
// With no URL it starts a local server on 127.0.0.1 (a free port) that answers after 0.1 s, as a
// distant site would, so it runs anywhere without the outside network.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Coroutine, NodeEventLoop } from '@async/loop';
import { HTTPClient } from '@async/http';

const DELAY_MS = 100;

/** `urllib2.urlopen(url).read(10)`: a new connection per page, as urllib opens one. */
function* urlopenRead10(client: HTTPClient, url: string): Coroutine<string> {
  const response = yield* client.request({ url, headers: { Connection: 'close' } });
  return Buffer.from(response.body.subarray(0, 10)).toString('latin1');
}

function* main(client: HTTPClient, url: string): Coroutine<void> {
  // urllib_example.py
  console.log((yield* urlopenRead10(client, url)).trimEnd());
  // urllib_example2.py: `for i in xrange(5): print f.read(10),` — on one line.
  const start = performance.now();
  const heads: string[] = [];
  for (let i = 0; i < 5; i++) heads.push(yield* urlopenRead10(client, url));
  console.log(heads.map((head) => head.trimEnd()).join(' '));
  console.log(`5 pages one after another in ${((performance.now() - start) / 1000).toFixed(2)} s`);
}

async function fetchAll(url: string): Promise<void> {
  const loop = new NodeEventLoop();
  const client = new HTTPClient(loop);
  try {
    await loop.runUntilComplete(main(client, url));
  } finally {
    client.close();
    loop.close();
  }
}

const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const givenUrl = runAsScript ? process.argv[2] : undefined;

if (givenUrl !== undefined) {
  await fetchAll(givenUrl);
} else {
  const server = createServer((_request, response) => {
    setTimeout(() => response.end('<!DOCTYPE html>\n<title>local</title>\n'), DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fetchAll(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
