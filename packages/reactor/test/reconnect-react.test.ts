// ReconnectingClientFactory's backoff and react(), on the VirtualEventLoop's in-memory network.
import { describe, expect, it } from 'vitest';
import { VirtualEventLoop } from '@async/loop-testing';
import { Factory, Protocol, ReconnectingClientFactory, Reactor, deferLater, react, type Connector, type Failure } from '@async/reactor';

describe('ReconnectingClientFactory', () => {
  it('retries with exponential backoff until maxRetries, then stops', async () => {
    const loop = new VirtualEventLoop();
    const r = new Reactor(loop);
    const attempts: number[] = [];
    class Retrying extends ReconnectingClientFactory {
      override protocol = Protocol;
      override jitter = 0;
      override maxRetries = 3;
      override clientConnectionFailed(connector: Connector, reason: Failure): void {
        attempts.push(Math.round(r.seconds() * 1000) / 1000);
        super.clientConnectionFailed(connector, reason);
        if (this.retries > this.maxRetries!) r.stop();
      }
    }
    const factory = new Retrying();
    factory.clock = r;
    r.callWhenRunning(() => r.connectTCP('127.0.0.1', 9, factory, { timeout: 5 }));
    await r.run();
    // Delays e, e^2, e^3 seconds between the four attempts.
    const e = Math.E;
    expect(attempts).toEqual([0, e, e + e ** 2, e + e ** 2 + e ** 3].map((t) => Math.round(t * 1000) / 1000));
    loop.close();
  });

  it('resetDelay() after a working connection; stopTrying() stops reconnecting after a loss', async () => {
    const loop = new VirtualEventLoop();
    const r = new Reactor(loop);
    const events: string[] = [];
    class Hangup extends Protocol {
      override connectionMade(): void {
        this.transport!.loseConnection();
      }
    }
    class Client extends ReconnectingClientFactory {
      override protocol = Protocol;
      override clientConnectionLost(connector: Connector, reason: Failure): void {
        events.push(`lost ${reason.type?.name} retries=${this.retries}`);
        this.resetDelay();
        this.stopTrying();
        super.clientConnectionLost(connector, reason);
        r.stop();
      }
    }
    const factory = new Client();
    factory.clock = r;
    r.callWhenRunning(() => {
      r.listenTCP(7000, Factory.forProtocol(Hangup), { interface: '127.0.0.1' }).addCallback(() => {
        r.connectTCP('127.0.0.1', 7000, factory);
      });
    });
    await r.run();
    expect(events).toEqual(['lost ConnectionDone retries=0']);
    expect(factory.continueTrying).toBe(false);
    loop.close();
  });
});

describe('react', () => {
  it('runs main, stops when its Deferred fires, and resolves with the exit code', async () => {
    const loop = new VirtualEventLoop();
    const r = new Reactor(loop);
    const log: string[] = [];
    const ok = await react(
      (reactor, who: string) => deferLater(reactor, 3, () => log.push(`hello ${who} at ${reactor.seconds()}`)),
      ['world'],
      r,
    );
    const reports: unknown[] = [];
    r.setExceptionHandler((_l, c) => reports.push(c.exception));
    const bad = await react(
      () => {
        throw new RangeError('main failed');
      },
      [],
      r,
    );
    expect([ok, bad, log]).toEqual([0, 1, ['hello world at 3']]);
    expect(reports[0]).toBeInstanceOf(RangeError);
    loop.close();
  });
});
