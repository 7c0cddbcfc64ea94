// Runs every TypeScript block of the README files and docs/, and every script in examples/,
// checking printed output where the Markdown gives it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { collectExamples, extractExamples } from '../src/doc-examples.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = join(root, 'tools', '.doc-examples');

/** Imports a module and returns what it printed with console.log. */
async function runModule(path: string): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    await import(/* @vite-ignore */ path);
  } finally {
    log.mockRestore();
  }
  return lines.join('\n');
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('examples in the docs', () => {
  const examples = collectExamples(root);
  mkdirSync(scratch, { recursive: true });

  it('finds examples to run', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const [i, example] of examples.entries()) {
    it(`${example.file}:${example.line} runs`, async () => {
      const path = join(scratch, `example-${i}.ts`);
      writeFileSync(path, example.code);
      const output = await runModule(path);
      if (example.expectedOutput !== undefined) expect(output).toBe(example.expectedOutput);
    });
  }
});

describe('examples/', () => {
  it('loop-demo runs sequential then concurrent fetches', async () => {
    const output = await runModule(join(root, 'examples', 'loop-demo.ts'));
    expect(output).toMatch(/^sequential 5 pages in [\d.]+ s\nconcurrent 5 pages in [\d.]+ s$/);
  });

  it('urllib-example fetches one page, then five one after another, printing each start', async () => {
    const output = await runModule(join(root, 'examples', 'urllib-example.ts'));
    expect(output).toMatch(/^<!DOCTYPE\n<!DOCTYPE <!DOCTYPE <!DOCTYPE <!DOCTYPE <!DOCTYPE\n5 pages one after another in [\d.]+ s$/);
  });

  it('gui-event-loop keeps dispatching while the modal dialog waits, then closes on OK', async () => {
    expect(await runModule(join(root, 'examples', 'gui-event-loop.ts'))).toBe(
      [
        '[Confirm Exit] Do you really want to close this application? (OK / Cancel)',
        'timer: the loop still dispatches events while the dialog waits',
        'user clicked OK',
        'window destroyed',
      ].join('\n'),
    );
  });

  it('greenlet-example prints 1 2 3, as the seed does, and never 4', async () => {
    expect(await runModule(join(root, 'examples', 'greenlet-example.ts'))).toBe('1\n2\n3');
  });

  it('twisted-counter-server tells each real TCP client how many connections are open', async () => {
    expect(await runModule(join(root, 'examples', 'twisted-counter-server.ts'))).toBe(
      'client 1: open connections: 1\nclient 2: open connections: 2\nafter both left: open connections 0',
    );
  });

  it('twisted-deferred-list prints each page start reversed, as the seed does for 5 pages', async () => {
    expect(await runModule(join(root, 'examples', 'twisted-deferred-list.ts'))).toBe(
      Array(5).fill(' EPYTCOD!<').join('\n'),
    );
  });

  it('gevent-example fetches 5 pages concurrently in about one delay, not five', async () => {
    const output = await runModule(join(root, 'examples', 'gevent-example.ts'));
    const match = /^<!DOCTYPE\n1 fetches in ([\d.]+) s\n(?:<!DOCTYPE\n){5}5 fetches in ([\d.]+) s$/.exec(output);
    expect(match, output).not.toBeNull();
    // Five at once must not take anything like five delays (each delay is 0.2 s).
    expect(Number(match![2])).toBeLessThan(3 * 0.2);
  });

  it('yield-from prints 1 2 3 and done_1, as the seed\'s yield_from.py does', async () => {
    expect(await runModule(join(root, 'examples', 'yield-from.ts'))).toBe('1\n2\n3\ndone_1');
  });

  it('tulip-curl fetches from its own local server and prints the first 10 characters', async () => {
    expect(await runModule(join(root, 'examples', 'tulip-curl.ts'))).toBe('Welcome to');
  });

  it('asyncio-echo sends a line through a streams echo server and back', async () => {
    expect(await runModule(join(root, 'examples', 'asyncio-echo.ts'))).toBe(
      [
        'Send: "Hello World!"',
        'Received "Hello World!" from the client',
        'Send back: "Hello World!"',
        'Received: "Hello World!"',
        'Close the connection',
      ].join('\n'),
    );
  });
  it('tornado-tcp-echo echoes two lines through a TCPServer and a TCPClient', async () => {
    expect(await runModule(join(root, 'examples', 'tornado-tcp-echo.ts'))).toBe(
      [
        'server got: hello',
        'client got: hello',
        'server got: tornado',
        'client got: tornado',
        'server: client closed the connection',
      ].join('\n'),
    );
  });

  it('tornado-httpclient fetches 5 pages through add_callback and prints each start, as the seed does', async () => {
    expect(await runModule(join(root, 'examples', 'tornado-httpclient.ts'))).toBe(Array(5).fill('<!DOCTYPE ').join('\n'));
  });

  it('tornado-proxy-handler proxies GETs to its local upstream through a RequestHandler and AsyncHTTPClient', async () => {
    expect(await runModule(join(root, 'examples', 'tornado-proxy-handler.ts'))).toBe(
      ['/docs/tutorial -> 200: upstream page /docs/tutorial', '/missing -> HTTP 404: Not Found'].join('\n'),
    );
  });

  it('mixed-app serves two FETCH requests through Twisted, asyncio, gevent and Tornado on one loop, then shuts down', async () => {
    const sigintListeners = process.listenerCount('SIGINT');
    expect(await runModule(join(root, 'examples', 'mixed-app.ts'))).toBe(
      [
        'FETCH 3 -> OK 3 pages: page 1, page 2, page 3',
        'FETCH 2 -> OK 2 pages: page 1, page 2',
        'app stopped',
        'loop closed',
      ].join('\n'),
    );
    // Imported, not run as a script: it installed no SIGINT handler.
    expect(process.listenerCount('SIGINT')).toBe(sigintListeners);
  });
});

describe('extractExamples', () => {
  it('takes ts blocks, skips no-run ones and attaches an output block', () => {
    const md = [
      '```ts',
      'console.log(1);',
      '```',
      '',
      '```text output',
      '1',
      '```',
      '```ts no-run',
      'nope();',
      '```',
    ].join('\n');
    const found = extractExamples(md, 'x.md');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 1, code: 'console.log(1);\n', expectedOutput: '1' });
  });
});
