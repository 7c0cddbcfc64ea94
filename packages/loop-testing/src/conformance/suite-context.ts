/**
 * What every conformance test receives: a way to get a fresh loop from the implementation's
 * factory (stopped and closed after the test, whatever happened), the resolved options, and the
 * small helpers the topic files share (capturing reports, a muted `console.error`, Node turns).
 * Keeping loop ownership here means a failing test can never leak a running loop into the next.
 */
import { afterEach, vi, type MockInstance } from 'vitest';
import type { EventLoop, ExceptionContext } from '@async/loop';

/** Options that adapt the suite to one `EventLoop` implementation. */
export interface ConformanceOptions<L extends EventLoop = EventLoop> {
  /**
   * Makes the code that calls it take `seconds` of the loop's own time, so the debug-mode test
   * can produce a slow callback. It is called from inside a callback. The default busy-waits
   * until `loop.time()` has moved on by `seconds`, which is right for loops on a real clock; a
   * loop on a virtual clock must move its clock instead (for `VirtualEventLoop`:
   * `(loop, s) => loop.jump(s)`).
   */
  burnTime?: (loop: L, seconds: number) => void;
  /**
   * How early, in seconds, a timer may run before its deadline because the loop's wake-up timer
   * is coarser than its clock (asyncio's `clock_resolution`). Default 0.001, Node's timer
   * granularity; a virtual clock can use 0.
   */
  clockResolution?: number;
}

/** The per-test helpers handed to each topic of the suite. */
export interface SuiteContext<L extends EventLoop = EventLoop> {
  /** A new loop from the implementation's factory; stopped and closed after the test. */
  newLoop(): L;
  /** See `ConformanceOptions.burnTime`, with its default filled in. */
  burnTime(loop: L, seconds: number): void;
  /** See `ConformanceOptions.clockResolution`, with its default filled in. */
  readonly clockResolution: number;
  /** Installs an exception handler on `loop` that records every context it receives. */
  captureExceptions(loop: EventLoop): ExceptionContext[];
  /** Replaces `console.error` with a silent spy for the rest of the test. */
  spyOnConsoleError(): MockInstance<(...args: unknown[]) => void>;
}

/** Resolves after `count` turns of Node's event loop (each one a `setImmediate`). */
export async function nodeTurns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/*
 * The default `burnTime`: spin on the loop's clock. A clock that does not move within a second of
 * real time is virtual, and spinning on it would hang the test run, so say what to do instead.
 */
function busyWait(loop: EventLoop, seconds: number): void {
  const start = loop.time();
  const giveUpAt = performance.now() + 1000;
  while (loop.time() - start < seconds) {
    if (performance.now() > giveUpAt) {
      throw new Error(
        "the loop's clock did not move while busy-waiting: pass a burnTime option that moves it " +
          '(for a virtual clock, jump it forward)',
      );
    }
  }
}

/**
 * Creates the context for one `describeEventLoopConformance` block and registers the `afterEach`
 * hook that cleans up after every test. Call it inside the block's `describe`.
 */
export function createSuiteContext<L extends EventLoop>(
  factory: () => L,
  options: ConformanceOptions<L> = {},
): SuiteContext<L> {
  const loops: L[] = [];
  const spies: MockInstance[] = [];

  afterEach(async () => {
    for (const spy of spies.splice(0)) spy.mockRestore();
    for (const loop of loops.splice(0)) {
      if (loop.isRunning()) {
        loop.stop();
        for (let i = 0; i < 1000 && loop.isRunning(); i++) await nodeTurns(1);
      }
      if (!loop.isRunning()) loop.close();
    }
  });

  return {
    newLoop(): L {
      const loop = factory();
      loops.push(loop);
      return loop;
    },
    burnTime: options.burnTime ?? busyWait,
    clockResolution: options.clockResolution ?? 0.001,
    captureExceptions(loop: EventLoop): ExceptionContext[] {
      const seen: ExceptionContext[] = [];
      loop.setExceptionHandler((_loop, context) => {
        seen.push(context);
      });
      return seen;
    },
    spyOnConsoleError(): MockInstance<(...args: unknown[]) => void> {
      const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
      spies.push(spy);
      return spy;
    },
  };
}
