import { describe, expect, it } from 'vitest';
import { CancelledError, followFuture } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';

describe('followFuture', () => {
  it('returns the future itself when it is bound to the loop already', () => {
    const loop = new VirtualEventLoop();
    const f = loop.createFuture<number>();
    expect(followFuture(f, loop)).toBe(f);
    loop.close();
  });

  it('mirrors the result, the exception and the cancellation of a future of another loop', () => {
    const loop = new VirtualEventLoop();
    const other = new VirtualEventLoop();
    const [ok, bad, gone] = [0, 1, 2].map(() => other.createFuture<number>());
    const followers = [ok!, bad!, gone!].map((f) => followFuture(f, loop));
    expect(followers.map((f) => f.getLoop())).toEqual([loop, loop, loop]);
    const error = new RangeError('no');
    ok!.setResult(1);
    bad!.setException(error);
    gone!.cancel();
    other.runUntilIdle();
    expect(followers.map((f) => f.done())).toEqual([true, true, true]);
    expect(followers[0]!.result()).toBe(1);
    expect(followers[1]!.exception()).toBe(error);
    expect(followers[2]!.cancelled()).toBe(true);
    loop.close();
    other.close();
  });

  it('a result that arrives after the follower was cancelled is disposed of', () => {
    const loop = new VirtualEventLoop();
    const other = new VirtualEventLoop();
    const source = other.createFuture<string>();
    const disposed: string[] = [];
    const follower = followFuture(source, loop, (orphan) => disposed.push(orphan));
    source.setResult('a transport'); // done, but the follower has not heard yet
    follower.cancel();
    other.runUntilIdle();
    expect(follower.cancelled()).toBe(true);
    expect(disposed).toEqual(['a transport']);
    loop.close();
    other.close();
  });

  it('cancelling the follower cancels the source at once', () => {
    const loop = new VirtualEventLoop();
    const other = new VirtualEventLoop();
    const source = other.createFuture<number>();
    const follower = followFuture(source, loop);
    follower.cancel('stop');
    expect(source.cancelled()).toBe(true);
    expect(() => follower.result()).toThrow(CancelledError);
    loop.close();
    other.close();
  });
});
