import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, NodeEventLoop, type Coroutine } from '@async/loop';

let loop: NodeEventLoop;
afterEach(() => {
  if (!loop.isClosed()) loop.close();
});

describe('NodeEventLoop', () => {
  it('runs callSoon callbacks in FIFO order, batch by batch', async () => {
    loop = new NodeEventLoop();
    const seen: string[] = [];
    loop.callSoon(() => {
      seen.push('a');
      loop.callSoon(() => seen.push('c'));
    });
    loop.callSoon(() => seen.push('b'));
    loop.callSoon(() => loop.callSoon(() => loop.stop()));
    await loop.runForever();
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('runs timers by deadline', async () => {
    loop = new NodeEventLoop();
    const seen: number[] = [];
    loop.callLater(0.02, () => seen.push(2));
    loop.callLater(0.01, () => seen.push(1));
    loop.callLater(0.03, () => loop.stop());
    await loop.runForever();
    expect(seen).toEqual([1, 2]);
  });

  it('drives coroutines and cancels them at the yield point', async () => {
    loop = new NodeEventLoop();
    const cleanup: string[] = [];
    function* child(): Coroutine<number> {
      const f = loop.createFuture<number>();
      loop.callLater(0.001, () => f.setResult(41));
      return (yield* f) + 1;
    }
    function* hang(): Coroutine<void> {
      try {
        yield* loop.createFuture<void>();
      } finally {
        cleanup.push('finally');
      }
    }
    expect(await loop.runUntilComplete(child())).toBe(42);
    const t = loop.createTask(hang());
    loop.callLater(0.001, () => t.cancel('bye'));
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(cleanup).toEqual(['finally']);
  });
});
