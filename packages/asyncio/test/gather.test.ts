import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  type Coroutine,
  ensureFuture,
  Future,
  gather,
  getRunningLoop,
  InvalidArgumentError,
  sleep,
} from '@async/asyncio';
import { VirtualEventLoop } from '@async/loop-testing';
import { runVirtual } from './virtual-run.js';

function* never(): Coroutine<void> {
  yield* getRunningLoop().createFuture<void>();
}

describe('gather', () => {
  it('collects results in argument order, whatever the completion order', async () => {
    function* main(): Coroutine<[string, number, string]> {
      return yield* gather(sleep(2, 'slow'), sleep(1, 7), Promise.resolve('promise'));
    }
    expect(await runVirtual(main())).toEqual(['slow', 7, 'promise']);
  });

  it('fails with the first error and leaves the other children running (as asyncio)', async () => {
    // Python: ["got ValueError('bad') t.done=False", 'ok done', 't result 1']
    const log: string[] = [];
    function* ok(): Coroutine<number> {
      yield* sleep(2);
      log.push('ok done');
      return 1;
    }
    function* bad(): Coroutine<never> {
      yield* sleep(1);
      throw new RangeError('bad');
    }
    function* main(): Coroutine<void> {
      const t = ensureFuture(ok());
      try {
        yield* gather(t, bad());
      } catch (e) {
        log.push(`got ${(e as Error).message} t.done=${t.done()}`);
      }
      log.push(`t result ${yield* t}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['got bad t.done=false', 'ok done', 't result 1']);
  });

  it('cancel() cancels the children and raises CancelledError even with returnExceptions', async () => {
    // Python: ['cancel -> True', "child1 cancelled ('stop',)", "child2 cancelled ('stop',)",
    //          "outer CancelledError ('stop',)", 'g.cancelled=False']
    const log: string[] = [];
    function* child(n: number): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log.push(`child${n} cancelled ${(e as Error).message}`);
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      const g = gather(child(1), child(2), { returnExceptions: true });
      yield* sleep(0);
      log.push(`cancel -> ${g.cancel('stop')}`);
      try {
        yield* g;
      } catch (e) {
        if (e instanceof CancelledError) log.push(`outer CancelledError ${e.message}`);
      }
      log.push(`g.cancelled=${g.cancelled()}`);
      log.push(`cancel again -> ${g.cancel()}`);
    }
    await runVirtual(main());
    expect(log).toEqual([
      'cancel -> true',
      'child1 cancelled stop',
      'child2 cancelled stop',
      'outer CancelledError stop',
      'g.cancelled=false',
      'cancel again -> false',
    ]);
  });

  it('cancel() returns false when every child is already done', async () => {
    function* main(): Coroutine<boolean> {
      const f = getRunningLoop().createFuture<number>();
      const g = gather(f, never());
      f.setResult(1);
      yield* sleep(0);
      // Only the never-ending child can still be cancelled.
      const first = g.cancel();
      try {
        yield* g;
      } catch {
        // expected: CancelledError
      }
      return first;
    }
    expect(await runVirtual(main())).toBe(true);
  });

  it('a child cancelled on its own makes gather fail with CancelledError', async () => {
    // Python: ["waiter got CancelledError ('why',)", 'w cancelled=True', ...]
    const log: string[] = [];
    function* main(): Coroutine<void> {
      const t1 = ensureFuture(never());
      function* waiter(): Coroutine<void> {
        try {
          yield* gather(t1, sleep(1, 'x'));
        } catch (e) {
          if (e instanceof CancelledError) log.push(`waiter got CancelledError ${e.message}`);
          throw e;
        }
      }
      const w = ensureFuture(waiter());
      yield* sleep(0);
      t1.cancel('why');
      try {
        yield* w;
      } catch {
        log.push(`w cancelled=${w.cancelled()}`);
      }
    }
    await runVirtual(main());
    expect(log).toEqual(['waiter got CancelledError why', 'w cancelled=true']);
  });

  it('returnExceptions puts errors and cancellations in the results', async () => {
    function* bad(): Coroutine<never> {
      yield* sleep(1);
      throw new RangeError('nope');
    }
    function* main(): Coroutine<unknown[]> {
      const t2 = ensureFuture(never());
      const g = gather(t2, sleep(0, 5), bad(), { returnExceptions: true });
      yield* sleep(0);
      t2.cancel('m');
      return yield* g;
    }
    const [cancelled, five, error] = await runVirtual(main());
    expect(cancelled).toBeInstanceOf(CancelledError);
    expect(five).toBe(5);
    expect(error).toBeInstanceOf(RangeError);
  });

  it('waits once for a waitable given twice and repeats its result', async () => {
    let runs = 0;
    function* once(): Coroutine<string> {
      runs++;
      yield* sleep(1);
      return 'r';
    }
    function* main(): Coroutine<string[]> {
      const c = once();
      return yield* gather(c, c, c);
    }
    expect(await runVirtual(main())).toEqual(['r', 'r', 'r']);
    expect(runs).toBe(1);
  });

  it('waits for a future given twice once per position, and fails once when it fails', () => {
    const loop = new VirtualEventLoop();
    const a = loop.createFuture<number>();
    const b = loop.createFuture<number>();
    const ok = gather(a, b, a);
    b.setResult(2);
    loop.runUntilIdle();
    expect(ok.done()).toBe(false);
    a.setResult(1);
    loop.runUntilIdle();
    expect(ok.result()).toEqual([1, 2, 1]);

    const c = loop.createFuture<number>();
    const failing = gather(c, c);
    const seen: string[] = [];
    failing.addDoneCallback((f) => seen.push(String((f.exception() as Error).message)));
    c.setException(new RangeError('boom'));
    loop.runUntilIdle();
    expect(seen).toEqual(['boom']);
    loop.close();
  });

  it('lets a lone done callback be removed before the future completes', () => {
    const loop = new VirtualEventLoop();
    const future = loop.createFuture<number>();
    const seen: number[] = [];
    const callback = (f: { result(): number }): void => {
      seen.push(f.result());
    };
    future.addDoneCallback(callback);
    expect(future.removeDoneCallback(() => {})).toBe(0);
    expect(future.removeDoneCallback(callback)).toBe(1);
    future.addDoneCallback(callback);
    future.setResult(7);
    loop.runUntilIdle();
    expect(seen).toEqual([7]);
    loop.close();
  });

  it('completes at once when every child is already done', () => {
    const loop = new VirtualEventLoop();
    const a = loop.createFuture<number>();
    const b = loop.createFuture<string>();
    a.setResult(1);
    b.setResult('b');
    const g = gather(a, b);
    expect(g.done()).toBe(true);
    expect(g.result()).toEqual([1, 'b']);
    loop.close();
  });

  it('counts children done at gather time in argument order: the first failing one wins', () => {
    // As CPython 3.12's gather(), which counts the children already done at once, in argument
    // order (3.11 schedules their callbacks instead, and also ends with 'first').
    const loop = new VirtualEventLoop();
    const pending = loop.createFuture<number>();
    const first = loop.createFuture<number>();
    const ok = loop.createFuture<number>();
    const second = loop.createFuture<number>();
    second.setException(new RangeError('second'));
    ok.setResult(2);
    first.setException(new RangeError('first'));
    const g = gather(pending, first, ok, second);
    expect(g.done()).toBe(true);
    expect((g.exception() as Error).message).toBe('first');
    pending.setResult(0);
    const all = gather(ok, pending, ok);
    expect(all.result()).toEqual([2, 0, 2]);
    loop.runUntilIdle();
    loop.close();
  });

  it('of nothing is an empty list', async () => {
    function* main(): Coroutine<unknown[]> {
      return yield* gather();
    }
    expect(await runVirtual(main())).toEqual([]);
  });

  it('rejects what cannot be waited on and futures of two loops', () => {
    expect(() => gather(42 as never)).toThrow(InvalidArgumentError);
    expect(() => gather(...([{ returnExceptions: true }, 1] as never[]))).toThrow(/cannot wait on/);
    const l1 = new VirtualEventLoop();
    const l2 = new VirtualEventLoop();
    expect(() => gather(new Future(l1), new Future(l2))).toThrow(/different loop/);
    l1.close();
    l2.close();
  });
});
