import { describe, expect, it } from 'vitest';
import * as asyncio from '@async/asyncio';
import * as core from '@async/loop';

describe('@async/asyncio re-exports the core', () => {
  it('uses the core classes and functions themselves, not copies', () => {
    const shared = [
      'Future',
      'Task',
      'Handle',
      'TimerHandle',
      'CancelledError',
      'TimeoutError',
      'InvalidStateError',
      'InvalidArgumentError',
      'LoopClosedError',
      'LoopStateError',
      'NotImplementedError',
      'getEventLoop',
      'getRunningLoop',
      'setEventLoop',
      'newEventLoop',
      'isFuture',
      'isCoroutine',
    ] as const;
    for (const name of shared) expect(asyncio[name], name).toBe(core[name]);
    const loop = asyncio.newEventLoop();
    expect(loop).toBeInstanceOf(core.NodeEventLoop);
    loop.close();
  });
});
