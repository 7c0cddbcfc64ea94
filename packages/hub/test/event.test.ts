import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@async/loop';
import { AsyncResult, Event, Timeout, sleep, spawn } from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

const env = useVirtualHub();

describe('Event', () => {
  it('wakes every waiter when set, from the loop rather than inside set()', async () => {
    const ev = new Event();
    const woke: string[] = [];
    const waiter = (name: string) =>
      spawn(function* () {
        const r = yield* ev.wait();
        woke.push(`${name} ${r} ${env.loop.time()}`);
      });
    const a = waiter('a');
    const b = waiter('b');
    spawn(function* () {
      yield* sleep(2);
      ev.set();
      woke.push('setter goes on');
    });
    await a;
    await b;
    expect(woke).toEqual(['setter goes on', 'a true 2', 'b true 2']);
    expect(ev.isSet()).toBe(true);
    expect(await ev.wait()).toBe(true); // already set: no blocking
  });

  it('wait(timeout) gives false when not set in time; clear() resets', async () => {
    const ev = new Event();
    expect(await ev.wait(1)).toBe(false);
    expect(env.loop.time()).toBe(1);
    ev.set();
    ev.clear();
    expect([ev.isSet(), ev.ready()]).toEqual([false, false]);
    expect(() => ev.wait(-1)).toThrow(InvalidArgumentError);
  });
});

describe('no leftover links', () => {
  it('a finished or timed-out wait leaves no link behind on the Event or AsyncResult', async () => {
    const ev = new Event();
    const r = new AsyncResult();
    const links = (o: object) => (o as unknown as { _links: { _links: unknown[] } })._links._links.length;
    expect(await ev.wait(1)).toBe(false);
    await expect(r.get({ timeout: 1 })).rejects.toBeInstanceOf(Timeout);
    spawn(function* () {
      yield* sleep(1);
      ev.set();
      r.set(1);
    });
    expect([await ev.wait(), await r.wait(), links(ev), links(r)]).toEqual([true, 1, 0, 0]);
  });
});

describe('AsyncResult', () => {
  it('delivers a value to waiters; yield* and await are get()', async () => {
    const r = new AsyncResult<number>();
    const reader = spawn(function* () {
      return (yield* r) + 1;
    });
    spawn(function* () {
      yield* sleep(1);
      r.set(41);
    });
    expect(await reader).toBe(42);
    expect([r.ready(), r.successful(), r.value, r.exception, await r]).toEqual([true, true, 41, undefined, 41]);
  });

  it('raises a stored exception from get(), not from wait(), as gevent does', async () => {
    const r = new AsyncResult();
    const error = new RangeError('k');
    r.setException(error);
    expect([r.ready(), r.successful(), r.exception]).toEqual([true, false, error]);
    await expect(r.get()).rejects.toBe(error);
    expect(() => r.getNowait()).toThrow(error);
    expect(await r.wait()).toBeUndefined();
    expect(() => r.setException('nope' as never)).toThrow(InvalidArgumentError);
  });

  it('get raises Timeout when not ready: at once without block, after the timeout otherwise', async () => {
    const r = new AsyncResult();
    await expect(r.get({ block: false })).rejects.toBeInstanceOf(Timeout);
    expect(() => r.getNowait()).toThrow(Timeout);
    await expect(r.get({ timeout: 2 })).rejects.toBeInstanceOf(Timeout);
    expect(await r.wait(1)).toBeUndefined();
    expect(env.loop.time()).toBe(3);
  });
});
