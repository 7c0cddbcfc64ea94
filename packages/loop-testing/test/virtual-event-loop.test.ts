// The VirtualEventLoop's own API, beyond the EventLoop contract the conformance suite checks:
// advance(), jump(), runUntilIdle(), advanceToNextTimer(), nextDeadline(), the iteration guard,
// and auto-advance while the loop runs.
import { afterEach, describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  LoopClosedError,
  LoopStateError,
  type Coroutine,
  type EventLoop,
} from '@async/loop';
import { VirtualEventLoop, type VirtualEventLoopOptions } from '@async/loop-testing';

const loops: VirtualEventLoop[] = [];
function newLoop(options?: VirtualEventLoopOptions): VirtualEventLoop {
  const loop = new VirtualEventLoop(options);
  loops.push(loop);
  return loop;
}
afterEach(() => {
  for (const loop of loops.splice(0)) if (!loop.isRunning()) loop.close();
});

function* sleep(loop: EventLoop, seconds: number): Coroutine<void> {
  const wake = loop.createFuture<void>();
  loop.callLater(seconds, () => wake.setResult(undefined));
  yield* wake;
}

async function nodeTurns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('VirtualEventLoop construction', () => {
  it('starts its clock at 0, or at the given start', () => {
    expect(newLoop().time()).toBe(0);
    expect(newLoop({ start: 1000.5 }).time()).toBe(1000.5);
  });

  it('rejects a start time that is not a finite number', () => {
    for (const start of [Number.NaN, Infinity, '5']) {
      expect(() => new VirtualEventLoop({ start: start as number })).toThrow(InvalidArgumentError);
    }
    expect(() => new VirtualEventLoop({ start: Number.NaN })).toThrow(/start must be a finite number of seconds, got NaN/);
  });

  it('rejects a maxIterations that is not a positive integer', () => {
    for (const maxIterations of [0, -1, 1.5, Number.NaN, '10']) {
      expect(() => new VirtualEventLoop({ maxIterations: maxIterations as number })).toThrow(InvalidArgumentError);
    }
    expect(() => new VirtualEventLoop({ maxIterations: Number.NaN })).toThrow(/maxIterations must be a positive integer, got NaN/);
  });
});

describe('advance()', () => {
  it('runs each timer at its own deadline and stops the clock at the target', () => {
    const loop = newLoop();
    const seen: Array<[string, number]> = [];
    loop.callLater(4, () => seen.push(['4', loop.time()]));
    loop.callLater(1, () => seen.push(['1', loop.time()]));
    loop.callLater(2.5, () => seen.push(['2.5', loop.time()]));
    loop.advance(3);
    expect(seen).toEqual([
      ['1', 1],
      ['2.5', 2.5],
    ]);
    expect(loop.time()).toBe(3);
    loop.advance(1);
    expect(seen.at(-1)).toEqual(['4', 4]);
    expect(loop.time()).toBe(4);
  });

  it('runs a timer due exactly at the target, and equal deadlines first-in first-out', () => {
    const loop = newLoop();
    const seen: string[] = [];
    for (const tag of ['a', 'b', 'c']) loop.callLater(2, () => seen.push(tag));
    loop.callLater(2.000001, () => seen.push('just after'));
    loop.advance(2);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('runs timers set by timers inside the window, each at its own time', () => {
    const loop = newLoop();
    const times: number[] = [];
    const hop = (): void => {
      times.push(loop.time());
      loop.callLater(1, hop);
    };
    loop.callLater(1, hop);
    loop.advance(3.5);
    expect(times).toEqual([1, 2, 3]);
    expect(loop.nextDeadline()).toBe(4);
  });

  it('runs callbacks scheduled by a timer at that timer\'s time, before later timers', () => {
    const loop = newLoop();
    const seen: Array<[string, number]> = [];
    loop.callLater(1, () => {
      loop.callSoon(() => loop.callSoon(() => seen.push(['soon after 1', loop.time()])));
    });
    loop.callLater(1.5, () => seen.push(['1.5', loop.time()]));
    loop.advance(2);
    expect(seen).toEqual([
      ['soon after 1', 1],
      ['1.5', 1.5],
    ]);
  });

  it('with 0 runs what is ready and due now, and leaves the clock alone', () => {
    const loop = newLoop({ start: 10 });
    const seen: string[] = [];
    loop.callSoon(() => seen.push('soon'));
    loop.callAt(10, () => seen.push('due now'));
    loop.callAt(10.5, () => seen.push('later'));
    loop.advance(0);
    expect(seen).toEqual(['soon', 'due now']);
    expect(loop.time()).toBe(10);
  });

  it('does not run cancelled timers', () => {
    const loop = newLoop();
    const seen: string[] = [];
    const handle = loop.callLater(1, () => seen.push('cancelled'));
    loop.callLater(2, () => seen.push('kept'));
    handle.cancel();
    loop.advance(5);
    expect(seen).toEqual(['kept']);
  });

  it('rejects a negative, NaN, infinite or non-number duration', () => {
    const loop = newLoop();
    for (const seconds of [-1, Number.NaN, Infinity, '1']) {
      expect(() => loop.advance(seconds as number)).toThrow(InvalidArgumentError);
    }
    expect(() => loop.advance(-1)).toThrow(/advance\(seconds\) needs a finite non-negative number, got -1/);
    expect(loop.time()).toBe(0);
  });

  it('refuses to run from inside a callback of the same loop', () => {
    const loop = newLoop();
    const errors: unknown[] = [];
    loop.callSoon(() => {
      for (const call of [() => loop.advance(1), () => loop.runUntilIdle(), () => loop.advanceToNextTimer()]) {
        try {
          call();
        } catch (e) {
          errors.push(e);
        }
      }
    });
    loop.runUntilIdle();
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error).toBeInstanceOf(LoopStateError);
      expect((error as Error).message).toMatch(/called from a callback of the same loop/);
    }
    expect(loop.time()).toBe(0);
  });

  it('refuses to work on a closed loop', () => {
    const loop = newLoop();
    loop.close();
    expect(() => loop.advance(1)).toThrow(LoopClosedError);
    expect(() => loop.runUntilIdle()).toThrow(LoopClosedError);
    expect(() => loop.advanceToNextTimer()).toThrow(LoopClosedError);
    expect(() => loop.jump(1)).toThrow(LoopClosedError);
  });
});

describe('runUntilIdle()', () => {
  it('runs callback chains and timers already due, without moving the clock', () => {
    const loop = newLoop({ start: 5 });
    const seen: string[] = [];
    loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => seen.push('third level'))));
    loop.callAt(5, () => seen.push('due'));
    loop.callLater(0.001, () => seen.push('future'));
    loop.runUntilIdle();
    expect(seen).toEqual(['due', 'third level']);
    expect(loop.time()).toBe(5);
  });

  it('returns at once when nothing is ready', () => {
    const loop = newLoop();
    loop.callLater(1, () => {});
    expect(() => loop.runUntilIdle()).not.toThrow();
    expect(loop.time()).toBe(0);
  });
});

describe('advanceToNextTimer()', () => {
  it('returns false and keeps the clock when no timer is pending', () => {
    const loop = newLoop();
    expect(loop.advanceToNextTimer()).toBe(false);
    expect(loop.time()).toBe(0);
  });

  it('moves to the earliest deadline and runs every timer due then', () => {
    const loop = newLoop();
    const seen: Array<[string, number]> = [];
    loop.callLater(3, () => seen.push(['3', loop.time()]));
    loop.callLater(2, () => seen.push(['2a', loop.time()]));
    loop.callLater(2, () => seen.push(['2b', loop.time()]));
    expect(loop.advanceToNextTimer()).toBe(true);
    expect(seen).toEqual([
      ['2a', 2],
      ['2b', 2],
    ]);
    expect(loop.time()).toBe(2);
    expect(loop.advanceToNextTimer()).toBe(true);
    expect(loop.time()).toBe(3);
    expect(loop.advanceToNextTimer()).toBe(false);
  });

  it('skips cancelled timers', () => {
    const loop = newLoop();
    const seen: number[] = [];
    loop.callLater(1, () => seen.push(1)).cancel();
    loop.callLater(2, () => seen.push(2));
    expect(loop.advanceToNextTimer()).toBe(true);
    expect(seen).toEqual([2]);
    expect(loop.time()).toBe(2);
  });

  it('never moves the clock to a timer at Infinity', () => {
    const loop = newLoop();
    const seen: string[] = [];
    loop.callLater(Infinity, () => seen.push('never'));
    expect(loop.advanceToNextTimer()).toBe(false);
    expect(loop.time()).toBe(0);
    expect(seen).toEqual([]);
  });
});

describe('nextDeadline()', () => {
  it('is undefined without timers, then the earliest live deadline', () => {
    const loop = newLoop();
    expect(loop.nextDeadline()).toBeUndefined();
    const first = loop.callLater(1, () => {});
    loop.callLater(7, () => {});
    loop.callAt(3, () => {});
    expect(loop.nextDeadline()).toBe(1);
    first.cancel();
    expect(loop.nextDeadline()).toBe(3);
    loop.advance(3);
    expect(loop.nextDeadline()).toBe(7);
    loop.advance(10);
    expect(loop.nextDeadline()).toBeUndefined();
  });
});

describe('jump()', () => {
  it('moves the clock without running anything; due timers run at the next iteration', () => {
    const loop = newLoop();
    const seen: Array<[string, number]> = [];
    loop.callLater(1, () => seen.push(['1', loop.time()]));
    loop.jump(5);
    expect(loop.time()).toBe(5);
    expect(seen).toEqual([]);
    loop.runUntilIdle();
    expect(seen).toEqual([['1', 5]]);
  });

  it('may be called from inside a callback, to make that callback slow', () => {
    const loop = newLoop();
    const reports: string[] = [];
    loop.setExceptionHandler((_loop, context) => reports.push(context.message));
    loop.setDebug(true);
    loop.slowCallbackDuration = 0.5;
    loop.callSoon(function slow() {
      loop.jump(2);
    });
    loop.runUntilIdle();
    expect(loop.time()).toBe(2);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/slow.*took 2\.000 seconds/);
  });

  it('rejects a negative, NaN or infinite duration', () => {
    const loop = newLoop();
    for (const seconds of [-0.5, Number.NaN, Infinity]) expect(() => loop.jump(seconds)).toThrow(InvalidArgumentError);
    expect(() => loop.jump(-0.5)).toThrow(/jump\(seconds\) needs a finite non-negative number/);
    expect(loop.time()).toBe(0);
  });
});

describe('the iteration guard', () => {
  it('throws LoopStateError when a callback keeps rescheduling itself past maxIterations', () => {
    const loop = newLoop({ maxIterations: 50 });
    let runs = 0;
    let handle = loop.callSoon(function forever() {
      runs++;
      handle = loop.callSoon(forever);
    });
    expect(() => loop.runUntilIdle()).toThrow(LoopStateError);
    expect(runs).toBe(50);
    expect(() => loop.advance(1)).toThrow(/still busy after 50 iterations.*reschedules itself forever/);
    handle.cancel();
    loop.runUntilIdle();
    loop.callLater(1, () => runs++);
    loop.advance(2);
    expect(runs).toBe(101);
  });

  it('allows exactly maxIterations iterations', () => {
    const loop = newLoop({ maxIterations: 10 });
    let runs = 0;
    const step = (left: number): void => {
      runs++;
      if (left > 1) loop.callSoon(step, left - 1);
    };
    loop.callSoon(step, 10);
    loop.runUntilIdle();
    expect(runs).toBe(10);
    loop.callSoon(step, 11);
    expect(() => loop.runUntilIdle()).toThrow(LoopStateError);
  });
});

describe('auto-advance while running', () => {
  it('completes a coroutine sleeping 3600 virtual seconds, the clock ending at 3600', async () => {
    const loop = newLoop();
    function* main(): Coroutine<string> {
      yield* sleep(loop, 3600);
      return 'an hour later';
    }
    expect(await loop.runUntilComplete(main())).toBe('an hour later');
    expect(loop.time()).toBe(3600);
  });

  it('jumps from timer to timer, each callback seeing its own deadline', async () => {
    const loop = newLoop();
    const times: number[] = [];
    function* main(): Coroutine<void> {
      for (const delay of [1, 2, 3, 0.5]) {
        yield* sleep(loop, delay);
        times.push(loop.time());
      }
    }
    await loop.runUntilComplete(main());
    expect(times).toEqual([1, 3, 6, 6.5]);
  });

  it('never jumps to a timer at Infinity', async () => {
    const loop = newLoop();
    const seen: string[] = [];
    loop.callLater(Infinity, () => seen.push('never'));
    const run = loop.runForever();
    await nodeTurns(5);
    expect(seen).toEqual([]);
    expect(loop.time()).toBe(0);
    loop.stop();
    await run;
  });

  it('keeps separate clocks for separate loops', async () => {
    const a = newLoop();
    const b = newLoop();
    await Promise.all([a.runUntilComplete(sleep(a, 10)), b.runUntilComplete(sleep(b, 99))]);
    expect(a.time()).toBe(10);
    expect(b.time()).toBe(99);
  });

  it('with autoAdvance: false waits for advance() before a timer fires', async () => {
    const loop = newLoop({ autoAdvance: false });
    const seen: Array<[string, number]> = [];
    loop.callLater(10, () => {
      seen.push(['fired', loop.time()]);
      loop.stop();
    });
    const run = loop.runForever();
    await nodeTurns(5);
    expect(seen).toEqual([]);
    expect(loop.time()).toBe(0);
    expect(loop.isRunning()).toBe(true);
    loop.advance(10);
    await run;
    expect(seen).toEqual([['fired', 10]]);
  });

  it('with autoAdvance: false still runs callbacks that need no time', async () => {
    const loop = newLoop({ autoAdvance: false });
    const future = loop.createFuture<string>();
    function* main(): Coroutine<string> {
      yield* sleep(loop, 5);
      return 'slept';
    }
    loop.callSoon(() => future.setResult('ready'));
    expect(await loop.runUntilComplete(future)).toBe('ready');
    const task = loop.createTask(main());
    const outcome = loop.runUntilComplete(task);
    await nodeTurns(5);
    expect(task.done()).toBe(false);
    loop.advance(5);
    expect(await outcome).toBe('slept');
    expect(loop.time()).toBe(5);
  });
});
