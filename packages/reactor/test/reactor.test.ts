// The Reactor on a VirtualEventLoop (Twisted's task.Clock): delayed calls, run/stop with system
// event triggers, LoopingCall and deferLater. LoopingCall's skip counts were recorded from
// python3-twisted's task.Clock running the same schedule.
import { describe, expect, it } from 'vitest';
import { CancelledError, InvalidArgumentError, InvalidStateError, getEventLoop, getRunningLoop, setEventLoop, type Coroutine } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import {
  AlreadyCalled,
  AlreadyCancelled,
  Deferred,
  DelayedCall,
  LoopingCall,
  Reactor,
  ReactorAlreadyRunning,
  ReactorNotRunning,
  deferLater,
  reactor,
} from '@async/reactor';

function clock(): [VirtualEventLoop, Reactor] {
  const loop = new VirtualEventLoop();
  return [loop, new Reactor(loop)];
}

describe('callLater and DelayedCall', () => {
  it('runs on the virtual clock; reset, delay, getTime, active', () => {
    const [loop, r] = clock();
    const log: string[] = [];
    const a = r.callLater(2, (x: string) => log.push(`${x}@${r.seconds()}`), 'a');
    const b = r.callLater(1, () => log.push(`b@${r.seconds()}`));
    expect(a).toBeInstanceOf(DelayedCall);
    expect(a.getTime()).toBe(2);
    b.delay(2);
    expect(b.getTime()).toBe(3);
    loop.advance(1);
    a.reset(0.5);
    loop.advance(0.5);
    expect(log).toEqual(['a@1.5']);
    expect(a.active()).toBe(false);
    expect(a.called).toBe(true);
    loop.advance(10);
    expect(log).toEqual(['a@1.5', 'b@3']);
    loop.close();
  });

  it('cancel raises AlreadyCancelled / AlreadyCalled as in Twisted', () => {
    const [loop, r] = clock();
    const dc = r.callLater(1, () => undefined);
    dc.cancel();
    expect(dc.active()).toBe(false);
    expect(() => dc.cancel()).toThrow(AlreadyCancelled);
    expect(() => dc.reset(1)).toThrow(AlreadyCancelled);
    const ran = r.callLater(0, () => undefined);
    loop.advance(0);
    expect(() => ran.cancel()).toThrow(AlreadyCalled);
    expect(() => ran.delay(1)).toThrow(AlreadyCalled);
    expect(loop.nextDeadline()).toBeUndefined();
    loop.close();
  });

  it('rejects negative and NaN delays and non-functions', () => {
    const [loop, r] = clock();
    expect(() => r.callLater(-1, () => undefined)).toThrow(InvalidArgumentError);
    expect(() => r.callLater(Number.NaN, () => undefined)).toThrow(InvalidArgumentError);
    expect(() => r.callLater(1, 'f' as never)).toThrow(InvalidArgumentError);
    expect(() => new Reactor(3 as never)).toThrow(InvalidArgumentError);
    loop.close();
  });

  it('an error in a delayed call goes to the exception handler', () => {
    const [loop, r] = clock();
    const seen: unknown[] = [];
    r.setExceptionHandler((_l, c) => seen.push(c.exception));
    r.callLater(0, () => {
      throw new RangeError('dc');
    });
    loop.advance(0);
    expect(seen[0]).toBeInstanceOf(RangeError);
    loop.close();
  });
});

describe('run and stop', () => {
  it('dispatches nothing until run(); fires startup and shutdown triggers in phase order', async () => {
    const [loop, r] = clock();
    const log: string[] = [];
    r.callLater(0, () => log.push('delayed'));
    r.callWhenRunning(() => log.push(`running=${r.running}`));
    r.addSystemEventTrigger('before', 'startup', () => log.push('before startup'));
    r.addSystemEventTrigger('after', 'shutdown', () => log.push('after shutdown'));
    r.addSystemEventTrigger('during', 'shutdown', () => log.push('during shutdown'));
    r.addSystemEventTrigger('before', 'shutdown', () => {
      log.push('before shutdown');
      // A Deferred from a 'before shutdown' trigger holds the shutdown back until it fires.
      return deferLater(r, 5, () => log.push(`released@${r.seconds()}`));
    });
    await Promise.resolve();
    expect(log).toEqual([]);
    r.callLater(1, () => r.stop());
    await r.run();
    expect(log).toEqual([
      'before startup',
      'running=true',
      'delayed',
      'before shutdown',
      'released@6',
      'during shutdown',
      'after shutdown',
    ]);
    expect(r.running).toBe(false);
    expect(loop.isRunning()).toBe(false);
    r.callWhenRunning(() => log.push('now'));
    loop.close();
  });

  it('stop() when not running is ReactorNotRunning; run() twice is ReactorAlreadyRunning', async () => {
    const [loop, r] = clock();
    expect(() => r.stop()).toThrow(ReactorNotRunning);
    const running = r.run();
    await expect(r.run()).rejects.toBeInstanceOf(ReactorAlreadyRunning);
    r.stop();
    expect(() => r.stop()).toThrow(ReactorNotRunning);
    await running;
    loop.close();
  });

  it('a reactor on an already running loop starts and stops without stopping the loop', async () => {
    const loop = new VirtualEventLoop();
    const r = new Reactor(loop);
    const result = await loop.runUntilComplete(
      (function* () {
        const done = r.run();
        r.callLater(1, () => r.stop());
        yield done;
        return loop.isRunning();
      })(),
    );
    expect(result).toBe(true);
    loop.close();
  });

  it('the default reactor follows the current event loop', () => {
    const loop = new VirtualEventLoop();
    setEventLoop(loop);
    try {
      expect(reactor.loop).toBe(loop);
      expect(getEventLoop()).toBe(loop);
      const seen: number[] = [];
      reactor.callLater(3, () => seen.push(reactor.seconds()));
      loop.advance(3);
      expect(seen).toEqual([3]);
    } finally {
      setEventLoop(null);
      loop.close();
    }
  });

  it('removeSystemEventTrigger removes a pending trigger and rejects unknown ids', async () => {
    const [loop, r] = clock();
    const log: string[] = [];
    const id = r.addSystemEventTrigger('during', 'startup', () => log.push('removed'));
    r.removeSystemEventTrigger(id);
    expect(() => r.removeSystemEventTrigger(id)).toThrow(InvalidArgumentError);
    expect(() => r.addSystemEventTrigger('sometime' as never, 'startup', () => 1)).toThrow(InvalidArgumentError);
    r.callWhenRunning(() => r.stop());
    await r.run();
    expect(log).toEqual([]);
    loop.close();
  });
});

describe('LoopingCall', () => {
  it('withCount reports skipped intervals (twisted: [1, 1, 3, 1, 1])', () => {
    const [loop, r] = clock();
    const counts: number[] = [];
    const lc = LoopingCall.withCount((n) => counts.push(n));
    lc.clock = r;
    lc.start(1.0, true);
    // task.Clock.advance(s) moves the clock by s and then runs what is due; on a VirtualEventLoop
    // that is jump(s) + runUntilIdle() (advance(s) would run each timer at its own deadline).
    for (const step of [1.0, 3.5, 0.5, 1.0]) {
      loop.jump(step);
      loop.runUntilIdle();
    }
    lc.stop();
    expect(counts).toEqual([1, 1, 3, 1, 1]);
    loop.close();
  });

  it('start() Deferred fires with the LoopingCall on stop, or fails with the error', () => {
    const [loop, r] = clock();
    let calls = 0;
    const lc = new LoopingCall(() => {
      calls++;
    });
    lc.clock = r;
    const d = lc.start(2, false);
    loop.advance(5);
    expect(calls).toBe(2);
    lc.stop();
    expect(d.result).toBe(lc);
    expect(() => lc.stop()).toThrow(InvalidStateError);
    const failing = new LoopingCall(() => {
      throw new RangeError('lc');
    });
    failing.clock = r;
    let error: unknown;
    failing.start(1).addErrback((f) => {
      error = f.value;
    });
    expect(error).toBeInstanceOf(RangeError);
    expect(failing.running).toBe(false);
    expect(() => failing.start(-1)).toThrow(InvalidArgumentError);
    loop.close();
  });

  it('waits for a Deferred returned by the function before scheduling the next call', () => {
    const [loop, r] = clock();
    const times: number[] = [];
    let pending: Deferred<void> | null = null;
    const lc = new LoopingCall(() => {
      times.push(r.seconds());
      pending = new Deferred<void>();
      return pending;
    });
    lc.clock = r;
    lc.start(1);
    loop.advance(3);
    expect(times).toEqual([0]);
    pending!.callback(undefined);
    loop.advance(1);
    expect(times).toEqual([0, 4]);
    lc.stop();
    loop.close();
  });
});

describe('deferLater', () => {
  it('fires after the delay with the callable\'s result; cancel cancels the timer', () => {
    const [loop, r] = clock();
    const d = deferLater(r, 2, (a: number) => a * 2, 21);
    loop.advance(2);
    expect(d.result).toBe(42);
    const c = deferLater(r, 2);
    c.cancel();
    expect(loop.nextDeadline()).toBeUndefined();
    c.addErrback((f) => f.trap(CancelledError));
    expect(() => deferLater(r, -1)).toThrow(InvalidArgumentError);
    loop.close();
  });
});

describe('the EventLoop face', () => {
  it('binds futures and tasks to the reactor, which is the running loop inside them', async () => {
    const [loop, r] = clock();
    const seen: unknown[] = [];
    const future = r.createFuture<number>();
    function* main(): Coroutine<number> {
      seen.push(getRunningLoop());
      r.callLater(1, () => {
        seen.push(getRunningLoop());
        future.setResult(7);
      });
      return yield* future;
    }
    const task = r.createTask(main());
    expect(future.getLoop()).toBe(r);
    expect(task.getLoop()).toBe(r);
    expect(await r.runUntilComplete(task)).toBe(7);
    expect(seen).toEqual([r, r]);
    expect(loop.time()).toBe(1);
    loop.close();
  });

  it('runForever() fires no system events, and stop() then stops the loop as PEP 3156 does', async () => {
    const [loop, r] = clock();
    const log: string[] = [];
    r.addSystemEventTrigger('during', 'startup', () => log.push('startup'));
    r.callSoon(() => {
      log.push(`running=${r.running}`);
      r.stop();
    });
    await r.runForever();
    expect(log).toEqual(['running=false']);
    expect(loop.isRunning()).toBe(false);
    expect(() => r.stop()).toThrow(ReactorNotRunning);
    loop.close();
  });

  it('with pep3156: true, stop() when not running is harmless and cancelling a ran call is a no-op', async () => {
    const loop = new VirtualEventLoop();
    const r = new Reactor(loop, { pep3156: true });
    const seen: number[] = [];
    r.callSoon(() => {
      seen.push(1);
      r.callSoon(() => seen.push(2));
    });
    r.stop();
    await r.runForever();
    expect(seen).toEqual([1]);
    const call = r.callLater(0, () => seen.push(3));
    loop.advance(0);
    expect(() => call.cancel()).not.toThrow();
    expect(call.cancelled()).toBe(true);
    expect(seen).toEqual([1, 2, 3]);
    loop.close();
  });

  it('rejects options that are not an object', () => {
    expect(() => new Reactor(new VirtualEventLoop(), null as never)).toThrow(InvalidArgumentError);
  });
});
