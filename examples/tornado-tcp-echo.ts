// The seed's Tornado section needs an HTTP server and client, which come with the HTTP package;
// until then this is Tornado's own TCP echo: a TCPServer whose handleStream() reads lines from
// an IOStream and writes them back, and a TCPClient that talks to it, all in gen.coroutine style
// on one IOLoop. Run it with `npx tsx --tsconfig tsconfig.tests.json examples/tornado-tcp-echo.ts`.
import { NodeEventLoop } from '@async/loop';
import { IOLoop, type IOStream, StreamClosedError, TCPClient, TCPServer, gen } from '@async/ioloop';

class EchoServer extends TCPServer {
  /** Done once a client has gone: the example waits on it before stopping the server. */
  readonly clientGone = this.ioloop.createFuture<void>();

  override *handleStream(stream: IOStream) {
    try {
      for (;;) {
        const line = (yield stream.readUntil('\n')) as Uint8Array;
        console.log(`server got: ${Buffer.from(line).toString().trim()}`);
        yield stream.write(line);
      }
    } catch (error) {
      if (!(error instanceof StreamClosedError)) throw error;
      console.log('server: client closed the connection');
      this.clientGone.setResult(undefined);
    }
  }
}

const ioloop = new IOLoop({ loop: new NodeEventLoop() });

const main = gen.coroutine(function* () {
  const server = new EchoServer({ ioloop });
  yield server.listen(0, '127.0.0.1');
  const { port } = server.addresses()[0] as { port: number };
  const stream = (yield new TCPClient({ ioloop }).connect('127.0.0.1', port)) as IOStream;
  for (const word of ['hello', 'tornado']) {
    yield stream.write(`${word}\n`);
    const echo = (yield stream.readUntil('\n')) as Uint8Array;
    console.log(`client got: ${Buffer.from(echo).toString().trim()}`);
  }
  stream.close();
  yield server.clientGone;
  server.stop();
});

await ioloop.runSync(() => main());
ioloop.close();
