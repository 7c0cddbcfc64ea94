import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DemoError, runDemo } from '../src/demo.js';
import type { DemoOptions } from '../src/options.js';
import { STYLES } from '../src/report.js';

const options = (extra: Partial<DemoOptions>): DemoOptions => ({
  url: undefined,
  counts: [1, 3],
  delay: 0.01,
  port: 0,
  json: false,
  help: false,
  ...extra,
});

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server | ReturnType<typeof createHttpServer>): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('runDemo', () => {
  it('fetches every page count in every way, all four fronts on one loop', async () => {
    const report = await runDemo(options({}));
    expect(report.delay).toBe(0.01);
    expect(report.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(report.measurements.map((m) => [m.style, m.count, m.pages])).toEqual(
      [1, 3].flatMap((count) => STYLES.map((style) => [style, count, style === 'all four' ? 4 * count : count])),
    );
    expect(report.conclusion).toMatch(/^3 pages one after another took .*all four fronts at once on one loop fetched 12 pages/);
  });

  it('fetches from another server given with --url', async () => {
    let requests = 0;
    const server = createHttpServer((_request, response) => {
      requests++;
      response.end('<!DOCTYPE html><p>elsewhere</p>');
    });
    const port = await listen(server);
    try {
      const report = await runDemo(options({ url: `http://127.0.0.1:${port}/`, counts: [2] }));
      expect(report.delay).toBeNull();
      // One probe, then 2 pages for each of five styles and 4 x 2 for all four at once.
      expect(requests).toBe(1 + 5 * 2 + 8);
    } finally {
      await close(server);
    }
  });

  it('fails with a clear DemoError when the port is taken', async () => {
    const blocker = createServer();
    const port = await listen(blocker);
    try {
      await expect(runDemo(options({ port }))).rejects.toThrow(
        new DemoError(`cannot listen on 127.0.0.1:${port}: the port is in use; pass another --port, or --port 0 for any free port`),
      );
    } finally {
      await close(blocker);
    }
  });

  it('fails with a clear DemoError when the URL cannot be reached', async () => {
    const probe = createServer();
    const port = await listen(probe);
    await close(probe); // nothing listens there any more
    await expect(runDemo(options({ url: `http://127.0.0.1:${port}/` }))).rejects.toThrow(
      /^cannot fetch http:\/\/127\.0\.0\.1:\d+\/: ConnectionRefusedError: .*leave out --url/,
    );
  });

  it('fails with a clear DemoError when the URL answers an error status', async () => {
    const server = createHttpServer((_request, response) => {
      response.statusCode = 404;
      response.end('no such page');
    });
    const port = await listen(server);
    try {
      await expect(runDemo(options({ url: `http://127.0.0.1:${port}/missing` }))).rejects.toThrow(
        `http://127.0.0.1:${port}/missing answered HTTP 404: give a URL that answers 200`,
      );
    } finally {
      await close(server);
    }
  });
});
