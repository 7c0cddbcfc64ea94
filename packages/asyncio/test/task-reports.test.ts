// A task whose exception nobody retrieves, and a task collected while still pending, are
// reported through the loop's exception handler when they are garbage-collected, with the
// task's name and, in debug mode, where the task was created.
import { describe, expect, it } from 'vitest';
import { type Coroutine, createTask, getRunningLoop, sleep } from '@async/asyncio';
import type { ExceptionContext } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { collectGarbageUntil } from './collect-garbage.js';

function newLoop(debug: boolean): [VirtualEventLoop, ExceptionContext[]] {
  const loop = new VirtualEventLoop();
  loop.setDebug(debug);
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => reported.push(context));
  return [loop, reported];
}

// eslint-disable-next-line require-yield
function* failing(): Coroutine<void> {
  throw new Error('nobody looked');
}

function* stuck(): Coroutine<void> {
  // A future that nothing else references: nobody can ever complete it.
  yield* getRunningLoop().createFuture<void>();
}

/** Starts a task named `name` from a coroutine on `loop`, drops it, and runs the loop on. */
async function startAndDrop(loop: VirtualEventLoop, body: () => Coroutine<void>, name: string): Promise<void> {
  await loop.runUntilComplete(
    (function* (): Coroutine<void> {
      createTask(body(), { name });
      yield* sleep(1);
    })(),
  );
}

describe('task reports on garbage collection', () => {
  it('a never-retrieved task exception names the task and, in debug mode, where it was created', async () => {
    const [loop, reported] = newLoop(true);
    try {
      await startAndDrop(loop, failing, 'lost-task');
      expect(await collectGarbageUntil(() => reported.length > 0)).toBe(true);
    } finally {
      loop.close();
    }
    expect(reported).toHaveLength(1);
    const [context] = reported as [ExceptionContext];
    expect(context.message).toBe('Task lost-task exception was never retrieved');
    expect((context.exception as Error).message).toBe('nobody looked');
    expect(context.sourceTraceback).toMatch(/task-reports\.test\.ts/);
  });

  it('is reported without a traceback outside debug mode, and not at all once retrieved', async () => {
    const [loop, reported] = newLoop(false);
    try {
      await startAndDrop(loop, failing, 'plain-task');
      await loop.runUntilComplete(
        (function* (): Coroutine<void> {
          const seen = createTask(failing(), { name: 'seen-task' });
          yield* sleep(1);
          seen.exception();
        })(),
      );
      expect(await collectGarbageUntil(() => reported.length > 0)).toBe(true);
      // More rounds, so that a report of the retrieved one would have had its chance.
      await collectGarbageUntil(() => false, 5);
    } finally {
      loop.close();
    }
    expect(reported.map((c) => c.message)).toEqual(['Task plain-task exception was never retrieved']);
    expect(reported[0]!.sourceTraceback).toBeUndefined();
  });

  it('a task destroyed while pending is reported in debug mode, with its name and traceback', async () => {
    const [loop, reported] = newLoop(true);
    try {
      await startAndDrop(loop, stuck, 'stuck-task');
      expect(await collectGarbageUntil(() => reported.length > 0)).toBe(true);
    } finally {
      loop.close();
    }
    expect(reported).toHaveLength(1);
    expect(reported[0]!.message).toBe('Task was destroyed but it is pending: stuck-task');
    expect(reported[0]!.sourceTraceback).toMatch(/task-reports\.test\.ts/);
  });
});
