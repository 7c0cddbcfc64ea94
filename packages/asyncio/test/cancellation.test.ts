// Cancellation cases the issue names, checked against CPython's output for the same program:
// a task cancelled while it waits on gather(), and waitFor() timing out a task that swallows
// its CancelledError (the work's result wins, once the work has cleaned up).
import { describe, expect, it } from 'vitest';
import { type Coroutine, CancelledError, createTask, gather, getRunningLoop, sleep, waitFor } from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

function* stubborn(): Coroutine<string> {
  try {
    yield* sleep(10);
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    yield* sleep(0.5);
    return 'swallowed';
  }
  return 'slept';
}

describe('cancellation', () => {
  it('waitFor() on a task that swallows the cancellation returns its result after its cleanup', async () => {
    // CPython 3.11 prints "swallowed 1.5" then "swallowed 3.0".
    function* main(): Coroutine<string[]> {
      const loop = getRunningLoop();
      const out: string[] = [];
      const task = createTask(stubborn());
      out.push(`${yield* waitFor(task, 1)} ${loop.time()}`);
      out.push(`${yield* waitFor(stubborn(), 1)} ${loop.time()}`);
      return out;
    }
    expect(await runVirtual(main())).toEqual(['swallowed 1.5', 'swallowed 3']);
  });

  it('a task cancelled while it waits on gather() cancels every child', async () => {
    // CPython 3.11: waiter cancelled ('stop',) ['a cancelled', 'b cancelled'] True
    function* main(): Coroutine<[string[], string, boolean]> {
      const log: string[] = [];
      function* child(name: string): Coroutine<void> {
        try {
          yield* sleep(10);
        } catch (error) {
          log.push(`${name} cancelled`);
          throw error;
        }
      }
      const waiter = createTask(
        (function* (): Coroutine<void> {
          yield* gather(child('a'), child('b'));
        })(),
      );
      yield* sleep(0.1);
      waiter.cancel('stop');
      try {
        yield* waiter;
      } catch (error) {
        return [log, (error as CancelledError).message, waiter.cancelled()];
      }
      return [log, '', false];
    }
    expect(await runVirtual(main())).toEqual([['a cancelled', 'b cancelled'], 'stop', true]);
  });
});
