// The bad-input list in one place, each with its asyncio-equivalent typed error: a
// non-coroutine given to createTask(), waiting on a future of another loop, run() inside a
// running loop, readexactly() past the end of the stream, and a line past the reader's limit.
import { describe, expect, it } from 'vitest';
import {
  type Coroutine,
  IncompleteReadError,
  InvalidArgumentError,
  LimitOverrunError,
  LoopStateError,
  StreamReader,
  createTask,
  fromPromise,
  getRunningLoop,
  run,
} from '@async/asyncio';
import { VirtualEventLoop } from '@async/loop-testing';
import { runVirtual } from './virtual-run.js';

function* caught(body: () => Coroutine<unknown>): Coroutine<unknown> {
  try {
    yield* body();
  } catch (error) {
    return error;
  }
  return null;
}

describe('bad input', () => {
  it('createTask() of something that is not a coroutine: InvalidArgumentError', async () => {
    function* main(): Coroutine<unknown> {
      function* gen(): Coroutine<number> {
        return 1;
      }
      try {
        createTask(gen as unknown as Coroutine<number>);
      } catch (error) {
        return error;
      }
      return null;
    }
    const error = await runVirtual(main());
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/call the generator function/);
  });

  it('waiting on a future of another loop: InvalidArgumentError at the yield*', async () => {
    const other = new VirtualEventLoop();
    try {
      const error = await runVirtual(caught(() => other.createFuture<void>()[Symbol.iterator]()));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(/different loop/);
    } finally {
      other.close();
    }
  });

  it('run() inside a running loop: LoopStateError', async () => {
    function* inner(): Coroutine<number> {
      return 1;
    }
    function* main(): Coroutine<unknown> {
      // run() refuses before it creates anything: its promise rejects.
      return yield* caught(() => fromPromise(run(inner()))[Symbol.iterator]());
    }
    const error = await runVirtual(main());
    expect(error).toBeInstanceOf(LoopStateError);
    expect((error as Error).message).toMatch(/cannot be called from a running event loop/);
  });

  it('readexactly() past the end of the stream: IncompleteReadError', async () => {
    function* main(): Coroutine<unknown> {
      const reader = new StreamReader({ loop: getRunningLoop() });
      reader.feedData(Buffer.from('abc'));
      reader.feedEof();
      return yield* caught(() => reader.readexactly(4));
    }
    const error = (await runVirtual(main())) as IncompleteReadError;
    expect(error).toBeInstanceOf(IncompleteReadError);
    expect([error.partial.toString(), error.expected]).toEqual(['abc', 4]);
  });

  it('a line past the limit: LimitOverrunError, with how much to consume', async () => {
    function* main(): Coroutine<unknown> {
      const reader = new StreamReader({ loop: getRunningLoop(), limit: 8 });
      reader.feedData(Buffer.from('0123456789abcdef\n'));
      return yield* caught(() => reader.readline());
    }
    const error = (await runVirtual(main())) as LimitOverrunError;
    expect(error).toBeInstanceOf(LimitOverrunError);
    expect(error.consumed).toBe(16);
    expect(error.message).toMatch(/longer than the limit of 8 bytes/);
  });
});
