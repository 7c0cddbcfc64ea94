// Cancelling a client request's future gives the request up; idle pooled sockets are unref'd.
import { describe, expect, it } from 'vitest';
import { NodeEventLoop, type ExceptionContext } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { HTTPClient, listenHTTP, type HTTPHandler } from '@async/http';

describe('HTTPClient cancellation and idle sockets', () => {
  it('cancelling a request (queued, connecting or waiting) aborts it without errors', () => {
    const loop = new VirtualEventLoop();
    const reported: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, context) => reported.push(context));
    const never: HTTPHandler = () => {};
    const listening = listenHTTP(loop, never, { host: '127.0.0.1', port: 8080 });
    loop.runUntilIdle();
    const server = listening.result();
    const client = new HTTPClient(loop, { maxClients: 1 });
    const waiting = client.request({ url: 'http://127.0.0.1:8080/' });
    const queued = client.stream({ url: 'http://127.0.0.1:8080/' });
    loop.advance(1);
    expect([server.connectionCount, client.activeRequests]).toEqual([1, 2]);
    queued.cancel();
    waiting.cancel();
    loop.advance(1);
    expect([waiting.cancelled(), queued.cancelled(), server.connectionCount, client.activeRequests]).toEqual([true, true, 0, 0]);
    loop.advance(60);
    expect(reported).toEqual([]);
    client.close();
    server.close();
    loop.close();
  });

  it('an idle kept-alive socket is unref’d, and ref’d again when reused', async () => {
    const loop = new NodeEventLoop();
    const server = await loop.runUntilComplete(listenHTTP(loop, (_q, r) => r.end('ok'), { host: '127.0.0.1', port: 0 }));
    const client = new HTTPClient(loop);
    const first = await loop.runUntilComplete(client.get(`http://127.0.0.1:${server.port}/`));
    const pool = (client as unknown as { _pool: { _idle: Map<string, { _transport: { getExtraInfo(n: string): Record<string, () => unknown> } }[]> } })._pool;
    const idle = [...pool._idle.values()].flat()[0]!;
    const socket = idle._transport.getExtraInfo('socket');
    const calls: string[] = [];
    for (const name of ['ref', 'unref']) {
      const original = socket[name]!.bind(socket);
      socket[name] = () => {
        calls.push(name);
        return original();
      };
    }
    const second = client.get(`http://127.0.0.1:${server.port}/`);
    calls.push('sent');
    await loop.runUntilComplete(second);
    expect([first.text(), calls]).toEqual(['ok', ['ref', 'sent', 'unref']]);
    client.close();
    server.close();
    await loop.runUntilComplete(server.waitClosed());
    loop.close();
  });
});
