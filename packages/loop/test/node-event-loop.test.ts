import { afterEach, describe, expect, it, vi } from 'vitest';
import { NodeEventLoop } from '@async/loop';

let loop: NodeEventLoop;
afterEach(() => {
  vi.restoreAllMocks();
  if (!loop.isRunning() && !loop.isClosed()) loop.close();
});

/** Node timers and immediates alive in the process right now. */
function nodeTimerCount(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'Immediate').length;
}

async function nodeTurns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Node's longest timer; a longer delay makes Node warn and fire after 1 ms instead. */
const MAX_NODE_TIMER_MS = 2 ** 31 - 1;

/**
 * Records the delay of every Node timer the loop arms for its wake-up, by spying on the global
 * `setTimeout` (which the loop looks up at each call), and passes the calls through. `onArm` is
 * told after each one.
 */
function spyOnWakeUps(target: NodeEventLoop, onArm: (armed: number[]) => void = () => {}): number[] {
  const armed: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const onTimer = (target as unknown as { _onTimer: unknown })._onTimer;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    if (fn === onTimer) {
      armed.push(ms ?? 0);
      onArm(armed);
    }
    return realSetTimeout(fn, ms);
  }) as typeof setTimeout);
  return armed;
}

describe('NodeEventLoop', () => {
  // Scheduling, timers and the Task driver are covered on this loop by the conformance suite
  // (packages/loop-testing); these tests are about what only a libuv-backed loop does.
  it('leaves no Node timer or immediate behind after it stops and closes', async () => {
    const before = nodeTimerCount();
    loop = new NodeEventLoop();
    let count = 0;
    // A chain long enough to outlast a microtask burst, so iterations also go through setImmediate.
    const step = (): void => {
      if (++count < 5_000) loop.callSoon(step);
      else loop.callLater(0.001, () => loop.stop());
    };
    loop.callLater(1e9, () => {});
    loop.callLater(0.001, step);
    const run = loop.runForever();
    await nodeTurns(1);
    // While it runs, the loop does hold Node resources: this is what makes the checks below mean something.
    expect(nodeTimerCount()).toBeGreaterThan(before);
    await run;
    expect(count).toBe(5_000);
    expect(nodeTimerCount()).toBeLessThanOrEqual(before);
    loop.close();
    expect(nodeTimerCount()).toBeLessThanOrEqual(before);
  });

  it('runs a chain of 100,000 self-rescheduling callbacks without growing the stack or starving Node', async () => {
    loop = new NodeEventLoop();
    const limit = 100_000;
    let count = 0;
    let immediateRanAt = -1;
    const depths: number[] = [];
    const stackDepth = (): number => {
      const saved = Error.stackTraceLimit;
      Error.stackTraceLimit = Infinity;
      const depth = new Error('depth').stack!.split('\n').length;
      Error.stackTraceLimit = saved;
      return depth;
    };
    const step = (): void => {
      count++;
      if (count === 2 || count === limit) depths.push(stackDepth());
      if (count < limit) loop.callSoon(step);
      else loop.stop();
    };
    loop.callSoon(() => setImmediate(() => (immediateRanAt = count)));
    loop.callSoon(step);
    await loop.runForever();
    expect(count).toBe(limit);
    expect(depths).toHaveLength(2);
    expect(depths[1]).toBeLessThanOrEqual(depths[0]! + 2);
    expect(immediateRanAt).toBeGreaterThan(0);
    expect(immediateRanAt).toBeLessThan(limit);
  });

  it('fires a real timer, re-arming when Node wakes it before the deadline', async () => {
    loop = new NodeEventLoop();
    const realNow = performance.now.bind(performance);
    let frozenAt: number | null = null;
    vi.spyOn(performance, 'now').mockImplementation(() => frozenAt ?? realNow());
    // Hold the loop's clock still, so that Node's timer fires "early" by the loop's reckoning;
    // let the clock go on once the loop has re-armed.
    const armed = spyOnWakeUps(loop, (wakeUps) => {
      if (wakeUps.length === 2) frozenAt = null;
    });
    frozenAt = realNow();
    let firedAt = -1;
    const handle = loop.callLater(0.01, () => {
      firedAt = loop.time();
      loop.stop();
    });
    await loop.runForever();
    expect(armed).toHaveLength(2);
    // 10 ms, give or take the rounding of (when - now) * 1000 up to whole milliseconds.
    expect(armed[0]).toBeGreaterThanOrEqual(10);
    expect(armed[0]).toBeLessThanOrEqual(11);
    expect(armed[1]).toBe(armed[0]);
    expect(firedAt).toBeGreaterThanOrEqual(handle.when() - 0.001);
  });

  it('clamps a timer beyond Node\'s 2^31-1 ms limit instead of letting Node fire it at once', async () => {
    loop = new NodeEventLoop();
    const warn = vi.spyOn(process, 'emitWarning');
    const armed = spyOnWakeUps(loop);
    const seen: string[] = [];
    const far = loop.callLater(3e6, () => seen.push('far'));
    const run = loop.runForever();
    await nodeTurns(2);
    expect(armed).toEqual([MAX_NODE_TIMER_MS]);
    // Unclamped, Node would fire after 1 ms and the loop would wake and re-arm: wait longer than that.
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(armed).toEqual([MAX_NODE_TIMER_MS]);
    expect(seen).toEqual([]);
    far.cancel();
    loop.stop();
    await run;
    expect(warn).not.toHaveBeenCalled();
  });
});
