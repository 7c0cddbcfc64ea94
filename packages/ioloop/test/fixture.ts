// A fresh IOLoop on a VirtualEventLoop per test, recording what reaches the exception handler,
// and closed (with the current loop cleared) after the test whatever happened.
import { afterEach } from 'vitest';
import { type ExceptionContext, setEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { IOLoop } from '@async/ioloop';

/** What `virtualIOLoop()` returns. */
export interface VirtualIOLoop {
  loop: VirtualEventLoop;
  ioloop: IOLoop;
  reported: ExceptionContext[];
}

const made: VirtualIOLoop[] = [];

afterEach(() => {
  for (const { loop, ioloop } of made.splice(0)) {
    if (loop.isRunning()) loop.stop();
    if (!loop.isClosed() && !loop.isRunning()) ioloop.close({ allFds: true });
  }
  setEventLoop(null);
});

/** A new IOLoop on a new VirtualEventLoop, made current. */
export function virtualIOLoop(): VirtualIOLoop {
  const loop = new VirtualEventLoop();
  const reported: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => reported.push(context));
  const ioloop = new IOLoop({ loop, makeCurrent: true });
  const entry = { loop, ioloop, reported };
  made.push(entry);
  return entry;
}
