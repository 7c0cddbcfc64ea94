/**
 * The demo itself: start the page server (unless given a URL), put every front on one loop,
 * fetch N pages in each way for each N, and report the wall times.
 */
import { AddressInUseError, NodeEventLoop } from '@async/loop';
import type { DemoOptions } from './options.js';
import { type PageServer, startPageServer } from './page-server.js';
import { type Fronts, startFronts, stopFronts } from './fronts.js';
import { type DemoReport, type Measurement, STYLES, type Style, conclude } from './report.js';
import { type Progress, silentProgress } from './progress.js';
import type { FetchStyle } from './styles/fetch-style.js';
import { fetchSequentially } from './styles/sequential.js';
import { fetchWithTwisted } from './styles/twisted.js';
import { fetchWithGevent } from './styles/gevent.js';
import { fetchWithTornado } from './styles/tornado.js';
import { fetchWithAsyncio } from './styles/asyncio.js';

/** The demo could not run: the port is taken, the URL does not answer, a fetch failed. */
export class DemoError extends Error {
  override name = 'DemoError';
}

const FRONT_STYLES: Record<Exclude<Style, 'all four'>, FetchStyle> = {
  sequential: fetchSequentially,
  twisted: fetchWithTwisted,
  gevent: fetchWithGevent,
  tornado: fetchWithTornado,
  asyncio: fetchWithAsyncio,
};

/** The four fronts at once on the one loop, each fetching `count` pages. */
const fetchWithAllFour: FetchStyle = async (fronts, url, count, onPage) => {
  await Promise.all([fetchWithTwisted, fetchWithGevent, fetchWithTornado, fetchWithAsyncio].map((style) => style(fronts, url, count, onPage)));
};

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** One fetch before measuring anything, so a wrong `--url` fails with a clear message. */
async function probe(fronts: Fronts, url: string): Promise<void> {
  let status: number;
  try {
    status = (await fronts.client.request({ url, requestTimeout: 10 })).status;
  } catch (error) {
    throw new DemoError(`cannot fetch ${url}: ${messageOf(error)}; check the URL, or leave out --url to use the embedded server`);
  }
  if (status >= 400) throw new DemoError(`${url} answered HTTP ${status}: give a URL that answers 200`);
}

async function measure(style: Style, fronts: Fronts, url: string, count: number, progress: Progress): Promise<Measurement> {
  const fetch = style === 'all four' ? fetchWithAllFour : FRONT_STYLES[style];
  const total = style === 'all four' ? 4 * count : count;
  let pages = 0;
  progress.start(style, total);
  const start = performance.now();
  try {
    await fetch(fronts, url, count, () => {
      pages++;
      progress.page();
    });
  } catch (error) {
    throw new DemoError(`fetching ${count} page(s) with ${style} failed: ${messageOf(error)}`);
  }
  return { style, count, pages, seconds: (performance.now() - start) / 1000 };
}

async function startServer(loop: NodeEventLoop, options: DemoOptions): Promise<PageServer> {
  try {
    return await startPageServer(loop, options.port, options.delay);
  } catch (error) {
    const where = `127.0.0.1:${options.port}`;
    if (error instanceof AddressInUseError) {
      throw new DemoError(`cannot listen on ${where}: the port is in use; pass another --port, or --port 0 for any free port`);
    }
    throw new DemoError(`cannot start the page server on ${where}: ${messageOf(error)}`);
  }
}

/**
 * Runs the demo and returns what it measured. Everything it opens (the loop, the server, the
 * fronts' connections) is closed before it returns or throws.
 * @throws DemoError when the server cannot start, the URL cannot be fetched or a fetch fails.
 */
export async function runDemo(options: DemoOptions, progress: Progress = silentProgress): Promise<DemoReport> {
  const loop = new NodeEventLoop();
  const running = loop.runForever();
  let server: PageServer | undefined;
  let fronts: Fronts | undefined;
  try {
    if (options.url === undefined) server = await startServer(loop, options);
    const url = options.url ?? server!.url;
    fronts = startFronts(loop);
    await probe(fronts, url);
    const measurements: Measurement[] = [];
    for (const count of options.counts) {
      for (const style of STYLES) measurements.push(await measure(style, fronts, url, count, progress));
    }
    return {
      url,
      delay: server === undefined ? null : options.delay,
      counts: options.counts,
      measurements,
      conclusion: conclude(options.counts, measurements),
    };
  } finally {
    progress.done();
    if (fronts !== undefined) stopFronts(fronts);
    if (server !== undefined) await server.close();
    loop.stop();
    await running;
    loop.close();
  }
}
