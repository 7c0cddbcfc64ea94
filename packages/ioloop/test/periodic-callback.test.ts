import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, currentTask, getRunningLoop } from '@async/loop';
import { IOLoop, PeriodicCallback, gen } from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

describe('PeriodicCallback', () => {
  it('runs every period from start() until stop()', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const times: number[] = [];
    const pc = new PeriodicCallback(() => {
      times.push(loop.time());
      if (times.length === 3) pc.stop();
    }, 0.5);
    expect(pc.isRunning()).toBe(false);
    await ioloop.runSync(function* () {
      pc.start();
      expect(pc.isRunning()).toBe(true);
      yield gen.sleep(10);
    });
    expect(times).toEqual([0.5, 1, 1.5]);
    expect(pc.isRunning()).toBe(false);
  });

  it('skips the iterations missed by a slow call (as Tornado: 1, then 4 after a 2.5 s call)', () => {
    const { ioloop, loop } = virtualIOLoop();
    const times: number[] = [];
    const pc = new PeriodicCallback(
      () => {
        times.push(loop.time());
        if (times.length === 1) loop.jump(2.5); // this call takes 2.5 s
      },
      1,
      0,
      { ioloop },
    );
    pc.start();
    loop.advance(5.5);
    pc.stop();
    expect(times).toEqual([1, 4, 5]);
  });

  it('waits for a returned coroutine before scheduling the next call', () => {
    const { ioloop, loop } = virtualIOLoop();
    const times: number[] = [];
    const pc = new PeriodicCallback(
      function* () {
        times.push(loop.time());
        yield gen.sleep(1.5);
      },
      1,
      0,
      { ioloop },
    );
    pc.start();
    loop.advance(6.5);
    pc.stop();
    // Each call starts at a multiple of the period, skipping the one the 1.5 s coroutine missed.
    expect(times).toEqual([1, 3, 5]);
  });

  it('applies jitter as Tornado does: period * (1 + jitter * (random - 0.5))', () => {
    const { ioloop, loop } = virtualIOLoop();
    const times: number[] = [];
    const randoms = [1, 0, 0.5];
    const pc = new PeriodicCallback(() => times.push(loop.time()), 1, 0.2, { ioloop, random: () => randoms.shift() ?? 0.5 });
    pc.start();
    loop.advance(3.05);
    pc.stop();
    expect(times.map((t) => Number(t.toFixed(6)))).toEqual([1.1, 2.0, 3.0]);
  });

  it('reports a failing call and keeps running', () => {
    const { ioloop, loop, reported } = virtualIOLoop();
    let calls = 0;
    const pc = new PeriodicCallback(() => {
      calls++;
      throw new Error(`fail ${calls}`);
    }, 1, 0, { ioloop });
    pc.start();
    loop.advance(2);
    pc.stop();
    expect(calls).toBe(2);
    expect(reported.map((r) => (r.exception as Error).message)).toEqual(['fail 1', 'fail 2']);
  });

  it('dispatches as the IOLoop: its calls and a returned coroutine run with the IOLoop as the running loop', () => {
    const { ioloop, loop } = virtualIOLoop();
    const seen: unknown[] = [];
    const pc = new PeriodicCallback(
      function* () {
        seen.push(getRunningLoop(), IOLoop.current());
        yield gen.sleep(0.1);
        seen.push(getRunningLoop(), currentTask(ioloop)?.getLoop());
      },
      1,
      0,
      { ioloop },
    );
    pc.start();
    loop.advance(1.5);
    pc.stop();
    expect(seen).toHaveLength(4);
    for (const s of seen) expect(s).toBe(ioloop);
  });

  it('takes the period as { seconds } too (Tornado 6.2 accepts a timedelta)', () => {
    const { ioloop, loop } = virtualIOLoop();
    const times: number[] = [];
    const pc = new PeriodicCallback(() => times.push(loop.time()), { seconds: 0.25 }, 0, { ioloop });
    expect(pc.callbackTime).toBe(0.25);
    pc.start();
    loop.advance(0.75);
    pc.stop();
    expect(times).toEqual([0.25, 0.5, 0.75]);
    expect(() => new PeriodicCallback(() => {}, { seconds: -1 })).toThrow(InvalidArgumentError);
  });

  it('rejects a non-positive period, a bad callback and a negative jitter', () => {
    expect(() => new PeriodicCallback(() => {}, 0)).toThrow(InvalidArgumentError);
    expect(() => new PeriodicCallback(() => {}, -1)).toThrow(/positive/);
    expect(() => new PeriodicCallback(null as never, 1)).toThrow(InvalidArgumentError);
    expect(() => new PeriodicCallback(() => {}, 1, -0.1)).toThrow(InvalidArgumentError);
  });
});
