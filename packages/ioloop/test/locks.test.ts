import { describe, expect, it } from 'vitest';
import { CancelledError, InvalidArgumentError, InvalidStateError, TimeoutError } from '@async/loop';
import { BoundedSemaphore, Condition, Event, Lock, Semaphore, gen, locks } from '@async/ioloop';
import { virtualIOLoop } from './fixture.js';

describe('Condition', () => {
  it('resumes a waiter on a later iteration than notify() (the Tornado docs example)', async () => {
    const { ioloop } = virtualIOLoop();
    const log: string[] = [];
    const condition = new Condition();
    const waiter = gen.coroutine(function* () {
      log.push("I'll wait right here");
      yield condition.wait();
      log.push("I'm done waiting");
    });
    const notifier = gen.coroutine(function* () {
      log.push('About to notify');
      condition.notify();
      log.push('Done notifying');
    });
    await ioloop.runSync(() => gen.multi([waiter(), notifier()]));
    expect(log).toEqual(["I'll wait right here", 'About to notify', 'Done notifying', "I'm done waiting"]);
  });

  it('notify(n) wakes the n longest waiters, notifyAll the rest; wait resolves true', async () => {
    const { ioloop } = virtualIOLoop();
    const condition = new locks.Condition();
    const woken: number[] = [];
    await ioloop.runSync(function* () {
      const waits = [0, 1, 2, 3].map((i) => {
        const f = condition.wait();
        f.addDoneCallback(() => woken.push(i));
        return f;
      });
      expect(condition.waiters).toBe(4);
      condition.notify(2);
      yield gen.moment;
      expect(woken).toEqual([0, 1]);
      condition.notifyAll();
      expect((yield gen.multi(waits)) as boolean[]).toEqual([true, true, true, true]);
    });
    expect(woken).toEqual([0, 1, 2, 3]);
    expect(condition.waiters).toBe(0);
  });

  it('wait(timeout) resolves false at the deadline, relative or absolute, and leaves no timer', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const condition = new Condition();
    const result = await ioloop.runSync(function* () {
      const relative = yield* condition.wait({ seconds: 2 });
      const at = loop.time();
      const absolute = yield* condition.wait(ioloop.time() + 3);
      return [relative, at, absolute, loop.time()];
    });
    expect(result).toEqual([false, 2, false, 5]);
    expect(loop.nextDeadline()).toBeUndefined();
    expect(condition.waiters).toBe(0);
  });

  it('a timed-out or cancelled waiter does not use up a notification', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const condition = new Condition();
    await ioloop.runSync(function* () {
      const timedOut = condition.wait({ seconds: 1 });
      const cancelled = condition.wait({ seconds: 100 });
      const waiting = condition.wait();
      yield gen.sleep(1);
      expect(timedOut.result()).toBe(false);
      cancelled.cancel();
      condition.notify(); // skips both, reaches the third
      expect(yield* waiting).toBe(true);
      expect(cancelled.cancelled()).toBe(true);
    });
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('rejects a bad deadline and a bad count', () => {
    virtualIOLoop();
    const condition = new Condition();
    expect(() => condition.wait('soon' as never)).toThrow(InvalidArgumentError);
    expect(() => condition.wait({ seconds: Number.NaN })).toThrow(/loop time in seconds/);
    expect(condition.waiters).toBe(0);
    expect(() => condition.notify(-1)).toThrow(InvalidArgumentError);
    expect(() => condition.notify(1.5)).toThrow(InvalidArgumentError);
  });
});

describe('Event', () => {
  it('blocks until set, then not until cleared (the Tornado docs example)', async () => {
    const { ioloop } = virtualIOLoop();
    const log: string[] = [];
    const event = new Event();
    const waiter = gen.coroutine(function* () {
      log.push('Waiting for event');
      yield event.wait();
      log.push('Not waiting this time');
      yield event.wait();
      log.push('Done');
    });
    const setter = gen.coroutine(function* () {
      log.push('About to set the event');
      event.set();
    });
    await ioloop.runSync(() => gen.multi([waiter(), setter()]));
    expect(log).toEqual(['Waiting for event', 'About to set the event', 'Not waiting this time', 'Done']);
    expect(event.isSet()).toBe(true);
    event.clear();
    expect(event.isSet()).toBe(false);
    expect(event.wait().done()).toBe(false);
  });

  it('wait(timeout) fails with the core TimeoutError at the deadline and leaves no timer', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const event = new Event();
    const caught = await ioloop.runSync(function* () {
      try {
        yield* event.wait({ seconds: 1.5 });
      } catch (error) {
        return [error, loop.time()];
      }
      return null;
    });
    expect(caught?.[0]).toBeInstanceOf(TimeoutError);
    expect(caught?.[1]).toBe(1.5);
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('cancelling a wait removes its timer; set() then wakes only the others', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const event = new Event();
    await ioloop.runSync(function* () {
      const cancelled = event.wait({ seconds: 10 });
      const other = event.wait({ seconds: 20 });
      cancelled.cancel();
      yield gen.moment;
      expect(loop.nextDeadline()).toBe(20);
      event.set();
      yield other;
      expect(cancelled.cancelled()).toBe(true);
    });
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('rejects a bad deadline even when set', () => {
    virtualIOLoop();
    const event = new Event();
    expect(() => event.wait([] as never)).toThrow(InvalidArgumentError);
    event.set();
    expect(() => event.wait('1' as never)).toThrow(InvalidArgumentError);
  });
});

describe('Semaphore', () => {
  it('lets two workers in at a time (the Tornado docs example)', async () => {
    const { ioloop } = virtualIOLoop();
    const log: string[] = [];
    const sem = new Semaphore(2);
    const worker = gen.coroutine(function* (id: number) {
      yield sem.acquire();
      try {
        log.push(`Worker ${id} is working`);
        yield gen.sleep(1 + id);
      } finally {
        log.push(`Worker ${id} is done`);
        sem.release();
      }
    });
    await ioloop.runSync(() => gen.multi([worker(0), worker(1), worker(2)]));
    expect(log).toEqual([
      'Worker 0 is working',
      'Worker 1 is working',
      'Worker 0 is done',
      'Worker 2 is working',
      'Worker 1 is done',
      'Worker 2 is done',
    ]);
    expect(sem.value).toBe(2);
  });

  it('the releaser releases at the end of a `using` block, once', async () => {
    const { ioloop } = virtualIOLoop();
    const sem = new Semaphore(1);
    await ioloop.runSync(function* () {
      {
        using _held = yield* sem.acquire();
        expect(sem.value).toBe(0);
      }
      expect(sem.value).toBe(1);
      const releaser = yield* sem.acquire();
      releaser.release();
      expect(sem.value).toBe(1);
      expect(() => releaser.release()).toThrow(InvalidStateError);
      releaser[Symbol.dispose](); // after an explicit release, disposal does nothing
      expect(sem.value).toBe(1);
    });
  });

  it('acquire(timeout) fails with TimeoutError; a timed-out or cancelled waiter is passed over', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const sem = new Semaphore(0);
    await ioloop.runSync(function* () {
      const timedOut = sem.acquire({ seconds: 1 });
      const cancelled = sem.acquire(ioloop.time() + 50);
      const third = sem.acquire();
      expect(sem.waiters).toBe(3);
      yield gen.sleep(1);
      expect(timedOut.exception()).toBeInstanceOf(TimeoutError);
      cancelled.cancel();
      sem.release();
      const releaser = yield* third;
      expect(sem.value).toBe(0);
      releaser.release();
      expect(sem.value).toBe(1);
    });
    expect(sem.waiters).toBe(0);
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('a task cancelled while waiting withdraws its acquire', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const sem = new Semaphore(0);
    const task = ioloop.createTask(
      (function* () {
        yield* sem.acquire({ seconds: 30 });
      })(),
    );
    const outcome = await ioloop.runSync(function* () {
      yield gen.moment;
      task.cancel();
      try {
        yield task;
      } catch (error) {
        return error;
      }
      return null;
    });
    expect(outcome).toBeInstanceOf(CancelledError);
    sem.release();
    expect(sem.value).toBe(1);
    expect(loop.nextDeadline()).toBeUndefined();
  });

  it('rejects a bad initial value and a bad deadline', () => {
    virtualIOLoop();
    expect(() => new Semaphore(-1)).toThrow(InvalidArgumentError);
    expect(() => new Semaphore(1.5)).toThrow(/integer >= 0/);
    expect(() => new BoundedSemaphore(-1)).toThrow(InvalidArgumentError);
    const sem = new Semaphore(0);
    expect(() => sem.acquire({} as never)).toThrow(InvalidArgumentError);
    expect(sem.waiters).toBe(0);
    const free = new Semaphore(1);
    expect(() => free.acquire('later' as never)).toThrow(InvalidArgumentError);
    expect(free.value).toBe(1);
  });

  it('BoundedSemaphore refuses a release above its initial value', async () => {
    const { ioloop } = virtualIOLoop();
    const sem = new BoundedSemaphore(2);
    expect(() => sem.release()).toThrow(InvalidStateError);
    await ioloop.runSync(function* () {
      yield sem.acquire();
    });
    sem.release();
    expect(() => sem.release()).toThrow(/too many times/);
    expect(sem.value).toBe(2);
  });
});

describe('Lock', () => {
  it('admits one coroutine at a time, in arrival order', async () => {
    const { ioloop } = virtualIOLoop();
    const lock = new Lock();
    const log: string[] = [];
    const critical = gen.coroutine(function* (name: string) {
      using _held = yield* lock.acquire();
      log.push(`${name} in`);
      yield gen.sleep(1);
      log.push(`${name} out`);
    });
    await ioloop.runSync(() => gen.multi([critical('a'), critical('b'), critical('c')]));
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    expect(lock.locked()).toBe(false);
  });

  it('acquire(timeout) fails with TimeoutError while held; releasing an unlocked lock is an error', async () => {
    const { ioloop, loop } = virtualIOLoop();
    const lock = new Lock();
    expect(() => lock.release()).toThrow(InvalidStateError);
    const caught = await ioloop.runSync(function* () {
      yield lock.acquire();
      expect(lock.locked()).toBe(true);
      try {
        yield lock.acquire({ seconds: 2 });
      } catch (error) {
        return error;
      }
      return null;
    });
    expect(caught).toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBe(2);
    lock.release();
    expect(() => lock.release()).toThrow(/release unlocked lock/);
  });
});
