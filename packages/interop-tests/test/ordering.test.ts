// The ordering guarantees of docs/mixing-frameworks.md, one test each: what runs before what
// when callbacks, timers and coroutines of different fronts share one loop. All on the virtual
// loop (deterministic), with every front hosted on it.
import { describe, expect, it } from 'vitest';
import { type Coroutine } from '@async/loop';
import { VirtualEventLoop } from '@async/loop-testing';
import { sleep as asyncioSleep } from '@async/asyncio';
import { Deferred, Reactor, inlineCallbacks } from '@async/reactor';
import { IOLoop, coroutine, sleep as tornadoSleep } from '@async/ioloop';
import { getHub, sleep as geventSleep, spawn } from '@async/hub';

function fronts() {
  const loop = new VirtualEventLoop();
  return { loop, reactor: new Reactor(loop), ioloop: IOLoop.forLoop(loop), hub: getHub(loop) };
}

/** Runs `body` as a task on the loop until it is done, then closes the loop. */
async function within(loop: VirtualEventLoop, body: () => Coroutine<void>): Promise<void> {
  try {
    await loop.runUntilComplete(loop.createTask(body()));
  } finally {
    loop.close();
  }
}

describe('ordering across fronts on one loop', () => {
  it('callbacks scheduled through any front run in the order they were scheduled (one ready queue)', async () => {
    const { loop, reactor, ioloop, hub } = fronts();
    const log: string[] = [];
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      ioloop.addCallback(() => log.push('tornado'));
      hub.callSoon(() => log.push('gevent'));
      reactor.callSoon(() => log.push('twisted'));
      loop.callSoon(() => log.push('asyncio'));
      loop.callSoon(() => done.setResult());
    });
    await loop.runUntilComplete(done);
    loop.close();
    expect(log).toEqual(['tornado', 'gevent', 'twisted', 'asyncio']);
  });

  it('timers of every front fire by deadline, equal deadlines first-in first-out (one timer heap)', async () => {
    const { loop, reactor, ioloop, hub } = fronts();
    const log: string[] = [];
    await within(loop, function* () {
      reactor.callLater(2, () => log.push('twisted 2'));
      ioloop.callLater(1, () => log.push('tornado 1'));
      hub.callLater(2, () => log.push('gevent 2'));
      loop.callLater(1, () => log.push('asyncio 1'));
      yield* asyncioSleep(3);
    });
    expect(log).toEqual(['tornado 1', 'asyncio 1', 'twisted 2', 'gevent 2']);
  });

  it('a Deferred runs its callbacks inside callback(), before anything already scheduled', async () => {
    const { loop } = fronts();
    const log: string[] = [];
    await within(loop, function* () {
      const d = new Deferred<string>();
      d.addCallback((v) => log.push(`deferred ${v}`));
      loop.callSoon(() => log.push('scheduled before'));
      d.callback('fired');
      log.push('after callback()');
      yield* asyncioSleep(0);
    });
    expect(log).toEqual(['deferred fired', 'after callback()', 'scheduled before']);
  });

  it('inlineCallbacks resumes inside callback(); a Task waiting on a Deferred resumes an iteration later; plain await never inside callback()', async () => {
    const { loop } = fronts();
    const log: string[] = [];
    await within(loop, function* () {
      const d = new Deferred<number>();
      const t = loop.createTask(
        (function* () {
          yield* d;
          log.push('task');
        })(),
      );
      yield* asyncioSleep(0); // the task is now waiting
      const d2 = new Deferred<number>();
      void (async () => {
        await d2;
        log.push('await');
      })();
      inlineCallbacks(function* () {
        yield* d2;
        log.push('inlineCallbacks');
      })();
      loop.callSoon(() => log.push('callSoon'));
      d.callback(1);
      d2.callback(2);
      log.push('fired');
      yield* t;
    });
    // A promise continuation runs in a microtask, whose place among loop callbacks depends on
    // the loop: only "not synchronously" is guaranteed.
    expect(log.filter((entry) => entry !== 'await')).toEqual(['inlineCallbacks', 'fired', 'callSoon', 'task']);
    expect(log.indexOf('await')).toBeGreaterThan(log.indexOf('fired'));
  });

  it('a Tornado coroutine starts inside the call, an asyncio task on the next iteration', async () => {
    const { loop } = fronts();
    const log: string[] = [];
    await within(loop, function* () {
      const task = loop.createTask(
        (function* () {
          log.push('asyncio task starts');
          yield* asyncioSleep(0);
        })(),
      );
      const tornado = coroutine(function* () {
        log.push('tornado coroutine starts');
        yield* tornadoSleep(0);
      })();
      log.push('both created');
      yield* task;
      yield* tornado;
    });
    expect(log).toEqual(['tornado coroutine starts', 'both created', 'asyncio task starts']);
  });

  it('after timers with one deadline, greenlets resume inside the timer callbacks, tasks an iteration later', async () => {
    const { loop } = fronts();
    const log: string[] = [];
    await within(loop, function* () {
      const task = loop.createTask(
        (function* () {
          yield* asyncioSleep(1);
          log.push('task');
        })(),
      );
      yield* asyncioSleep(0); // the task sleeps first: its timer is first in the heap
      const g = spawn(function* () {
        yield* geventSleep(1); // started at time 0 too: the same deadline, second in the heap
        log.push('greenlet');
      });
      yield* asyncioSleep(0); // the greenlet sleeps now
      loop.callAt(1, () => log.push('plain timer')); // third
      expect(loop.time()).toBe(0);
      yield* task;
      yield* g;
    });
    expect(log).toEqual(['greenlet', 'plain timer', 'task']);
  });
});
