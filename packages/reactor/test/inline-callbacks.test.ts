// inlineCallbacks: eager, synchronous resumption as in Twisted ("twisted:" lines recorded from
// python3-twisted running the same generator).
import { describe, expect, it } from 'vitest';
import { CancelledError, InvalidArgumentError } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { Deferred, Failure, ensureDeferred, inlineCallbacks, succeed } from '@async/reactor';

describe('inlineCallbacks', () => {
  it('runs until the first pending Deferred before returning (twisted: start, got 1, returned called=False, got 2, result=3)', () => {
    const log: string[] = [];
    const waiting = new Deferred<number>();
    const gen = inlineCallbacks(function* () {
      log.push('start');
      const x = yield* succeed(1);
      log.push(`got ${x}`);
      const y = yield* waiting;
      log.push(`got ${y}`);
      return x + y;
    });
    const r = gen();
    log.push(`returned called=${r.called}`);
    waiting.callback(2);
    log.push(`result=${String(r.result)}`);
    expect(log).toEqual(['start', 'got 1', 'returned called=false', 'got 2', 'result=3']);
  });

  it('throws a failed Deferred\'s error at the yield, and fails with an uncaught one', () => {
    const seen: string[] = [];
    const d = inlineCallbacks(function* () {
      try {
        yield* Deferred.prototype[Symbol.iterator].call(fail1());
      } catch (error) {
        seen.push((error as Error).message);
      }
      throw new RangeError('out');
    })();
    let failure: Failure | undefined;
    d.addErrback((f) => {
      failure = f;
    });
    expect(seen).toEqual(['first']);
    expect(failure?.value).toBeInstanceOf(RangeError);
  });

  it('cancelling the result cancels the awaited Deferred; the generator may recover (twisted: caught cancel, r:after cancel)', () => {
    const log: string[] = [];
    const w = new Deferred<string>();
    const r = inlineCallbacks(function* () {
      try {
        yield* w;
      } catch (error) {
        if (error instanceof CancelledError) log.push('caught cancel');
        return 'after cancel';
      }
      return 'not cancelled';
    })();
    r.addBoth((x) => log.push(`r:${String(x)}`));
    r.cancel();
    expect(log).toEqual(['caught cancel', 'r:after cancel']);
  });

  it('an uncaught cancellation fails the result with CancelledError', () => {
    const w = new Deferred<string>();
    const r = inlineCallbacks(function* () {
      return yield* w;
    })();
    r.cancel();
    expect((r.result as Failure).check(CancelledError)).toBe(CancelledError);
    r.addErrback(() => undefined);
  });

  it('100,000 fired Deferreds in a row run without recursion', () => {
    const r = inlineCallbacks(function* () {
      let total = 0;
      for (let i = 0; i < 100_000; i++) total += yield* succeed(1);
      return total;
    })();
    expect(r.result).toBe(100_000);
  });

  it('waits on Futures and promises too, and sends other yielded values straight back', async () => {
    const loop = new VirtualEventLoop();
    const fut = loop.createFuture<number>();
    const r = inlineCallbacks(function* () {
      const echoed = (yield 'plain') as string;
      const a = yield* fut;
      const b = (yield Promise.resolve(2)) as number;
      return `${echoed} ${a + b}`;
    })();
    fut.setResult(1);
    loop.runUntilIdle();
    expect(await r).toBe('plain 3');
    loop.close();
  });

  it('bad input: a non-generator function, waiting on itself, returning a Deferred', () => {
    expect(() => inlineCallbacks(3 as never)).toThrow(InvalidArgumentError);
    expect(() => inlineCallbacks((() => 1) as never)()).toThrow(/generator function/);
    let self: Deferred<unknown> | null = null;
    const gate = new Deferred<void>();
    const waitsOnItself = inlineCallbacks(function* (): Generator<unknown, unknown, unknown> {
      yield* gate;
      return yield* self!;
    });
    self = waitsOnItself();
    const results: unknown[] = [];
    self.addErrback((f) => results.push(f.value));
    gate.callback(undefined);
    const returnsDeferred = inlineCallbacks(function* () {
      yield null;
      return new Deferred();
    })();
    returnsDeferred.addErrback((f) => results.push(f.value));
    expect(results).toHaveLength(2);
    expect(results[0]).toBeInstanceOf(InvalidArgumentError);
    expect((results[0] as Error).message).toMatch(/waited on its own Deferred/);
    expect((results[1] as Error).message).toMatch(/returned a Deferred/);
  });
});

describe('ensureDeferred', () => {
  it('drives a coroutine, converts a promise, returns a Deferred as it is', async () => {
    const d = new Deferred<number>();
    expect(ensureDeferred(d)).toBe(d);
    expect(
      ensureDeferred(
        (function* () {
          return (yield* succeed(2)) * 2;
        })(),
      ).result,
    ).toBe(4);
    expect(await ensureDeferred(Promise.resolve('p'))).toBe('p');
    expect(() => ensureDeferred(5 as never)).toThrow(InvalidArgumentError);
  });
});

function fail1(): Deferred<never> {
  const d = new Deferred<never>();
  d.errback(new Error('first'));
  return d;
}
