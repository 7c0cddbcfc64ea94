import { describe, expect, it } from 'vitest';
import { CancelledError, type Coroutine, createTask, ensureFuture, getRunningLoop, shield, sleep, waitFor, TimeoutError } from '@async/asyncio';
import { runVirtual } from './virtual-run.js';

describe('shield', () => {
  it('cancelling the waiter does not cancel the shielded task', async () => {
    // Python 3.13: ['outer cancelled', 'inner cancelled? False', 'inner done', 'inner result 42']
    const log: string[] = [];
    function* inner(): Coroutine<number> {
      yield* sleep(2);
      log.push('inner done');
      return 42;
    }
    function* main(): Coroutine<void> {
      const t = createTask(inner());
      function* outer(): Coroutine<number> {
        try {
          return yield* shield(t);
        } catch (e) {
          log.push('outer cancelled');
          throw e;
        }
      }
      const o = createTask(outer());
      yield* sleep(1);
      o.cancel();
      try {
        yield* o;
      } catch {
        // cancelled
      }
      log.push(`inner cancelled? ${t.cancelled()}`);
      log.push(`inner result ${yield* t}`);
    }
    await runVirtual(main());
    expect(log).toEqual(['outer cancelled', 'inner cancelled? false', 'inner done', 'inner result 42']);
  });

  it('follows the inner outcome: result, error, cancellation; a done future is returned as is', async () => {
    function* main(): Coroutine<unknown[]> {
      const loop = getRunningLoop();
      const ok = shield(sleep(1, 'ok'));
      const failing = loop.createFuture<number>();
      const shieldedFailure = shield(failing);
      failing.setException(new RangeError('inner failed'));
      const cancelled = loop.createFuture<number>();
      const shieldedCancel = shield(cancelled);
      cancelled.cancel();
      const done = loop.createFuture<number>();
      done.setResult(1);
      const outcomes: unknown[] = [yield* ok, shield(done) === done];
      try {
        yield* shieldedFailure;
      } catch (e) {
        outcomes.push((e as Error).message);
      }
      try {
        yield* shieldedCancel;
      } catch (e) {
        outcomes.push(e instanceof CancelledError);
      }
      // waitFor() over a shield: the timeout does not stop the shielded work.
      const work = ensureFuture(sleep(3, 'late'));
      try {
        yield* waitFor(shield(work), 1);
      } catch (e) {
        outcomes.push(e instanceof TimeoutError, yield* work);
      }
      return outcomes;
    }
    expect(await runVirtual(main())).toEqual(['ok', true, 'inner failed', true, true, 'late']);
  });
});
