// Each test gets a fresh VirtualEventLoop as the current loop, so timing is virtual and exact,
// and errors reported through the exception handler are collected instead of printed.
import { afterEach, beforeEach } from 'vitest';
import { type ExceptionContext, setEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { type Hub, getHub } from '@async/hub';

export interface VirtualHub {
  loop: VirtualEventLoop;
  hub: Hub;
  reported: ExceptionContext[];
}

/** Installs a fresh virtual loop (and its hub) around every test of the calling file. */
export function useVirtualHub(): VirtualHub {
  const env = {} as VirtualHub;
  beforeEach(() => {
    env.loop = new VirtualEventLoop();
    env.reported = [];
    env.loop.setExceptionHandler((_loop, context) => env.reported.push(context));
    setEventLoop(env.loop);
    env.hub = getHub(env.loop);
  });
  afterEach(() => {
    setEventLoop(null);
    // A test that failed while the loop ran leaves it running; stop it so later tests are not
    // dispatched on it.
    if (env.loop.isRunning()) env.loop.stop();
    else env.loop.close();
  });
  return env;
}
