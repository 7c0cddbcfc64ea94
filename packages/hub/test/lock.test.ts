import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidStateError } from '@async/loop';
import { BoundedSemaphore, RLock, Semaphore, sleep, spawn } from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

const env = useVirtualHub();

describe('Semaphore', () => {
  it('lets value holders in and blocks the rest until a release', async () => {
    const sem = new Semaphore(2);
    const entered: number[] = [];
    const worker = (id: number) =>
      spawn(() =>
        sem.scope(function* () {
          entered.push(env.loop.time());
          yield* sleep(1);
          return id;
        }),
      );
    const ws = [worker(1), worker(2), worker(3)];
    for (const w of ws) await w;
    expect(entered).toEqual([0, 0, 1]);
    expect(sem.counter).toBe(2);
  });

  it('acquire gives false without blocking or after the timeout', async () => {
    const sem = new Semaphore(0);
    expect([await sem.acquire({ blocking: false }), sem.locked()]).toEqual([false, true]);
    expect(await sem.acquire({ timeout: 1 })).toBe(false);
    expect(env.loop.time()).toBe(1);
    expect(() => new Semaphore(-1)).toThrow(InvalidArgumentError);
  });

  it('BoundedSemaphore refuses a release beyond its initial value', () => {
    const sem = new BoundedSemaphore(1);
    expect(() => sem.release()).toThrow(InvalidStateError);
  });
});

describe('RLock', () => {
  it('is reentrant for its owner and blocks others until fully released', async () => {
    const lock = new RLock();
    const log: string[] = [];
    const owner = spawn(function* () {
      yield* lock.acquire();
      yield* lock.acquire();
      log.push('owner in twice');
      yield* sleep(1);
      lock.release();
      yield* sleep(1);
      lock.release();
    });
    const other = spawn(function* () {
      yield* lock.acquire();
      log.push(`other in at ${env.loop.time()}`);
      lock.release();
    });
    await owner;
    await other;
    expect(log).toEqual(['owner in twice', 'other in at 2']);
  });

  it('refuses a release by a greenlet that does not hold it', () => {
    expect(() => new RLock().release()).toThrow(InvalidStateError);
  });
});
