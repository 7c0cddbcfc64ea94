// `LoopLocal`: one value per loop, in a slot of the engine's loops and in a weak map for any
// other `EventLoop`.
import { describe, expect, it } from 'vitest';
import { type EventLoop, LoopLocal, NodeEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';

describe('LoopLocal', () => {
  it('keeps one value per loop, undefined until set', () => {
    const local = new LoopLocal<string>();
    const a = new NodeEventLoop();
    const b = new VirtualEventLoop();
    expect(local.get(a)).toBeUndefined();
    local.set(a, 'a');
    local.set(b, 'b');
    expect(local.get(a)).toBe('a');
    expect(local.get(b)).toBe('b');
    local.set(a, 'a again');
    expect(local.get(a)).toBe('a again');
    a.close();
    b.close();
  });

  it('gives every LoopLocal its own slot, whatever order they are set in', () => {
    const first = new LoopLocal<number>();
    const second = new LoopLocal<number>();
    const third = new LoopLocal<number>();
    const loop = new VirtualEventLoop();
    third.set(loop, 3);
    expect(first.get(loop)).toBeUndefined();
    expect(second.get(loop)).toBeUndefined();
    first.set(loop, 1);
    expect([first.get(loop), second.get(loop), third.get(loop)]).toEqual([1, undefined, 3]);
    loop.close();
  });

  it('keeps the values of other EventLoop implementations aside, per object', () => {
    const local = new LoopLocal<string>();
    const foreign = { callSoon: () => undefined } as unknown as EventLoop;
    const another = { callSoon: () => undefined } as unknown as EventLoop;
    expect(local.get(foreign)).toBeUndefined();
    local.set(foreign, 'foreign');
    expect(local.get(foreign)).toBe('foreign');
    expect(local.get(another)).toBeUndefined();
    expect(Object.keys(foreign)).toEqual(['callSoon']);
  });
});
