// An echo server and client with asyncio streams, as in Python's asyncio documentation
// ("TCP echo client/server using streams"). The server listens on 127.0.0.1 on a free port,
// the client sends one message and prints the answer, then everything is closed.
// Run it with `npx tsx --tsconfig tsconfig.tests.json examples/asyncio-echo.ts`.
import { type Coroutine, type StreamReader, type StreamWriter, openConnection, run, startServer } from '@async/asyncio';

function* handleEcho(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  const data = yield* reader.read(100);
  const message = data.toString();
  console.log(`Received ${JSON.stringify(message)} from the client`);
  console.log(`Send back: ${JSON.stringify(message)}`);
  writer.write(data);
  yield* writer.drain();
  writer.close();
  yield* writer.waitClosed();
}

function* tcpEchoClient(port: number, message: string): Coroutine<void> {
  const [reader, writer] = yield* openConnection('127.0.0.1', port);
  console.log(`Send: ${JSON.stringify(message)}`);
  writer.write(message);
  yield* writer.drain();
  const data = yield* reader.read(100);
  console.log(`Received: ${JSON.stringify(data.toString())}`);
  console.log('Close the connection');
  writer.close();
  yield* writer.waitClosed();
}

function* main(): Coroutine<void> {
  const server = yield* startServer(handleEcho, '127.0.0.1', 0);
  const address = server.addresses()[0];
  if (address === undefined || typeof address === 'string') throw new Error('expected a TCP address');
  yield* tcpEchoClient(address.port, 'Hello World!');
  server.close();
  yield* server.waitClosed();
}

await run(main());
