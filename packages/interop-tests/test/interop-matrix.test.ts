// The interop matrix: every driver (drivers.ts) waiting on every waitable (waitables.ts), on
// every host loop (hosts.ts). Each pair gets the same checks: the result arrives; an error
// arrives as the same object (type and cause kept); cancelling the driver cancels what it waits
// on and runs its `finally`; cancelling what it waits on raises CancelledError in it; its
// front's timeout works on the foreign waitable. A row that cannot be cancelled or has no
// timeout says why, and its pairs get no such test. A new front or waitable is a new row.
import { describe, expect, it } from 'vitest';
import { CancelledError, type Coroutine, type EventLoop, type Future } from '@async/loop';
import { hosts, type HostRow } from './hosts.js';
import { drivers, Recorder } from './drivers.js';
import { waitables } from './waitables.js';

class BoomError extends Error {
  override name = 'BoomError';
}

/** A pause of `seconds` on the host: lets a driver reach its wait, or a cancellation spread. */
function pause(loop: EventLoop, seconds: number): Future<void> {
  const f = loop.createFuture<void>();
  loop.callLater(seconds, () => f.setResult());
  return f;
}

/** Runs `body` as a task on a fresh host, then closes the loop under it. */
async function scenario(row: HostRow, body: (loop: EventLoop) => Coroutine<void>): Promise<void> {
  const { host, base } = row.make();
  // A greenlet that fails reports its error, as gevent prints it: expected here, kept quiet.
  base.setExceptionHandler(() => {});
  try {
    await host.runUntilComplete(host.createTask(body(host)));
  } finally {
    base.close();
  }
}

const WAIT = 0.01;
const TIMEOUT = 0.03;

for (const hostRow of hosts) {
  describe(`on ${hostRow.name}`, () => {
    for (const driver of drivers) {
      describe(driver.name, () => {
        for (const row of waitables) {
          describe(`waiting on a ${row.name}`, () => {
            it('receives the result', () =>
              scenario(hostRow, function* (loop) {
                const made = row.make(loop);
                const rec = new Recorder(loop);
                driver.start(loop, made.waitable, rec);
                yield* pause(loop, WAIT);
                made.resolve(42);
                yield* rec.done;
                expect(rec.outcome).toEqual({ ok: true, value: 42 });
              }));

            it('receives the error as it was thrown, type and cause kept', () =>
              scenario(hostRow, function* (loop) {
                const made = row.make(loop);
                const rec = new Recorder(loop);
                const cause = new RangeError('root cause');
                const boom = new BoomError('boom', { cause });
                driver.start(loop, made.waitable, rec);
                yield* pause(loop, WAIT);
                made.reject(boom);
                yield* rec.done;
                expect(rec.outcome).toEqual({ ok: false, error: boom });
                const error = (rec.outcome as { error: Error }).error;
                expect(error).toBeInstanceOf(BoomError);
                expect(error.cause).toBe(cause);
              }));

            if (driver.cancel !== undefined) {
              const cancel = driver.cancel;
              const title =
                row.cannotCancel === undefined
                  ? 'cancelling the driver cancels the waitable and runs the driver’s finally'
                  : 'cancelling the driver runs its finally and drops the late outcome';
              it(title, () =>
                scenario(hostRow, function* (loop) {
                  const made = row.make(loop);
                  const rec = new Recorder(loop);
                  const handle = driver.start(loop, made.waitable, rec);
                  yield* pause(loop, WAIT);
                  cancel(handle);
                  yield* rec.done;
                  expect(rec.finallyRan).toBe(true);
                  expect((rec.outcome as { error: unknown }).error).toBeInstanceOf(driver.cancelError!);
                  yield* pause(loop, WAIT);
                  expect(made.wasCancelled()).toBe(row.cannotCancel === undefined);
                  if (row.cannotCancel !== undefined) {
                    const seen = rec.outcome;
                    made.resolve('late');
                    yield* pause(loop, WAIT);
                    expect(rec.outcome).toBe(seen);
                  }
                }),
              );
            }

            if (row.cannotCancel === undefined) {
              it('cancelling the waitable raises CancelledError in the driver', () =>
                scenario(hostRow, function* (loop) {
                  const made = row.make(loop);
                  const rec = new Recorder(loop);
                  driver.start(loop, made.waitable, rec);
                  yield* pause(loop, WAIT);
                  made.cancel!();
                  yield* rec.done;
                  expect((rec.outcome as { error: unknown }).error).toBeInstanceOf(CancelledError);
                  expect(made.wasCancelled()).toBe(true);
                }),
              );
            }

            if (driver.timeoutError !== undefined) {
              const cancels = driver.timeoutCancels === true && row.cannotCancel === undefined;
              it(`its front's timeout raises ${driver.timeoutError.name}${cancels ? ' and cancels the waitable' : ''}`, () =>
                scenario(hostRow, function* (loop) {
                  const made = row.make(loop);
                  const rec = new Recorder(loop);
                  driver.start(loop, made.waitable, rec, TIMEOUT);
                  yield* rec.done;
                  expect((rec.outcome as { error: unknown }).error).toBeInstanceOf(driver.timeoutError!);
                  yield* pause(loop, WAIT);
                  expect(made.wasCancelled()).toBe(cancels);
                }),
              );
            }
          });
        }
      });
    }
  });
}
