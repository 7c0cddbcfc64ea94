// The reactor's twisted.web server: Site on reactor.listenTCP, resource traversal, render_<METHOD>
// dispatch, Twisted's 404/405/501/500 pages, NOT_DONE_YET with notifyFinish, request attributes,
// checked over real 127.0.0.1 sockets with the @async/http client.
import { describe, expect, it } from 'vitest';
import { NodeEventLoop } from '@async/loop';
import { HTTPClient, type HTTPResponse } from '@async/http';
import {
  Data,
  Deferred,
  type Failure,
  type IPv4Address,
  type ListeningPort,
  NOT_DONE_YET,
  NoResource,
  Reactor,
  type Request,
  Resource,
  Site,
  getPage,
  inlineCallbacks,
} from '@async/reactor';

class Hello extends Resource {
  override isLeaf = true;
  render_GET(request: Request): string {
    const args = Object.entries(request.args).map(([k, v]) => `${k}=${v.join('|')}`).join('&');
    return `hello ${args} ${request.path} [${request.prepath.join(',')}][${request.postpath.join(',')}] ${request.getHeader('x-last') ?? '-'}`;
  }
}

class Form extends Resource {
  render_POST(request: Request): Uint8Array {
    request.setResponseCode(201);
    request.setHeader('content-type', 'text/plain');
    return Buffer.from(`${JSON.stringify(request.args)} ${Buffer.from(request.content.read()).toString()}`);
  }
}

class Later extends Resource {
  finished: string[] = [];
  render_GET(request: Request): typeof NOT_DONE_YET {
    request.notifyFinish().addCallbacks(
      () => this.finished.push('finished'),
      (f: Failure) => this.finished.push(`lost: ${(f.value as Error).constructor.name}`),
    );
    request.write('part 1, ');
    request.site.reactor.callLater(0.001, () => {
      request.write('part 2');
      request.finish();
    });
    return NOT_DONE_YET;
  }
}

class Hold extends Resource {
  request: Request | null = null;
  readonly outcome = new Deferred<string>();
  render_GET(request: Request): typeof NOT_DONE_YET {
    this.request = request;
    request.notifyFinish().addCallbacks(
      () => this.outcome.callback('finished'),
      (f: Failure) => this.outcome.callback(`lost: ${(f.value as Error).constructor.name}`),
    );
    request.write('part 1');
    return NOT_DONE_YET;
  }
}

class Broken extends Resource {
  render_GET(): string {
    throw new RangeError('render failed');
  }
}

class NotBytes extends Resource {
  render_GET(): string {
    return 42 as unknown as string;
  }
}

function tree(): { root: Resource; later: Later; hold: Hold } {
  const root = new Resource();
  const later = new Later();
  const hold = new Hold();
  root.putChild('hold', hold);
  root.putChild('hello', new Hello());
  root.putChild('form', new Form());
  root.putChild('later', later);
  root.putChild('broken', new Broken());
  root.putChild('notbytes', new NotBytes());
  root.putChild('data', new Data('some data', 'text/plain'));
  return { root, later, hold };
}

async function withSite<T>(body: (reactor: Reactor, client: HTTPClient, base: string, hold: Hold) => Generator<unknown, T, any>): Promise<{ result: T; later: Later; errors: unknown[] }> {
  const loop = new NodeEventLoop();
  const errors: unknown[] = [];
  loop.setExceptionHandler((_l, context) => errors.push(context.exception));
  const reactor = new Reactor(loop);
  const { root, later, hold } = tree();
  const client = new HTTPClient(loop);
  const result = await loop.runUntilComplete(
    inlineCallbacks(function* () {
      const port: ListeningPort = yield* reactor.listenTCP(0, new Site(root, { reactor }), { interface: '127.0.0.1' });
      try {
        return yield* body(reactor, client, `http://127.0.0.1:${(port.getHost() as IPv4Address).port}`, hold);
      } finally {
        client.close();
        yield* port.stopListening();
      }
    })(),
  );
  loop.close();
  return { result, later, errors };
}

/** Writes to a request whose client is gone (ignored), then finishes it: the error's name, or '' if none. */
function writeAndFinishAfterLoss(request: Request): string {
  request.write('ignored once the client is gone');
  try {
    request.finish();
  } catch (error) {
    return (error as Error).name;
  }
  return '';
}

const summary = (r: HTTPResponse): string => `${r.status} ${r.reason} ${r.headers.get('content-type')} ${r.headers.get('allow') ?? ''}|${r.text()}`;

describe('Site and Resource', () => {
  it('walks the tree to a leaf and renders render_GET with args, path, prepath and postpath', async () => {
    const { result } = await withSite((_reactor, client, base) =>
      (function* () {
        const r: HTTPResponse = yield* client.request({ url: `${base}/hello/x/y%20z?a=1&a=2&b=`, headers: [['X-Last', 'one'], ['X-Last', 'two']] });
        return [summary(r), r.headers.get('server'), r.headers.get('content-length')];
      })(),
    );
    expect(result).toEqual([
      '200 OK text/html |hello a=1|2&b= /hello/x/y%20z [hello][x,y z] two',
      'TwistedWeb/22.4.0 (@async/reactor)',
      '48',
    ]);
  });

  it("answers Twisted's 404, 405 (with Allow) and 501 pages", async () => {
    const { result } = await withSite((_reactor, client, base) =>
      (function* () {
        const missing: HTTPResponse = yield* client.get(`${base}/nope`);
        const root: HTTPResponse = yield* client.get(`${base}/`);
        const post: HTTPResponse = yield* client.request({ url: `${base}/hello`, method: 'POST' });
        const put: HTTPResponse = yield* client.request({ url: `${base}/hello`, method: 'PUT', body: 'x' });
        return [missing, root, post, put].map(summary);
      })(),
    );
    const page = (code: number, brief: string, detail: string): string =>
      `\n<html>\n  <head><title>${code} - ${brief}</title></head>\n  <body>\n    <h1>${brief}</h1>\n    <p>${detail}</p>\n  </body>\n</html>\n`;
    expect(result).toEqual([
      `404 Not Found text/html; charset=utf-8 |${page(404, 'No Such Resource', 'Sorry. No luck finding that resource.')}`,
      `404 Not Found text/html; charset=utf-8 |${page(404, 'No Such Resource', 'Sorry. No luck finding that resource.')}`,
      `405 Method Not Allowed text/html; charset=utf-8 HEAD, GET|${page(405, 'Method Not Allowed', 'Your browser approached me (at /hello) with the method "POST".  I only allow the methods HEAD, GET here.')}`,
      `501 Not Implemented text/html; charset=utf-8 |${page(501, 'Huh?', "I don't know how to treat a PUT request.")}`,
    ]);
  });

  it('merges form-encoded POST bodies into args and keeps the body in content; HEAD renders GET without a body', async () => {
    const { result } = await withSite((_reactor, client, base) =>
      (function* () {
        const form: HTTPResponse = yield* client.request({
          url: `${base}/form?q=1`,
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'q=2&name=a+b',
        });
        const head: HTTPResponse = yield* client.request({ url: `${base}/data`, method: 'HEAD' });
        const data: HTTPResponse = yield* client.get(`${base}/data`);
        return [summary(form), head.status, head.headers.get('content-length'), head.body.length, summary(data)];
      })(),
    );
    expect(result).toEqual([
      '201 Created text/plain |{"q":["1","2"],"name":["a b"]} q=2&name=a+b',
      200,
      '9',
      0,
      '200 OK text/plain |some data',
    ]);
  });

  it('NOT_DONE_YET answers later through write/finish, and notifyFinish fires', async () => {
    const { result, later } = await withSite((reactor, _client, base) =>
      (function* () {
        return text(yield* getPage(`${base}/later`, { reactor }));
      })(),
    );
    expect(result).toBe('part 1, part 2');
    expect(later.finished).toEqual(['finished']);
  });

  it('notifyFinish fails with ConnectionLost when the client goes away first; finish() then raises', async () => {
    const { result } = await withSite((_reactor, client, base, hold) =>
      (function* () {
        const stream: { close(): void } = yield* client.stream({ url: `${base}/hold` });
        stream.close();
        const outcome: string = yield* hold.outcome;
        return [outcome, writeAndFinishAfterLoss(hold.request!)];
      })(),
    );
    expect(result).toEqual(['lost: ConnectionLost', 'InvalidStateError']);
  });

  it('a request nobody watches learns of the lost client when it next writes: finish() raises, notifyFinish() fails', async () => {
    class Quiet extends Resource {
      override isLeaf = true;
      request: Request | null = null;
      render_GET(request: Request): typeof NOT_DONE_YET {
        this.request = request;
        request.write('part 1');
        return NOT_DONE_YET;
      }
    }
    const loop = new NodeEventLoop();
    const reactor = new Reactor(loop);
    const quiet = new Quiet();
    const site = new Site(quiet, { reactor });
    const lost = new Deferred<void>();
    const build = site.buildProtocol.bind(site);
    site.buildProtocol = (address) => {
      const channel = build(address);
      const connectionLost = channel.connectionLost.bind(channel);
      channel.connectionLost = (reason) => {
        connectionLost(reason);
        lost.callback(undefined);
      };
      return channel;
    };
    const client = new HTTPClient(loop);
    const result = await loop.runUntilComplete(
      inlineCallbacks(function* () {
        const port: ListeningPort = yield* reactor.listenTCP(0, site, { interface: '127.0.0.1' });
        try {
          const stream: { close(): void } = yield* client.stream({ url: `http://127.0.0.1:${(port.getHost() as IPv4Address).port}/` });
          stream.close();
          yield* lost;
          const request = quiet.request!;
          const finish = writeAndFinishAfterLoss(request);
          const late: string = yield* request.notifyFinish().addCallbacks(
            () => 'finished',
            (f: Failure) => `lost: ${(f.value as Error).constructor.name}`,
          );
          return [finish, late];
        } finally {
          client.close();
          yield* port.stopListening();
        }
      })(),
    );
    loop.close();
    expect(result).toEqual(['InvalidStateError', 'lost: ConnectionLost']);
  });

  it('a render that throws gets a 500 page and is reported; a render that returns no body too', async () => {
    const { result, errors } = await withSite((_reactor, client, base) =>
      (function* () {
        const broken: HTTPResponse = yield* client.get(`${base}/broken`);
        const notBytes: HTTPResponse = yield* client.get(`${base}/notbytes`);
        return [summary(broken), notBytes.status, notBytes.text().includes('Request did not return bytes')];
      })(),
    );
    expect(result).toEqual([
      '500 Internal Server Error text/html |<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>',
      500,
      true,
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RangeError);
  });

  it('rejects bad arguments and misuse with typed errors', () => {
    const root = new Resource();
    expect(() => root.putChild('x', {} as Resource)).toThrow(TypeError);
    expect(() => new Site({} as Resource)).toThrow(TypeError);
    expect(new NoResource().getChild()).toBeInstanceOf(NoResource);
  });
});

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}
