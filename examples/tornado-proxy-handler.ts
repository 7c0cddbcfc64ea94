// The seed's Tornado listing: a web.Application whose one rule, (r"/(.*)", Handler), sends every
// GET to a handler that fetches the same path from an upstream site with AsyncHTTPClient and
// writes the body back. The seed's @tornado.web.asynchronous + callback became, in Tornado 6, a
// coroutine method; here a generator method: `yield*` waits for the fetch, and the response is
// finished for us when get() returns. The upstream's status is passed on.
//
//   npx tsx --tsconfig tsconfig.tests.json examples/tornado-proxy-handler.ts http://www.python.org
//
// With an upstream URL it serves on port 8888 until interrupted, as the seed does. With none, it
// starts a local upstream (another Application on 127.0.0.1, a free port) and the proxy on a free
// port, fetches two pages through the proxy, prints them, and stops, so it runs offline.
import { pathToFileURL } from 'node:url';
import { NodeEventLoop } from '@async/loop';
import { Application, AsyncHTTPClient, HTTPClientError, IOLoop, RequestHandler } from '@async/ioloop';

const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const givenUpstream = runAsScript ? process.argv[2] : undefined;
const ioloop = new IOLoop({ loop: new NodeEventLoop(), makeCurrent: true });

function proxyTo(upstream: string): Application {
  class Handler extends RequestHandler {
    override *get(path: string) {
      const http = new AsyncHTTPClient();
      // raiseError: false hands an upstream 404 on as a 404, not as an exception (a 500).
      const response = yield* http.fetch(`${upstream}/${path}`, { raiseError: false });
      this.setStatus(response.code, response.reason);
      this.write(response.body);
    }
  }
  return new Application([['/(.*)', Handler]]);
}

if (givenUpstream !== undefined) {
  proxyTo(givenUpstream.replace(/\/$/, '')).listen(8888);
  console.log('proxying http://localhost:8888/ to', givenUpstream);
  await ioloop.start();
} else {
  class Page extends RequestHandler {
    override get(path: string): void {
      if (path === 'missing') this.sendError(404);
      else this.write(`upstream page /${path}`);
    }
  }
  const upstream = new Application([['/(.*)', Page]]).listen(0, '127.0.0.1');
  await ioloop.runSync(() => upstream.listening);
  const proxy = proxyTo(`http://127.0.0.1:${upstream.port}`).listen(0, '127.0.0.1');
  await ioloop.runSync(function* () {
    yield proxy.listening;
    const client = new AsyncHTTPClient();
    for (const path of ['docs/tutorial', 'missing']) {
      try {
        const response = yield* client.fetch(`http://127.0.0.1:${proxy.port}/${path}`);
        console.log(`/${path} -> ${response.code}: ${Buffer.from(response.body).toString()}`);
      } catch (error) {
        if (!(error instanceof HTTPClientError)) throw error;
        console.log(`/${path} -> ${error.message}`);
      }
    }
  });
  ioloop.close({ allFds: true });
}
