// Runs a coroutine with asyncio's run() on a VirtualEventLoop, so timers take no real time and
// every test sees the same order of events. Also records what the loop's exception handler gets.
import { type Coroutine, run } from '@async/asyncio';
import type { EventLoop, ExceptionContext } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';

/** What a `runVirtual()` call leaves behind for assertions. */
export interface VirtualRun {
  loop: VirtualEventLoop | null;
  reported: ExceptionContext[];
}

/** Runs `main` with `run()` on a new `VirtualEventLoop`; `record` receives the loop and reports. */
export function runVirtual<T>(main: Coroutine<T>, record: VirtualRun = { loop: null, reported: [] }): Promise<T> {
  return run(main, {
    loopFactory: (): EventLoop => {
      const loop = new VirtualEventLoop();
      loop.setExceptionHandler((_loop, context) => record.reported.push(context));
      record.loop = loop;
      return loop;
    },
  });
}
