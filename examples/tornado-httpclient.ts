// The seed's "Tornado: we need an HTTP client!" listing (tornado_httpclient.py): schedule N
// fetches with add_callback, print the first 10 bytes of each page as it arrives, and stop the
// IOLoop when the last one is in. Tornado 6 dropped fetch()'s callback argument, so the callback
// is attached with IOLoop.addFuture(), Tornado 6's spelling of the same thing.
//
//   npx tsx --tsconfig tsconfig.tests.json examples/tornado-httpclient.ts 5 http://www.python.org/
//
// With no URL it starts a local upstream (a web.Application on 127.0.0.1, a free port) serving a
// small HTML page, so it runs anywhere without the outside network; N defaults to 5.
import { pathToFileURL } from 'node:url';
import { NodeEventLoop } from '@async/loop';
import { Application, AsyncHTTPClient, type HTTPResponse, IOLoop, RequestHandler } from '@async/ioloop';

const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
let num = runAsScript && process.argv[2] !== undefined ? Number(process.argv[2]) : 5;
let url = runAsScript ? process.argv[3] : undefined;

// ioloop = tornado.ioloop.IOLoop.instance()
const ioloop = new IOLoop({ loop: new NodeEventLoop(), makeCurrent: true });

if (url === undefined) {
  class Page extends RequestHandler {
    override get(): void {
      this.write('<!DOCTYPE html>\n<title>Welcome to the local upstream</title>\n');
    }
  }
  const upstream = new Application([['/', Page]]).listen(0, '127.0.0.1');
  await ioloop.runSync(() => upstream.listening);
  url = `http://127.0.0.1:${upstream.port}/`;
}
const target = url;

function fetch(): void {
  const http = new AsyncHTTPClient(); // the IOLoop's shared client, as in Tornado
  ioloop.addFuture(http.fetch(target), (future) => onDownload(future.result()));
}

function onDownload(response: HTTPResponse): void {
  console.log(Buffer.from(response.body.subarray(0, 10)).toString());
  num -= 1;
  if (!num) ioloop.stop();
}

for (let i = 0; i < num; i++) ioloop.addCallback(fetch);
await ioloop.start();
ioloop.close({ allFds: true }); // also closes the upstream server and the client
