import { afterEach, describe, expect, it } from 'vitest';
import {
  type Coroutine,
  createTask,
  ensureFuture,
  getEventLoop,
  getRunningLoop,
  InvalidArgumentError,
  LoopStateError,
  run,
  Runner,
  setEventLoop,
  sleep,
} from '@async/asyncio';
import { NodeEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { runVirtual, type VirtualRun } from './virtual-run.js';

afterEach(() => setEventLoop(null));

describe('run', () => {
  it('resolves with the result and cancels the tasks left behind', async () => {
    // Python 3.13: run main done ['leftover cancelled']
    const log: string[] = [];
    function* leftover(): Coroutine<void> {
      try {
        yield* sleep(100);
      } catch (e) {
        log.push('leftover cancelled');
        throw e;
      }
    }
    function* main(): Coroutine<string> {
      createTask(leftover());
      yield* sleep(0);
      return 'main done';
    }
    const record: VirtualRun = { loop: null, reported: [] };
    expect(await runVirtual(main(), record)).toBe('main done');
    expect(log).toEqual(['leftover cancelled']);
    expect(record.loop!.isClosed()).toBe(true);
    expect(record.reported).toEqual([]);
  });

  it('reports a leftover task that fails while being cancelled', async () => {
    function* stubborn(): Coroutine<void> {
      try {
        yield* sleep(100);
      } catch {
        throw new RangeError('failed in cleanup');
      }
    }
    function* main(): Coroutine<void> {
      createTask(stubborn());
      yield* sleep(0);
    }
    const record: VirtualRun = { loop: null, reported: [] };
    await runVirtual(main(), record);
    expect(record.reported.map((c) => [c.message, (c.exception as Error).message])).toEqual([
      ['unhandled exception during run() shutdown', 'failed in cleanup'],
    ]);
  });

  it('rejects with the error of main, and still closes the loop', async () => {
    function* main(): Coroutine<void> {
      yield* sleep(1);
      throw new RangeError('main failed');
    }
    const record: VirtualRun = { loop: null, reported: [] };
    await expect(runVirtual(main(), record)).rejects.toThrow('main failed');
    expect(record.loop!.isClosed()).toBe(true);
  });

  it('on the default loop: a new NodeEventLoop, current while it runs, cleared after', async () => {
    const before = new VirtualEventLoop();
    setEventLoop(before);
    let inside: unknown;
    function* main(): Coroutine<boolean> {
      inside = getEventLoop();
      yield* sleep(0.001);
      return getRunningLoop() === inside && inside instanceof NodeEventLoop;
    }
    expect(await run(main(), { debug: true })).toBe(true);
    expect(getEventLoop()).not.toBe(inside);
    expect(getEventLoop()).not.toBe(before);
    before.close();
  });

  it('sets debug mode as asked', async () => {
    function* main(): Coroutine<boolean> {
      yield* sleep(0);
      return getRunningLoop().getDebug();
    }
    const loop = new VirtualEventLoop();
    expect(await run(main(), { debug: true, loopFactory: () => loop })).toBe(true);
  });

  it('refuses what is not a coroutine, a call from a running loop, and bad options', async () => {
    function* main(): Coroutine<void> {}
    await expect(run(main as never)).rejects.toThrow(InvalidArgumentError);
    await expect(run(main(), { loopFactory: 'loop' as never })).rejects.toThrow(/loopFactory must be a function/);
    await expect(run(main(), { loopFactory: () => ({}) as never })).rejects.toThrow(/must return an event loop/);
    function* outer(): Coroutine<unknown> {
      return yield* ensureFuture(run(main()).then(() => 'ran', (e: unknown) => e));
    }
    expect(await runVirtual(outer())).toBeInstanceOf(LoopStateError);
  });
});

describe('Runner', () => {
  it('runs several coroutines on one loop, then closes it', async () => {
    const loop = new VirtualEventLoop();
    const runner = new Runner({ loopFactory: () => loop });
    function* step(n: number): Coroutine<number> {
      yield* sleep(1);
      return getRunningLoop().time() + n;
    }
    expect(runner.getLoop()).toBe(loop);
    const running = runner.run(step(0));
    await expect(runner.close()).rejects.toThrow(LoopStateError);
    await expect(runner.run(step(0))).rejects.toThrow(LoopStateError);
    expect(await running).toBe(1);
    expect(await runner.run(step(10))).toBe(12);
    await runner.close();
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    await expect(runner.run(step(0))).rejects.toThrow(LoopStateError);
    expect(() => runner.getLoop()).toThrow(/closed/);
  });

  it('closes with await using', async () => {
    const loop = new VirtualEventLoop();
    {
      await using runner = new Runner({ loopFactory: () => loop });
      function* main(): Coroutine<string> {
        yield* sleep(0);
        return 'ok';
      }
      expect(await runner.run(main())).toBe('ok');
    }
    expect(loop.isClosed()).toBe(true);
    expect(() => new Runner(null as never)).toThrow(InvalidArgumentError);
    await new Runner().close(); // never used: nothing to close
  });
});
