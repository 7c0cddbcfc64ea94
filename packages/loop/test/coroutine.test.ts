import { describe, expect, it } from 'vitest';
import { isCoroutine } from '@async/loop';

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
