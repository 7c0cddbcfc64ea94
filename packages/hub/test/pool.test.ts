import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@async/loop';
import { Group, GreenletExit, Pool, sleep, spawn } from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

const env = useVirtualHub();

describe('Pool', () => {
  it('runs at most size greenlets at once; map keeps the order (gevent: [0,1,4,9,16,25], max 2)', async () => {
    const pool = new Pool(2);
    let running = 0;
    let most = 0;
    const square = function* (i: number) {
      running++;
      most = Math.max(most, running);
      yield* sleep(1);
      running--;
      return i * i;
    };
    expect(await pool.map(square, [0, 1, 2, 3, 4, 5])).toEqual([0, 1, 4, 9, 16, 25]);
    expect([most, env.loop.time(), pool.freeCount(), pool.size]).toEqual([2, 3, 2, 0]);
  });

  it('freeCount, full and waitAvailable follow the running greenlets', async () => {
    const pool = new Pool(1);
    pool.spawn(() => sleep(2));
    expect([pool.freeCount(), pool.full()]).toEqual([0, true]);
    expect(await pool.waitAvailable()).toBe(1);
    expect(env.loop.time()).toBe(2);
  });

  it('imap gives results in order, imapUnordered as they finish', async () => {
    const pool = new Pool(3);
    const wait = function* (s: number) {
      yield* sleep(s);
      return s;
    };
    const ordered: number[] = [];
    for await (const v of pool.imap(wait, [3, 1, 2])) ordered.push(v);
    const unordered: number[] = [];
    for await (const v of pool.imapUnordered(wait, [3, 1, 2])) unordered.push(v);
    expect([ordered, unordered]).toEqual([
      [3, 1, 2],
      [1, 2, 3],
    ]);
  });

  it('apply runs a call in the pool and gives its result', async () => {
    const pool = new Pool(1);
    expect(await pool.apply((a: number, b: number) => a * b, [6, 7])).toBe(42);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new Pool(0)).toThrow(InvalidArgumentError);
    expect(() => new Pool(-1)).toThrow(InvalidArgumentError);
    expect(() => new Pool(1.5)).toThrow(/positive integer/);
  });
});

describe('Group', () => {
  it('join waits for every member; a finished greenlet leaves the group', async () => {
    const group = new Group();
    group.spawn(() => sleep(1));
    group.spawn(() => sleep(2));
    expect(group.size).toBe(2);
    expect(await group.join({ timeout: 1.5 })).toBe(false);
    expect(group.size).toBe(1);
    expect(await group.join()).toBe(true);
    expect(env.loop.time()).toBe(2);
  });

  it('join with raiseError raises a member failure', async () => {
    const group = new Group();
    const boom = new Error('boom');
    group.spawn(function* () {
      yield* sleep(1);
      throw boom;
    });
    group.spawn(() => sleep(5));
    await expect(group.join({ raiseError: true })).rejects.toBe(boom);
    expect(env.loop.time()).toBe(1);
  });

  it('kill kills every member', async () => {
    const group = new Group();
    const a = group.spawn(() => sleep(10));
    const b = spawn(() => sleep(10));
    group.add(b);
    await sleep(0);
    await group.kill();
    expect([a.value instanceof GreenletExit, b.value instanceof GreenletExit, group.size]).toEqual([true, true, 0]);
    expect(() => group.add({} as never)).toThrow(InvalidArgumentError);
  });
});
