import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@async/loop';
import { Timeout, cooperative, sleep, spawn, waitAsync, waitPromise, withTimeout } from '@async/hub';
import { useVirtualHub } from './virtual-hub.js';

useVirtualHub();

/** A promise-returning function that settles only when aborted, recording the abort. */
function pending(aborted: unknown[]) {
  return (label: string, options: { signal?: AbortSignal } = {}) =>
    new Promise<string>((_resolve, reject) => {
      options.signal?.addEventListener('abort', () => {
        aborted.push(`${label}: ${(options.signal!.reason as Error).name}`);
        reject(options.signal!.reason);
      });
    });
}

describe('monkey: promises in greenlets', () => {
  it('waitPromise blocks a greenlet on a promise and raises its rejection', async () => {
    const g = spawn(function* () {
      const v = yield* waitPromise(Promise.resolve(41));
      try {
        yield* waitPromise(Promise.reject(new RangeError('no')));
      } catch (e) {
        return [v + 1, (e as Error).name];
      }
    });
    expect(await g).toEqual([42, 'RangeError']);
    expect(() => waitPromise(42 as never)).toThrow(InvalidArgumentError);
  });

  it('cooperative() wraps a promise-returning function; kill aborts its signal', async () => {
    const aborted: unknown[] = [];
    const call = cooperative(pending(aborted), { signal: 'options' });
    const g = spawn(function* () {
      return yield* call('killed');
    });
    await sleep(1);
    await g.kill();
    await sleep(0);
    expect(aborted).toEqual(['killed: CancelledError']);
  });

  it('a Timeout aborts the signal too', async () => {
    const aborted: unknown[] = [];
    const call = cooperative(pending(aborted), { signal: 'options' });
    expect(await withTimeout(1, () => call('timed out'), { timeoutValue: 'gave up' })).toBe('gave up');
    await sleep(0);
    expect(aborted).toEqual(['timed out: CancelledError']);
  });

  it("passes the signal as the last argument with { signal: 'last' }, and waitAsync gives it directly", async () => {
    const seen: boolean[] = [];
    const last = cooperative(async (x: number, signal?: AbortSignal) => {
      seen.push(signal instanceof AbortSignal);
      return x * 2;
    }, { signal: 'last' });
    expect(await spawn(() => last(21))).toBe(42);
    expect(await spawn(() => waitAsync(async (signal) => signal.aborted))).toBe(false);
    expect(seen).toEqual([true]);
    expect(() => cooperative(async () => 1, { signal: 'first' as never })).toThrow(InvalidArgumentError);
  });

  it('a Timeout during waitPromise leaves the promise alone', async () => {
    let resolveIt!: (v: string) => void;
    const promise = new Promise<string>((r) => (resolveIt = r));
    const g = spawn(function* () {
      try {
        yield* withTimeout(1, () => waitPromise(promise));
      } catch (e) {
        return e instanceof Timeout;
      }
    });
    expect(await g).toBe(true);
    resolveIt('late');
    expect(await promise).toBe('late');
  });
});
