import { describe, expect, it } from 'vitest';
import { isCoroutine, stepCoroutine } from '@async/loop';

describe('isCoroutine', () => {
  it('is true for generator objects of any generator function, started, finished or not', () => {
    // Many generator functions: each gives its objects their own prototype.
    const makers = Array.from({ length: 40 }, (_, i) => new Function(`return function* g${i}() { yield ${i}; }`)() as () => Generator);
    for (const make of makers) {
      const g = make();
      expect(isCoroutine(g)).toBe(true);
      g.next();
      expect(isCoroutine(g)).toBe(true);
      g.return(undefined);
      expect(isCoroutine(g)).toBe(true);
    }
    class Worker {
      *run(): Generator<number, void> {
        yield 1;
      }
    }
    expect(isCoroutine(new Worker().run())).toBe(true);
  });

  it('is true for an object with a generator\'s next, throw and iterator methods', () => {
    const handMade = {
      next: () => ({ done: true, value: 1 }),
      throw: (e: unknown) => {
        throw e;
      },
      return: (v: unknown) => ({ done: true, value: v }),
      [Symbol.iterator]() {
        return this;
      },
    };
    expect(isCoroutine(handMade)).toBe(true);
    const { throw: _, ...noThrow } = handMade;
    expect(isCoroutine(noThrow)).toBe(false);
  });

  it('is false for what is not a coroutine: values, arrays, promises, iterators without throw, async generators', async () => {
    async function* asyncGen(): AsyncGenerator<number> {
      yield 1;
    }
    const promise = Promise.resolve(1);
    for (const value of [undefined, null, 0, 'text', [1, 2], new Map().values(), promise, asyncGen(), () => 1, function* () {}]) {
      expect(isCoroutine(value)).toBe(false);
    }
    await promise;
  });
});

describe('stepCoroutine', () => {
  it('steps generators of many generator functions as next() and throw() do', () => {
    const makers = Array.from(
      { length: 12 },
      (_, i) =>
        new Function(`return function* g${i}(start) {
          let sent = yield start + ${i};
          try { sent = yield sent; } catch (error) { sent = 'caught ' + error.message; }
          return sent;
        }`)() as (start: number) => Generator<unknown, unknown, unknown>,
    );
    makers.forEach((make, i) => {
      const g = make(100);
      expect(stepCoroutine(g, false, undefined)).toEqual({ value: 100 + i, done: false });
      expect(stepCoroutine(g, false, 'sent')).toEqual({ value: 'sent', done: false });
      expect(stepCoroutine(g, true, new Error('boom'))).toEqual({ value: 'caught boom', done: true });
      expect(stepCoroutine(g, false, 'late')).toEqual({ value: undefined, done: true });
    });
    const unstarted = makers[0]!(0);
    const boom = new Error('thrown before the first step');
    expect(() => stepCoroutine(unstarted, true, boom)).toThrow(boom);
  });

  it('steps any other coroutine through its own next and throw', () => {
    const calls: unknown[] = [];
    const handMade = {
      next: (value: unknown) => {
        calls.push(['next', value]);
        return { done: false, value: 'from next' };
      },
      throw: (error: unknown) => {
        calls.push(['throw', error]);
        return { done: true, value: 'from throw' };
      },
      [Symbol.iterator]() {
        return this;
      },
    } as Iterator<unknown, unknown, unknown>;
    expect(stepCoroutine(handMade, false, 1)).toEqual({ done: false, value: 'from next' });
    expect(stepCoroutine(handMade, true, 2)).toEqual({ done: true, value: 'from throw' });
    expect(calls).toEqual([
      ['next', 1],
      ['throw', 2],
    ]);
  });
});
