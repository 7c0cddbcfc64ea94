/**
 * How the engine takes an I/O event's work (`_callSoonFromIo`, what a socket transport hands it
 * for each chunk read): an idle running loop runs the iteration at once, inside the event; a busy
 * one queues the work behind what is ready, as `callSoon` does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LoopClosedError, NodeEventLoop, type Runnable, getRunningLoopOrNull } from '@async/loop';

let loop: NodeEventLoop;
afterEach(() => {
  if (!loop.isRunning() && !loop.isClosed()) loop.close();
});

function work(run: () => void): Runnable {
  return { _run: run };
}

/** Runs `fn` from a Node immediate while `loop` runs: outside its iterations. */
function fromNodeEvent(fn: () => void): void {
  loop.callSoon(() => setImmediate(fn));
}

describe('I/O events on the engine loop', () => {
  it('runs the work at once when the running loop is idle, with the loop as the running loop', async () => {
    loop = new NodeEventLoop();
    const seen: string[] = [];
    const done = loop.createFuture<void>();
    fromNodeEvent(() => {
      loop._callSoonFromIo(
        work(() => {
          seen.push(`work, running loop is ours: ${getRunningLoopOrNull() === loop}`);
          loop.callSoon(() => {
            seen.push('scheduled by the work');
            done.setResult();
          });
        }),
      );
      seen.push('event returned');
    });
    await loop.runUntilComplete(done);
    expect(seen).toEqual(['work, running loop is ours: true', 'event returned', 'scheduled by the work']);
  });

  it('queues the work behind the ready callbacks when the loop is busy', async () => {
    loop = new NodeEventLoop();
    const seen: string[] = [];
    const done = loop.createFuture<void>();
    fromNodeEvent(() => {
      loop.callSoon(() => seen.push('ready first'));
      loop._callSoonFromIo(
        work(() => {
          seen.push('work');
          done.setResult();
        }),
      );
      seen.push('event returned');
    });
    await loop.runUntilComplete(done);
    expect(seen).toEqual(['event returned', 'ready first', 'work']);
  });

  it('runs the work before the timers that are due in the same iteration, as asyncio does', async () => {
    loop = new NodeEventLoop();
    const seen: string[] = [];
    const done = loop.createFuture<void>();
    fromNodeEvent(() => {
      // Due at once: the next iteration finds it due, whoever starts that iteration.
      loop.callAt(loop.time() - 1, () => {
        seen.push('timer');
        done.setResult();
      });
      loop._callSoonFromIo(work(() => seen.push('work')));
    });
    await loop.runUntilComplete(done);
    expect(seen).toEqual(['work', 'timer']);
  });

  it('keeps the work for the first iteration when the loop is not running', async () => {
    loop = new NodeEventLoop();
    const seen: string[] = [];
    loop.callSoon(() => seen.push('callSoon'));
    loop._callSoonFromIo(work(() => seen.push('work')));
    expect(seen).toEqual([]);
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    expect(seen).toEqual(['callSoon', 'work']);
  });

  it('stops at once when the work calls stop()', async () => {
    loop = new NodeEventLoop();
    const seen: string[] = [];
    fromNodeEvent(() => {
      loop._callSoonFromIo(
        work(() => {
          seen.push('work');
          loop.stop();
          loop.callSoon(() => seen.push('next iteration'));
        }),
      );
    });
    await loop.runForever();
    expect(loop.isRunning()).toBe(false);
    // As after any iteration that called stop(): what it scheduled waits for the next run.
    expect(seen).toEqual(['work']);
  });

  it('refuses work on a closed loop', () => {
    loop = new NodeEventLoop();
    loop.close();
    expect(() => loop._callSoonFromIo(work(() => {}))).toThrow(LoopClosedError);
  });
});
