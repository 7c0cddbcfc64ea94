// Deferred semantics, mirrored on Twisted: each "twisted:" expectation was produced by running
// the same scenario with python3-twisted (Debian) and recording its output.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CancelledError, InvalidArgumentError, TimeoutError } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { AlreadyCalledError, Deferred, Failure, Reactor, fail, maybeDeferred, succeed } from '@async/reactor';

describe('Deferred callback chain', () => {
  it('switches between the callback and errback chains (twisted: cb1:1, eb:ValueError:boom 2, both:recovered)', () => {
    const log: string[] = [];
    const d = new Deferred<number>();
    d.addCallback((r) => {
      log.push(`cb1:${r}`);
      return r + 1;
    })
      .addCallback((r): number => {
        throw new RangeError(`boom ${r}`);
      })
      .addCallback(() => log.push('skipped'))
      .addErrback((f) => {
        log.push(`eb:${f.type?.name}:${f.getErrorMessage()}`);
        return 'recovered';
      })
      .addBoth((r) => log.push(`both:${String(r)}`));
    d.callback(1);
    expect(log).toEqual(['cb1:1', 'eb:RangeError:boom 2', 'both:recovered']);
  });

  it('runs callbacks synchronously, and at once when added to a fired Deferred', () => {
    const log: string[] = [];
    const d = new Deferred<string>();
    d.addCallback((r) => log.push(`first ${r}`));
    log.push('before fire');
    d.callback('x');
    log.push('after fire');
    d.addCallback(() => log.push('late'));
    expect(log).toEqual(['before fire', 'first x', 'after fire', 'late']);
  });

  it('an errback that throws keeps the failure path; one that returns goes back (twisted: KeyError, 5)', () => {
    const log: unknown[] = [];
    const d = new Deferred();
    d.addErrback(() => {
      throw new SyntaxError('again');
    })
      .addErrback((f) => {
        log.push(f.type?.name);
        return 5;
      })
      .addCallback((r) => log.push(r));
    d.errback(new TypeError('first'));
    expect(log).toEqual(['SyntaxError', 5]);
  });

  it('passes extra arguments to callbacks and errbacks', () => {
    const seen: unknown[] = [];
    const d = new Deferred<number>();
    d.addCallback((r, a: string, b: number) => seen.push(r, a, b), 'a', 2);
    d.addCallbacks(
      () => {
        throw new Error('x');
      },
      null,
    );
    d.addCallbacks((r) => r, (f, tag: string) => seen.push(tag, f.getErrorMessage()), [], ['eb']);
    d.callback(1);
    expect(seen).toEqual([1, 'a', 2, 'eb', 'x']);
  });
});

describe('chaining', () => {
  it('pauses the outer chain on a pending Deferred (twisted: o1:a, paused:1, o2:b, inner.result:None)', () => {
    const log: string[] = [];
    const inner = new Deferred<string>();
    const outer = new Deferred<string>();
    outer.addCallback((r) => {
      log.push(`o1:${r}`);
      return inner;
    });
    outer.addCallback((r) => log.push(`o2:${r}`));
    outer.callback('a');
    log.push(`paused:${outer.paused}`);
    inner.callback('b');
    log.push(`inner.result:${String(inner.result)}`);
    expect(log).toEqual(['o1:a', 'paused:1', 'o2:b', 'inner.result:undefined']);
  });

  it('uses an already fired Deferred result in place, failure included', () => {
    const d = succeed(1).addCallback(() => fail<number>(new RangeError('inner')));
    let caught: unknown;
    d.addErrback((f) => {
      caught = f.value;
    });
    expect(caught).toBeInstanceOf(RangeError);
  });

  it('handles 100,000 chained Deferreds without growing the stack', () => {
    const first = new Deferred<number>();
    let d: Deferred<number> = first;
    const pending: Deferred<number>[] = [];
    for (let i = 0; i < 100_000; i++) {
      const inner = new Deferred<number>();
      pending.push(inner);
      d = d.addCallback((r: number) => inner.addCallback(() => r + 1));
    }
    let result = 0;
    d.addCallback((r) => {
      result = r;
    });
    first.callback(0);
    for (const inner of pending) inner.callback(0);
    expect(result).toBe(100_000);
  });

  it('a callback returning its own Deferred fails it with InvalidArgumentError instead of hanging', () => {
    const d = new Deferred<unknown>();
    d.addCallback(() => d);
    let error: unknown;
    d.addErrback((f) => {
      error = f.value;
    });
    d.callback(1);
    expect(error).toBeInstanceOf(InvalidArgumentError);
  });

  it('chainDeferred hands the result on', () => {
    const a = new Deferred<number>();
    const b = new Deferred<number>();
    const seen: number[] = [];
    b.addCallback((r) => seen.push(r));
    a.chainDeferred(b);
    a.callback(7);
    expect(seen).toEqual([7]);
    expect(a.result).toBeUndefined();
  });
});

describe('bad input', () => {
  it('a second callback raises AlreadyCalledError (twisted: AlreadyCalledError)', () => {
    const d = new Deferred<number>();
    d.callback(1);
    expect(() => d.callback(2)).toThrow(AlreadyCalledError);
    expect(() => d.errback(new Error('x'))).toThrow(AlreadyCalledError);
  });

  it('callback(deferred), errback(non-error) and non-function callbacks are InvalidArgumentError', () => {
    const d = new Deferred<unknown>();
    expect(() => d.callback(new Deferred())).toThrow(InvalidArgumentError);
    expect(() => d.errback('nope' as unknown as Error)).toThrow(/errback\(\) takes an Error or a Failure/);
    expect(() => d.addCallback(42 as never)).toThrow(InvalidArgumentError);
    expect(() => d.addErrback(null as never)).toThrow(InvalidArgumentError);
    expect(() => d.addBoth(undefined as never)).toThrow(InvalidArgumentError);
    expect(() => new Deferred('x' as never)).toThrow(InvalidArgumentError);
    expect(d.called).toBe(false);
  });
});

describe('pause and cancel', () => {
  it('pause() holds the chain until unpause() (twisted: before unpause, x)', () => {
    const log: string[] = [];
    const d = new Deferred<string>();
    d.pause();
    d.addCallback((r) => log.push(r));
    d.callback('x');
    log.push('before unpause');
    d.unpause();
    expect(log).toEqual(['before unpause', 'x']);
  });

  it('cancel() without canceller fails with CancelledError and drops the next result (twisted: eb:CancelledError, AlreadyCalledError)', () => {
    const log: string[] = [];
    const d = new Deferred<string>();
    d.addErrback((f) => log.push(`eb:${f.type?.name}`));
    d.cancel();
    d.callback('late');
    try {
      d.callback('later');
    } catch (error) {
      if (error instanceof AlreadyCalledError) log.push('AlreadyCalledError');
    }
    expect(log).toEqual(['eb:CancelledError', 'AlreadyCalledError']);
  });

  it('a canceller may fire the Deferred itself (twisted: from canceller)', () => {
    const log: unknown[] = [];
    const d = new Deferred<string>((dd) => dd.callback('from canceller'));
    d.addBoth((r) => log.push(r));
    d.cancel();
    expect(log).toEqual(['from canceller']);
  });

  it('cancelling a Deferred paused on another cancels the other', () => {
    const inner = new Deferred<string>();
    const outer = succeed(1).addCallback(() => inner);
    let error: unknown;
    outer.addErrback((f) => {
      error = f.value;
    });
    outer.cancel();
    expect(inner.called).toBe(true);
    expect(error).toBeInstanceOf(CancelledError);
  });
});

describe('addTimeout', () => {
  it('fails with TimeoutError after the delay on a virtual clock (twisted: called=False, TimeoutError)', () => {
    const loop = new VirtualEventLoop();
    const clock = new Reactor(loop);
    const log: string[] = [];
    const d = new Deferred<string>().addTimeout(2, clock);
    d.addErrback((f) => log.push(f.type?.name ?? '?'));
    loop.advance(1);
    log.push(`called=${d.called}`);
    loop.advance(1);
    expect(log).toEqual(['called=false', 'TimeoutError']);
    loop.close();
  });

  it('cancels its timer when the Deferred fires first', () => {
    const loop = new VirtualEventLoop();
    const d = new Deferred<string>().addTimeout(5, loop);
    d.callback('ok');
    expect(loop.nextDeadline()).toBeUndefined();
    expect(d.result).toBe('ok');
    loop.close();
  });

  it('onTimeoutCancel replaces the outcome; bad timeouts are rejected', () => {
    const loop = new VirtualEventLoop();
    const d = new Deferred<string>().addTimeout(1, loop, (_r, t) => `timed out after ${t}`);
    loop.advance(1);
    expect(d.result).toBe('timed out after 1');
    expect(() => new Deferred().addTimeout(-1, loop)).toThrow(InvalidArgumentError);
    expect(() => new Deferred().addTimeout(1, {} as never)).toThrow(InvalidArgumentError);
    loop.close();
    expect(new TimeoutError()).toBeInstanceOf(Error);
  });
});

describe('Failure', () => {
  it('check, trap, value, type, getErrorMessage, getTraceback', () => {
    const f = new Failure(new RangeError('out'));
    expect(f.check(TypeError, RangeError)).toBe(RangeError);
    expect(f.check(TypeError)).toBeNull();
    expect(f.trap(RangeError)).toBe(RangeError);
    expect(() => f.trap(TypeError)).toThrow(RangeError);
    expect(f.type).toBe(RangeError);
    expect(f.getErrorMessage()).toBe('out');
    expect(f.getTraceback()).toContain('RangeError: out');
    expect(String(f)).toBe('[Failure instance: RangeError: out]');
    expect(() => f.check('x' as never)).toThrow(InvalidArgumentError);
  });

  it('trap in an errback passes other errors on', () => {
    const seen: string[] = [];
    fail(new TypeError('t'))
      .addErrback((f) => f.trap(RangeError))
      .addErrback((f) => seen.push(f.type!.name));
    expect(seen).toEqual(['TypeError']);
  });
});

describe('succeed, fail, maybeDeferred', () => {
  it('maybeDeferred wraps values, errors, Deferreds and promises', async () => {
    expect(maybeDeferred(() => 3).result).toBe(3);
    const thrown = maybeDeferred(() => {
      throw new Error('t');
    });
    expect(thrown.result).toBeInstanceOf(Failure);
    thrown.addErrback(() => undefined);
    const d = new Deferred<number>();
    expect(maybeDeferred(() => d)).toBe(d);
    expect(await maybeDeferred(async () => 'p')).toBe('p');
    expect(() => maybeDeferred(1 as never)).toThrow(InvalidArgumentError);
  });
});

describe('awaiting and converting', () => {
  it('await gives the result, or throws the failure', async () => {
    expect(await succeed(5)).toBe(5);
    await expect(fail(new RangeError('r'))).rejects.toBeInstanceOf(RangeError);
  });

  it('an asyncio Task can yield* a Deferred, and cancelling the Task cancels it', async () => {
    const loop = new VirtualEventLoop();
    const d = new Deferred<number>();
    const task = loop.createTask(
      (function* () {
        return (yield* d) + 1;
      })(),
    );
    loop.callLater(1, () => d.callback(41));
    expect(await loop.runUntilComplete(task)).toBe(42);
    const pending = new Deferred<number>();
    const t2 = loop.createTask(
      (function* () {
        return yield* pending;
      })(),
    );
    loop.runUntilIdle();
    t2.cancel();
    loop.runUntilIdle();
    expect(pending.called).toBe(true);
    expect(t2.cancelled()).toBe(true);
    loop.close();
  });

  it('Deferred.fromFuture and asFuture convert both ways', async () => {
    const loop = new VirtualEventLoop();
    const fut = loop.createFuture<number>();
    const d = Deferred.fromFuture(fut);
    fut.setResult(3);
    loop.runUntilIdle();
    expect(d.result).toBe(3);
    const f2 = succeed('s').asFuture(loop);
    expect(f2.result()).toBe('s');
    loop.close();
  });
});

describe('unhandled errors', () => {
  it('a collected Deferred holding a failure is reported through the exception handler', async () => {
    // Test runners do not pass --expose-gc; the flag can be set at run time for a new context.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const loop = new VirtualEventLoop();
    const { setEventLoop } = await import('@async/loop');
    setEventLoop(loop);
    const reports: unknown[] = [];
    loop.setExceptionHandler((_l, context) => reports.push(context.message, context.exception));
    try {
      (() => {
        fail(new RangeError('nobody handles me'));
        fail(new RangeError('handled')).addErrback(() => undefined);
      })();
      for (let i = 0; i < 30 && reports.length < 2; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(reports).toHaveLength(2);
      expect(reports[0]).toBe('Unhandled error in Deferred:');
      expect((reports[1] as Error).message).toBe('nobody handles me');
    } finally {
      setEventLoop(null);
      loop.close();
    }
  });
});

describe('more scenarios recorded from python3-twisted', () => {
  it('callbacks added while paused run on unpause, chained to a fired Deferred (twisted: paused, 1, 2)', () => {
    const log: unknown[] = [];
    const d = new Deferred<number>();
    d.pause();
    d.callback(1);
    d.addCallback((r) => {
      log.push(r);
      return succeed(r + 1);
    });
    d.addCallback((r) => log.push(r));
    log.push('paused');
    d.unpause();
    expect(log).toEqual(['paused', 1, 2]);
  });

  it('callback(failure) takes the errback path (twisted: eb:KeyError)', () => {
    const log: string[] = [];
    const d = new Deferred<unknown>();
    d.addCallbacks(
      () => log.push('cb'),
      (f) => log.push(`eb:${f.type?.name}`),
    );
    d.callback(new Failure(new RangeError('k')));
    expect(log).toEqual(['eb:RangeError']);
  });

  it('maybeDeferred of a returned Failure fails (twisted: ValueError)', () => {
    const log: string[] = [];
    maybeDeferred(() => new Failure(new TypeError('v'))).addErrback((f) => log.push(f.type!.name));
    expect(log).toEqual(['TypeError']);
  });
});
