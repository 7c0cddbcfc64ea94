import { describe, expect, it } from 'vitest';
import {
  Future,
  InvalidArgumentError,
  InvalidStateError,
  LoopStateError,
  TimeoutError,
  allTasks,
  currentTask,
  getEventLoop,
  getRunningLoop,
  setEventLoop,
} from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { BadYieldError, IOLoop, gen } from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

describe('IOLoop.current / makeCurrent / clearCurrent', () => {
  it('current() is the IOLoop of the current loop, made once', () => {
    const loop = new VirtualEventLoop();
    setEventLoop(loop);
    expect(IOLoop.current({ instance: false })).toBeNull();
    const io = IOLoop.current();
    expect(io.asyncioLoop).toBe(loop);
    expect(IOLoop.current()).toBe(io);
    expect(() => new IOLoop({ loop })).toThrow(InvalidStateError);
    io.close();
    expect(IOLoop.current({ instance: false })).toBeNull();
    setEventLoop(null);
  });

  it('makeCurrent and clearCurrent switch the current IOLoop', () => {
    const { ioloop } = virtualIOLoop();
    const other = new IOLoop({ loop: new VirtualEventLoop() });
    expect(IOLoop.current()).toBe(ioloop);
    other.makeCurrent();
    expect(IOLoop.current()).toBe(other);
    IOLoop.clearCurrent();
    expect(getEventLoop()).not.toBe(other.asyncioLoop);
    other.close();
  });

  it('inside a running loop, current() is that loop\'s IOLoop, even with another current', async () => {
    const { ioloop } = virtualIOLoop();
    const inner = new IOLoop({ loop: new VirtualEventLoop() });
    const seen: IOLoop[] = [];
    await inner.runSync(() => {
      seen.push(IOLoop.current());
    });
    seen.push(IOLoop.current());
    expect(seen).toEqual([inner, ioloop]);
    inner.close();
  });

  it('rejects a loop that is not an EventLoop', () => {
    expect(() => new IOLoop({ loop: {} as never })).toThrow(InvalidArgumentError);
  });
});

describe('IOLoop loop identity', () => {
  it('futures and tasks belong to the IOLoop, which is the running loop in its callbacks', async () => {
    const { loop, ioloop } = virtualIOLoop();
    const seen: unknown[] = [];
    ioloop.callSoon(() => seen.push(getRunningLoop(), IOLoop.current()));
    loop.callSoon(() => seen.push(getRunningLoop(), IOLoop.current()));
    const task = ioloop.createTask(
      (function* () {
        seen.push(currentTask(ioloop));
        return 1;
      })(),
    );
    expect(await ioloop.runUntilComplete(task)).toBe(1);
    expect(ioloop.createFuture().getLoop()).toBe(ioloop);
    expect(task.getLoop()).toBe(ioloop);
    expect(seen).toEqual([ioloop, ioloop, loop, ioloop, task]);
    expect(() => new IOLoop({ loop: ioloop })).toThrow(InvalidStateError);
  });

  it('keeps its own current task and task list, apart from the loop underneath\'s', async () => {
    const { loop, ioloop } = virtualIOLoop();
    const seen: unknown[] = [];
    const gate = ioloop.createFuture<void>();
    const waiting = ioloop.createTask(
      (function* () {
        yield gate;
      })(),
    );
    const task = ioloop.createTask(
      (function* () {
        seen.push(currentTask(ioloop), currentTask(loop));
        yield gen.sleep(1);
        seen.push(currentTask(ioloop), allTasks(ioloop), allTasks(loop).size);
        gate.setResult(undefined);
      })(),
    );
    await ioloop.runUntilComplete(task);
    expect(seen).toEqual([task, null, task, new Set([task, waiting]), 0]);
    expect(currentTask(ioloop)).toBeNull();
    await ioloop.runUntilComplete(waiting);
    expect(allTasks(ioloop).size).toBe(0);
  });

  it('runs its futures\' done callbacks and its tasks\' steps with the IOLoop as the running loop', async () => {
    const { ioloop } = virtualIOLoop();
    const seen: unknown[] = [];
    const future = ioloop.createFuture<number>();
    future.addDoneCallback(() => seen.push(getRunningLoop()));
    const task = ioloop.createTask(
      (function* () {
        yield future;
        seen.push(getRunningLoop());
        yield;
        seen.push(getRunningLoop());
      })(),
    );
    ioloop.callSoon(() => future.setResult(1));
    await ioloop.runUntilComplete(task);
    expect(seen).toEqual([ioloop, ioloop, ioloop]);
  });

  it('a coroutine on the loop underneath waits on futures of the IOLoop, and passes cancellation on', async () => {
    const { loop, ioloop } = virtualIOLoop();
    const ready = ioloop.createFuture<string>();
    const never = ioloop.createFuture<string>();
    // Started outside any running loop, so its task is bound to the loop underneath.
    const waiter = gen.coroutine(function* () {
      const value = (yield ready) as string;
      return `${value}!`;
    })();
    const stuck = gen.coroutine(function* () {
      return (yield never) as string;
    })();
    expect(waiter.getLoop()).toBe(loop);
    ioloop.callLater(1, () => {
      ready.setResult('ok');
      stuck.cancel();
    });
    expect(await ioloop.runUntilComplete(waiter)).toBe('ok!');
    await loop.runUntilComplete(gen.sleep(0));
    expect(stuck.cancelled()).toBe(true);
    expect(never.cancelled()).toBe(true);
  });
});

describe('IOLoop callbacks and timeouts', () => {
  it('runs callbacks in order, timeouts by deadline, and removeTimeout cancels', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const log: string[] = [];
    ioloop.addCallback((x: string) => log.push(`cb ${x} @${loop.time()}`), 'a');
    ioloop.spawnCallback(() => log.push(`spawn @${loop.time()}`));
    ioloop.callLater(2, () => log.push(`later2 @${loop.time()}`));
    ioloop.addTimeout(ioloop.time() + 1, () => log.push(`at1 @${loop.time()}`));
    ioloop.addTimeout({ seconds: 3 }, () => {
      log.push(`delta3 @${loop.time()}`);
      ioloop.stop();
    });
    const dropped = ioloop.callAt(1.5, () => log.push('never'));
    ioloop.removeTimeout(dropped);
    ioloop.addCallbackFromSignal(() => log.push('signal'));
    await ioloop.start();
    expect(log).toEqual(['cb a @0', 'spawn @0', 'signal', 'at1 @1', 'later2 @2', 'delta3 @3']);
  });

  it('drives a coroutine a callback returns and reports its failure', async () => {
    const { ioloop, reported } = virtualIOLoop();
    const log: string[] = [];
    ioloop.spawnCallback(function* () {
      yield gen.sleep(1);
      log.push('slept');
      throw new Error('boom');
    });
    await ioloop.runSync(() => gen.sleep(2));
    expect(log).toEqual(['slept']);
    expect(reported.map((r) => (r.exception as Error).message)).toEqual(['boom']);
  });

  it('addFuture calls back with the future once done', async () => {
    const { ioloop } = virtualIOLoop();
    const f = ioloop.createFuture<number>();
    const seen: number[] = [];
    ioloop.addFuture(f, (done) => {
      seen.push(done.result());
      ioloop.stop();
    });
    ioloop.callLater(1, () => f.setResult(42));
    await ioloop.start();
    expect(seen).toEqual([42]);
  });

  it('bad arguments are typed errors and schedule nothing', () => {
    const { ioloop } = virtualIOLoop();
    expect(() => ioloop.addCallback(42 as never)).toThrow(InvalidArgumentError);
    expect(() => ioloop.callLater(-1, () => {})).toThrow(/non-negative/);
    expect(() => ioloop.callLater(1, 'x' as never)).toThrow(InvalidArgumentError);
    expect(() => ioloop.addTimeout('soon' as never, () => {})).toThrow(InvalidArgumentError);
    expect(() => ioloop.removeTimeout(null as never)).toThrow(InvalidArgumentError);
    expect(() => ioloop.addFuture(3 as never, () => {})).toThrow(InvalidArgumentError);
    expect(() => ioloop.runSync(null as never)).toThrow(InvalidArgumentError);
  });

  it('addCallback on a closed IOLoop is dropped, as in Tornado', () => {
    const { ioloop } = virtualIOLoop();
    ioloop.close();
    expect(() => ioloop.addCallback(() => {})).not.toThrow();
    expect(ioloop.isClosed()).toBe(true);
  });

  it('start() twice rejects with LoopStateError', async () => {
    const { ioloop } = virtualIOLoop();
    const first = ioloop.start();
    await expect(ioloop.start()).rejects.toThrow(LoopStateError);
    ioloop.stop();
    await first;
  });
});

describe('IOLoop.close', () => {
  it('refuses to close a running loop, and closes (with allFds) once stopped', async () => {
    const { ioloop } = virtualIOLoop();
    const closed: string[] = [];
    ioloop._addFd({ close: () => closed.push('fd') });
    const running = ioloop.start();
    expect(() => ioloop.close({ allFds: true })).toThrow(LoopStateError);
    expect(closed).toEqual([]);
    ioloop.stop();
    await running;
    ioloop.close({ allFds: true });
    expect(closed).toEqual(['fd']);
    expect(ioloop.isClosed()).toBe(true);
    // It was the current loop: a closed loop is not left current.
    expect(getEventLoop()).not.toBe(ioloop.asyncioLoop);
    expect(IOLoop.current({ instance: false })).toBeNull();
  });
});

describe('IOLoop.runSync', () => {
  it('returns the result of a coroutine, a future, a promise, or nothing', async () => {
    const { ioloop } = virtualIOLoop();
    expect(
      await ioloop.runSync(function* () {
        yield gen.sleep(5);
        return 'coro';
      }),
    ).toBe('coro');
    expect(await ioloop.runSync(() => gen.sleep(1).then(() => 'promise'))).toBe('promise');
    const f = new Future<number>(ioloop.asyncioLoop);
    f.setResult(7);
    expect(await ioloop.runSync(() => f)).toBe(7);
    expect(await ioloop.runSync(() => {})).toBeUndefined();
  });

  it('rejects with the error of fn and with BadYieldError for a non-awaitable', async () => {
    const { ioloop } = virtualIOLoop();
    await expect(
      ioloop.runSync(() => {
        throw new RangeError('bad');
      }),
    ).rejects.toThrow(RangeError);
    await expect(ioloop.runSync(() => 5)).rejects.toThrow(BadYieldError);
    // The loop is usable again afterwards.
    expect(await ioloop.runSync(() => gen.sleep(0).then(() => 1))).toBe(1);
  });

  it('a loop stopped before the future completes raises TimeoutError, as Tornado', async () => {
    const { ioloop } = virtualIOLoop();
    await expect(
      ioloop.runSync(function* () {
        ioloop.stop();
        yield gen.sleep(1);
      }),
    ).rejects.toThrow(TimeoutError);
  });

  it('times out: the coroutine is cancelled and TimeoutError raised', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const log: string[] = [];
    await expect(
      ioloop.runSync(
        function* () {
          try {
            yield gen.sleep(10);
          } finally {
            log.push(`cleanup @${loop.time()}`);
          }
        },
        { timeout: 2 },
      ),
    ).rejects.toThrow(new TimeoutError('Operation timed out after 2 seconds'));
    expect(log).toEqual(['cleanup @2']);
  });
});
