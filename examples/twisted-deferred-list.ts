// The seed's Twisted Deferred example: N page fetches in parallel with getPage, each reversed and
// printed by its callbacks, and a DeferredList that stops the reactor when all are done. The
// pages come from a local node:http server on 127.0.0.1 (port 0) instead of python.org.
// Run it with `npx tsx --tsconfig tsconfig.tests.json examples/twisted-deferred-list.ts`.
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type Deferred, DeferredList, getPage, reactor } from '@async/reactor';

const server = createServer((_request, response) => {
  response.end('<!DOCTYPE html>\n<html><title>Welcome to Python.org</title></html>\n');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const count = 5; // sys.argv[1]
const results: Deferred<unknown>[] = [];
for (let i = 0; i < count; i++) {
  const d = getPage(`http://127.0.0.1:${port}/`);
  d.addCallback((value: Uint8Array) => Buffer.from(value).toString('utf8').slice(0, 10));
  d.addCallback((value) => console.log([...value].reverse().join('')));
  d.addErrback((error) => console.log('error:', error.getErrorMessage()));
  results.push(d);
}

const dList = new DeferredList(results);
dList.addBoth(() => reactor.stop());
await reactor.run();
server.close();
