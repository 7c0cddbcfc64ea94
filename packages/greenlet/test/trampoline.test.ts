// The trampoline: constant stack depth over a million switches, separate greenlet trees,
// tracing, and the yield handler a hub builds on.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NodeEventLoop, type Coroutine, type Future } from '@async/loop';
import {
  ForeignGreenletError,
  Greenlet,
  Switch,
  Trampoline,
  getcurrent,
  gettrace,
  settrace,
  type TraceFunction,
} from '@async/greenlet';

/** How many frames the JavaScript stack holds right now. */
function stackDepth(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    return new Error('depth').stack!.split('\n').length;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

describe('the trampoline loop', () => {
  it('makes a million switches between two greenlets without growing the stack', () => {
    const total = 1_000_000;
    const depths: number[] = [];
    let switches = 0;
    const ping: Greenlet = new Greenlet(function* () {
      for (let i = 0; i < total / 2; i++) {
        if (i === 0 || i === total / 2 - 1) depths.push(stackDepth());
        const back = yield* pong.switch(i);
        if (back !== i + 1) throw new Error(`pong answered ${String(back)} to ${i}`);
        switches += 2;
      }
      return switches;
    });
    const pong: Greenlet = new Greenlet(function* (first: number) {
      let n = first;
      for (;;) {
        if (n === 0 || n === total / 2 - 1) depths.push(stackDepth());
        n = (yield* ping.switch(n + 1)) as number;
      }
    });
    expect(ping.switch().value).toBe(total);
    expect(depths).toHaveLength(4);
    // First and last switch run at the same depth, in each greenlet.
    expect(depths[2]).toBe(depths[0]);
    expect(depths[3]).toBe(depths[1]);
    expect(pong.active).toBe(true);
  });

  it('keeps helper generators that switch at a constant depth too', () => {
    const depths: number[] = [];
    function* block(round: number): Coroutine<unknown> {
      if (round === 0 || round === 9_999) depths.push(stackDepth());
      return yield* echo.switch(round);
    }
    function* worker(): Coroutine<number> {
      let sum = 0;
      for (let round = 0; round < 10_000; round++) sum += (yield* block(round)) as number;
      return sum;
    }
    const main = getcurrent();
    const echo: Greenlet = new Greenlet(function* (first: unknown) {
      let value = first;
      for (;;) value = yield* helper.switch(value);
    }, main);
    const helper = new Greenlet(worker);
    expect(helper.switch().value).toBe((9_999 * 10_000) / 2);
    expect(depths).toHaveLength(2);
    expect(depths[1]).toBe(depths[0]);
  });

  it('is idle again after an error reaches main', () => {
    const trampoline = getcurrent().trampoline;
    const g = new Greenlet(function* () {
      expect(trampoline.running).toBe(true);
      throw new Error('out');
    });
    expect(() => g.switch()).toThrow('out');
    expect(trampoline.running).toBe(false);
    expect(trampoline.current).toBe(trampoline.main);
    expect(getcurrent()).toBe(trampoline.main);
  });
});

describe('separate trampolines', () => {
  it('run their own tree, with the caller as main', () => {
    const world = new Trampoline();
    let inside: Greenlet | undefined;
    const g = new Greenlet(function* () {
      inside = getcurrent();
      expect(new Greenlet(function* () {}).trampoline).toBe(world); // joins the running tree
      yield* world.main.switch('paused');
      return 'finished';
    }, world.main);
    expect(g.trampoline).toBe(world);
    expect(g.switch().value).toBe('paused');
    expect(inside).toBe(g);
    expect(world.running).toBe(false);
    expect(getcurrent().trampoline).not.toBe(world);
    expect(g.switch().value).toBe('finished');
  });

  it('refuse switches and parents across trees', () => {
    const world = new Trampoline();
    const foreign = new Greenlet(function* () {}, world.main);
    let caught: unknown;
    const local = new Greenlet(function* () {
      try {
        yield* foreign.switch();
      } catch (error) {
        caught = error;
      }
      // A plain call is refused the same way: only main code may start another tree.
      expect(() => foreign.throw()).toThrow(ForeignGreenletError);
      return 'went on';
    });
    expect(local.switch().value).toBe('went on');
    expect(caught).toBeInstanceOf(ForeignGreenletError);
    expect(() => (foreign.parent = getcurrent())).toThrow(ForeignGreenletError);
    expect(() => new Greenlet(function* () {}, local).parent = world.main).toThrow(ForeignGreenletError);
    expect(foreign.started).toBe(false);
    expect(world.running).toBe(false);
  });
});

describe('settrace', () => {
  it('reports each transfer between greenlets', () => {
    const main = getcurrent();
    const name = (g: Greenlet) => (g === main ? 'main' : g === gr1 ? 'gr1' : 'gr2');
    const events: string[] = [];
    const gr1: Greenlet = new Greenlet(function* () {
      yield* gr2.switch();
    });
    const gr2: Greenlet = new Greenlet(function* () {
      yield* gr1.switch();
    });
    const trace: TraceFunction = (event, [origin, target]) => {
      events.push(`${event} ${name(origin)}->${name(target)}`);
    };
    expect(settrace(trace)).toBeNull();
    try {
      expect(gettrace()).toBe(trace);
      gr1.switch();
      expect(() => gr2.throw(new Error('x'))).toThrow('x');
    } finally {
      settrace(null);
    }
    expect(events).toEqual([
      'switch main->gr1',
      'switch gr1->gr2',
      'switch gr2->gr1',
      'switch gr1->main',
      'throw main->gr2',
      'throw gr2->main',
    ]);
  });

  it('removes a tracer that throws and raises its error in the target', () => {
    const trampoline = new Trampoline();
    const boom = new Error('trace failed');
    trampoline.settrace(() => {
      throw boom;
    });
    const ran: string[] = [];
    const g = new Greenlet(function* () {
      ran.push('body');
    }, trampoline.main);
    expect(() => g.switch()).toThrow(boom);
    expect(g.dead).toBe(true);
    expect(ran).toEqual([]);
    expect(trampoline.gettrace()).toBeNull();
    expect(() => trampoline.settrace('no' as never)).toThrow(InvalidArgumentError);
  });
});

describe('the yield handler', () => {
  it('lets `yield* future` block a greenlet until a loop callback switches back', async () => {
    const loop = new NodeEventLoop();
    const world = new Trampoline();
    world.setYieldHandler((yielded, greenlet) => {
      // A minimal hub: wake the greenlet from a loop callback, and give control back to main.
      (yielded as Future<unknown>).addDoneCallback(() => greenlet.switch());
      return world.main.switch();
    });
    const log: string[] = [];
    function* fetch(name: string, value: number): Coroutine<number> {
      const fut = loop.createFuture<number>();
      loop.callSoon(() => fut.setResult(value));
      log.push(`${name} waits`);
      const result = yield* fut;
      log.push(`${name} got ${result}`);
      return result;
    }
    const a = new Greenlet(function* () {
      return yield* fetch('a', 1);
    }, world.main);
    const b = new Greenlet(function* () {
      return yield* fetch('b', 2);
    }, world.main);
    a.switch();
    b.switch();
    expect(log).toEqual(['a waits', 'b waits']);
    const done = loop.createFuture<void>();
    loop.callSoon(() => loop.callSoon(() => loop.callSoon(() => done.setResult())));
    await loop.runUntilComplete(done);
    loop.close();
    expect(log).toEqual(['a waits', 'b waits', 'a got 1', 'b got 2']);
    expect(a.dead && b.dead).toBe(true);
  });

  it('raises the handler\'s error, or a GreenletError for a non-Switch, at the yield', () => {
    const world = new Trampoline();
    const g = new Greenlet(function* () {
      const errors: string[] = [];
      for (let i = 0; i < 2; i++) {
        try {
          yield i;
        } catch (error) {
          errors.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      return errors;
    }, world.main);
    world.setYieldHandler((yielded) => {
      if (yielded === 0) throw new RangeError('no zero');
      return 'not a switch' as unknown as Switch;
    });
    expect(g.switch().value).toEqual([
      'RangeError: no zero',
      expect.stringMatching(/^GreenletError: the yield handler returned the string "not a switch"/),
    ]);
    expect(world.setYieldHandler(null)).toBeTypeOf('function');
    expect(() => world.setYieldHandler(1 as never)).toThrow(InvalidArgumentError);
  });
});
