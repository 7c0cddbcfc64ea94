// One process, one loop, four fronts: a Tornado web site, a Twisted line server whose requests
// are asyncio tasks fanning out to gevent greenlets that fetch pages from that site (the app is
// in ./mixed-app/), and an asyncio streams client that sends it two requests. Then the app shuts
// down cleanly and the loop is closed.
//
//   npx tsx --tsconfig tsconfig.tests.json examples/mixed-app.ts          # the demo, then exit
//   npx tsx --tsconfig tsconfig.tests.json examples/mixed-app.ts --serve  # serve until Ctrl-C
//
// Run as a script, Ctrl-C (SIGINT) stops the app the same clean way, in the middle of a request
// too (its client gets `CANCELLED <request>`). `--page-delay=<seconds>` slows the pages down
// (default 0.01), to try that by hand: `printf 'FETCH 5\r\n' | nc 127.0.0.1 <port>`, then Ctrl-C.
import { pathToFileURL } from 'node:url';
import { type Coroutine, NodeEventLoop } from '@async/loop';
import { openConnection } from '@async/asyncio';
import { type MixedApp, startMixedApp } from './mixed-app/app.js';

const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const serve = runAsScript && process.argv.includes('--serve');
const pageDelayArgument = runAsScript ? process.argv.find((arg) => arg.startsWith('--page-delay=')) : undefined;
const pageDelay = pageDelayArgument === undefined ? undefined : Number(pageDelayArgument.slice('--page-delay='.length));

/** The client, an asyncio coroutine: one connection, two requests, one after the other. */
function* askTwice(port: number): Coroutine<void> {
  const [reader, writer] = yield* openConnection('127.0.0.1', port);
  for (const request of ['FETCH 3', 'FETCH 2']) {
    writer.write(`${request}\r\n`);
    yield* writer.drain();
    const answer = (yield* reader.readline()).toString().trimEnd();
    console.log(`${request} -> ${answer || '(connection closed)'}`);
    if (answer === '' || answer.startsWith('CANCELLED')) break;
  }
  writer.close();
  yield* writer.waitClosed();
}

const loop = new NodeEventLoop();

async function main(): Promise<void> {
  const app: MixedApp = await startMixedApp(loop, {
    ...(pageDelay === undefined ? {} : { pageDelay }),
    ...(serve ? { onRequest: (request) => console.log(`request: ${request.line}`) } : {}),
  });
  const onSigint = (): void => void app.stop();
  if (runAsScript) process.once('SIGINT', onSigint);
  try {
    if (serve) {
      console.log(`pages on http://127.0.0.1:${app.webPort}/page/<n>, FETCH <n> on 127.0.0.1:${app.linePort}; Ctrl-C stops`);
      await app.stopped;
    } else {
      await loop.createTask(askTwice(app.linePort));
    }
  } finally {
    await app.stop();
    process.removeListener('SIGINT', onSigint);
  }
  console.log('app stopped');
}

await loop.runUntilComplete(main());
loop.close();
console.log('loop closed');
