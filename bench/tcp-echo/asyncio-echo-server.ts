/**
 * Our echo server written with asyncio streams, as a user would write it: `startServer()` with a
 * generator function that reads up to 64 KiB, writes it back and `drain()`s, one task per
 * connection, all run with asyncio's `run()` on a `NodeEventLoop`.
 */
import {
  type Coroutine,
  type StreamReader,
  type StreamWriter,
  getRunningLoop,
  run,
  startServer,
} from '../async-asyncio.js';
import { reportStartFailure, serveControl } from './echo-server-control.js';

let open = 0;

function* echo(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  open++;
  try {
    for (;;) {
      const data = yield* reader.read(65536);
      if (data.length === 0) break;
      writer.write(data);
      yield* writer.drain();
    }
  } catch {
    // The clients reset their connections at the end of a run.
  } finally {
    open--;
    writer.close();
  }
}

function* main(): Coroutine<void> {
  // As in the protocol server: resets at the end of a run are expected, other errors are not.
  getRunningLoop().setExceptionHandler((l, context) => {
    const code = (context.exception as { code?: unknown } | undefined)?.code;
    if (code !== 'ECONNRESET' && code !== 'EPIPE') l.defaultExceptionHandler(context);
  });
  const server = yield* startServer(echo, '127.0.0.1', 0, { backlog: 4096 });
  const address = server.addresses()[0];
  if (address === undefined || typeof address === 'string') throw new Error('not listening on TCP');
  serveControl(address.port, () => open);
  yield* server.serveForever();
}

run(main()).catch(reportStartFailure);
