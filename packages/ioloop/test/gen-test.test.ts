import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, TimeoutError, getEventLoop } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { IOLoop, TCPServer, gen, genTest } from '@async/ioloop';

describe('genTest', () => {
  it('runs the body on a fresh current IOLoop and returns its result', async () => {
    let seen: IOLoop | null = null;
    const result = await genTest<string>(function* (ioloop) {
      seen = ioloop;
      expect(IOLoop.current()).toBe(ioloop);
      yield gen.sleep(0.001);
      return 'ok';
    })();
    expect(result).toBe('ok');
    expect(seen!.isClosed()).toBe(true);
    expect(getEventLoop()).not.toBe(seen!.asyncioLoop);
    getEventLoop().close();
  });

  it('times out on the virtual clock and closes the servers the test opened', async () => {
    let server: TCPServer | null = null;
    const run = genTest(
      function* () {
        server = new TCPServer({ handleStream: () => {} });
        yield server.listen(80, '127.0.0.1');
        yield gen.sleep(60);
      },
      { timeout: 10, loopFactory: () => new VirtualEventLoop() },
    );
    await expect(run()).rejects.toThrow(TimeoutError);
    expect(server!.addresses()).toEqual([]);
  });

  it('rejects bad arguments', () => {
    expect(() => genTest(1 as never)).toThrow(InvalidArgumentError);
    expect(() => genTest(() => {}, { timeout: -1 })).toThrow(InvalidArgumentError);
  });
});
