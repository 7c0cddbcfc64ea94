import { describe, expect, it } from 'vitest';
import {
  type Coroutine,
  ensureFuture,
  Event,
  getRunningLoop,
  LoopStateError,
  Queue,
  sleep,
} from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

describe('coroutines returned by this package', () => {
  it('are generator objects and also thenable: plain async code can await them on the running loop', async () => {
    const log: string[] = [];
    const event = new Event();
    const queue = new Queue<string>();
    async function plain(): Promise<string> {
      const slept = await sleep(1, 'slept');
      await event.wait();
      return `${slept} ${await queue.get()} at ${getRunningLoop().time()}`;
    }
    function* main(): Coroutine<string> {
      const p = ensureFuture(plain());
      yield* sleep(2);
      event.set();
      yield* queue.put('got');
      log.push(typeof (sleep(0) as { next?: unknown }).next);
      return yield* p;
    }
    expect(await runVirtual(main())).toBe('slept got at 2');
    expect(log).toEqual(['function']);
  });

  it('awaiting the same coroutine twice runs it once', async () => {
    function* main(): Coroutine<unknown[]> {
      const s = sleep(1, 'x');
      const both = (async (): Promise<unknown[]> => [await s, await s, getRunningLoop().time()])();
      return yield* ensureFuture(both);
    }
    // A second run would find the generator finished and give undefined.
    expect(await runVirtual(main())).toEqual(['x', 'x', 1]);
  });

  it('awaiting one with no running loop rejects with LoopStateError', async () => {
    await expect(Promise.resolve().then(() => sleep(1))).rejects.toThrow(LoopStateError);
  });

  it('a generator from elsewhere is not made thenable', () => {
    function* mine(): Coroutine<void> {}
    sleep(0); // makes sleep's coroutines thenable
    expect('then' in mine()).toBe(false);
  });
});
