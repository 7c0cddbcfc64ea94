// Greenlet semantics, written from Python's greenlet documentation and checked side by side with
// python3-greenlet 2.0: switch values, parents, GreenletExit, throw, and the typed errors.
import { describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError, type Coroutine } from '@async/loop';
import {
  CyclicParentError,
  DeadGreenletError,
  Greenlet,
  GreenletError,
  GreenletExit,
  Switch,
  getcurrent,
} from '@async/greenlet';

class ValueError extends Error {
  override name = 'ValueError';
}

describe('the seed example', () => {
  it('prints 1 2 3 and never 4', () => {
    const out: number[] = [];
    function* test1() {
      out.push(1);
      yield* gr2.switch();
      out.push(3);
    }
    function* test2() {
      out.push(2);
      yield* gr1.switch();
      out.push(4);
    }
    const gr1 = new Greenlet(test1);
    const gr2 = new Greenlet(test2);
    gr1.switch();
    expect(out).toEqual([1, 2, 3]);
    expect(gr1.dead).toBe(true);
    expect(gr2.dead).toBe(false);
    expect(gr2.active).toBe(true);
  });

  it('examples/greenlet-example.ts prints exactly 1, 2, 3', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    try {
      await import('../../../examples/greenlet-example.js');
    } finally {
      log.mockRestore();
    }
    expect(lines.join('\n')).toBe('1\n2\n3');
  });
});

describe('switch values', () => {
  it('passes values both ways, packed as Python does (none, one, several)', () => {
    // Python's test_pass_around; the empty tuple `()` is `undefined` here.
    const seen: unknown[] = [];
    const g = new Greenlet(function* (x: number, y: string) {
      seen.push([x, y]);
      seen.push(yield* getcurrent().parent!.switch());
      seen.push(yield* getcurrent().parent!.switch(42));
      return [44, 'z'];
    });
    seen.push(g.switch(40, 'x').value);
    seen.push(g.switch(41, 'y').value);
    seen.push(g.switch(43).value);
    seen.push(new Greenlet(function* () { return 45; }).switch().value);
    seen.push(new Greenlet(function* () {}).switch().value);
    expect(seen).toEqual([[40, 'x'], undefined, [41, 'y'], 42, 43, [44, 'z'], 45, undefined]);
  });

  it('calls run with the first switch\'s arguments and the greenlet as this', () => {
    let received: unknown[] = [];
    let self: unknown;
    const g = new Greenlet(function* (this: Greenlet, ...args: unknown[]) {
      received = args;
      self = this;
    });
    g.switch(1, 'two', [3]);
    expect(received).toEqual([1, 'two', [3]]);
    expect(self).toBe(g);
  });

  it('gives the Switch a value inside greenlets too, once control is back', () => {
    let op: Switch | undefined;
    const main = getcurrent();
    const g = new Greenlet(function* () {
      op = main.switch('out');
      expect(op.done).toBe(false);
      const v = yield* op;
      expect(op.value).toBe(v);
      return v;
    });
    expect(g.switch().value).toBe('out');
    expect(g.switch('back').value).toBe('back');
    expect(op?.done).toBe(true);
  });

  it('returns the arguments at once when a greenlet switches to itself', () => {
    expect(getcurrent().switch(7).value).toBe(7);
    expect(getcurrent().switch().value).toBeUndefined();
    const g = new Greenlet(function* () {
      return yield* getcurrent().switch('self', 2);
    });
    expect(g.switch().value).toEqual(['self', 2]);
  });
});

describe('finishing', () => {
  it('sends the return value to the parent, at its switch point', () => {
    const log: unknown[] = [];
    const parent = new Greenlet(function* () {
      const child = new Greenlet(function* (n: number) {
        return n * 2;
      });
      log.push(yield* child.switch(21));
      return 'parent done';
    });
    expect(parent.switch().value).toBe('parent done');
    expect(log).toEqual([42]);
  });

  it('raises an error in the parent, where it switched', () => {
    let caught: unknown;
    const parent = new Greenlet(function* () {
      const child = new Greenlet(function* () {
        throw new ValueError('child failed');
      });
      try {
        yield* child.switch();
      } catch (error) {
        caught = error;
      }
      expect(child.dead).toBe(true);
      return 'recovered';
    });
    expect(parent.switch().value).toBe('recovered');
    expect(caught).toBeInstanceOf(ValueError);
  });

  it('throws from the main greenlet\'s switch() call when an error reaches main', () => {
    const g = new Greenlet(function* () {
      yield* getcurrent().parent!.switch();
      throw new ValueError('late');
    });
    g.switch();
    expect(() => g.switch()).toThrow(ValueError);
    expect(g.dead).toBe(true);
  });

  it('returns a GreenletExit raised by the body to the parent as a value', () => {
    const exit = new GreenletExit('bye');
    const g = new Greenlet(function* () {
      throw exit;
    });
    expect(g.switch().value).toBe(exit);
    expect(g.dead).toBe(true);
  });

  it('goes to the first parent that is alive when the parent has finished', () => {
    let child: Greenlet | undefined;
    const a = new Greenlet(function* () {
      child = new Greenlet(function* () {
        return 'from child';
      });
      return 'a done';
    });
    expect(a.switch().value).toBe('a done');
    expect(child!.parent).toBe(a);
    expect(child!.switch().value).toBe('from child');
  });

  it('starts a parent that never ran, with the child\'s result as its argument', () => {
    const parent = new Greenlet(function* (fromChild: string) {
      return `parent got ${fromChild}`;
    });
    const child = new Greenlet(function* () {
      return 'child value';
    }, parent);
    expect(child.switch().value).toBe('parent got child value');
    expect(parent.dead).toBe(true);
  });
});

describe('throw', () => {
  it('raises in a started greenlet at its switch point, which may catch it', () => {
    const g = new Greenlet(function* () {
      try {
        yield* getcurrent().parent!.switch('waiting');
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
      return 'not caught';
    });
    expect(g.switch().value).toBe('waiting');
    expect(g.throw(ValueError, 'msg').value).toBe('caught msg');
  });

  it('kills with GreenletExit by default: finally blocks run, the parent gets the exit as a value', () => {
    const log: string[] = [];
    const g = new Greenlet(function* () {
      try {
        yield* getcurrent().parent!.switch();
      } finally {
        log.push('finally');
      }
    });
    g.switch();
    const value = g.throw().value;
    expect(value).toBeInstanceOf(GreenletExit);
    expect(log).toEqual(['finally']);
    expect(g.dead).toBe(true);
  });

  it('propagates an uncaught error to the parent', () => {
    const g = new Greenlet(function* () {
      yield* getcurrent().parent!.switch();
    });
    g.switch();
    const error = new ValueError('boom');
    expect(() => g.throw(error)).toThrow(error);
    expect(g.dead).toBe(true);
  });

  it('kills a greenlet that has not started without running it', () => {
    const ran: string[] = [];
    function* body() {
      ran.push('never');
    }
    const a = new Greenlet(body);
    expect(() => a.throw(new ValueError('boom'))).toThrow(ValueError);
    expect(a.dead).toBe(true);
    const b = new Greenlet(body);
    expect(b.throw().value).toBeInstanceOf(GreenletExit);
    expect(b.dead).toBe(true);
    expect(b.started).toBe(true);
    expect(ran).toEqual([]);
  });

  it('raises in the thrower when the target is dead', () => {
    const g = new Greenlet(function* () {});
    g.switch();
    expect(() => g.throw()).toThrow(DeadGreenletError);
    expect(() => g.throw(new ValueError('x'))).toThrow(DeadGreenletError);
  });

  it('raises in the main greenlet itself when main throws into main', () => {
    const error = new ValueError('self');
    expect(() => getcurrent().throw(error)).toThrow(error);
  });

  it('raises into the parent greenlet from inside a greenlet', () => {
    const parent: Greenlet = new Greenlet(function* () {
      const child = new Greenlet(function* () {
        yield* parent.throw(ValueError, 'from child');
      });
      try {
        yield* child.switch();
      } catch (error) {
        return (error as Error).message;
      }
      return 'nothing';
    });
    expect(parent.switch().value).toBe('from child');
  });
});

describe('parent', () => {
  it('defaults to the current greenlet, and main has none', () => {
    const main = getcurrent();
    expect(main.parent).toBeNull();
    expect(main.isMain).toBe(true);
    let inner: Greenlet | undefined;
    const outer = new Greenlet(function* () {
      inner = new Greenlet(function* () {});
    });
    outer.switch();
    expect(outer.parent).toBe(main);
    expect(inner!.parent).toBe(outer);
  });

  it('can be reassigned, which changes where the result goes', () => {
    const seen: unknown[] = [];
    const collector = new Greenlet(function* (first: unknown) {
      seen.push(first);
      for (;;) seen.push(yield* getcurrent().parent!.switch());
    });
    collector.switch('started');
    const g = new Greenlet(function* () {
      return 'result';
    });
    g.parent = collector;
    expect(g.parent).toBe(collector);
    // g finishes into collector, which records the result and switches to its own parent (main).
    expect(g.switch().value).toBeUndefined();
    expect(seen).toEqual(['started', 'result']);
  });

  it('refuses a cycle', () => {
    const a = new Greenlet(function* () {});
    const b = new Greenlet(function* () {}, a);
    const c = new Greenlet(function* () {}, b);
    expect(() => (a.parent = c)).toThrow(CyclicParentError);
    expect(() => (a.parent = a)).toThrow(CyclicParentError);
    expect(a.parent).toBe(getcurrent());
    expect(() => (a.parent = c)).toThrow(/cyclic parent chain/);
  });

  it('refuses a value that is not a greenlet, and any parent for main', () => {
    const a = new Greenlet(function* () {});
    expect(() => (a.parent = null as unknown as Greenlet)).toThrow(InvalidArgumentError);
    expect(() => (a.parent = 3 as unknown as Greenlet)).toThrow(InvalidArgumentError);
    const main = getcurrent();
    expect(() => (main.parent = a)).toThrow(GreenletError);
    expect(main.parent).toBeNull();
  });
});

describe('nested greenlets', () => {
  it('runs a child of a child, each finishing into its parent', () => {
    const order: string[] = [];
    const top = new Greenlet(function* () {
      order.push(`top in ${getcurrent() === top}`);
      const middle = new Greenlet(function* () {
        const bottom = new Greenlet(function* (n: number) {
          order.push('bottom');
          return n + 1;
        });
        expect(bottom.parent).toBe(middle);
        const fromBottom = (yield* bottom.switch(1)) as number;
        order.push(`middle got ${fromBottom}`);
        return fromBottom + 1;
      });
      const fromMiddle = (yield* middle.switch()) as number;
      order.push(`top got ${fromMiddle}`);
      return fromMiddle + 1;
    });
    expect(top.switch().value).toBe(4);
    expect(order).toEqual(['top in true', 'bottom', 'middle got 2', 'top got 3']);
  });

  it('lets helper generators switch, with yield*', () => {
    const main = getcurrent();
    function* askMain(question: string): Coroutine<string> {
      const answer = yield* main.switch(question);
      return `${question}=${String(answer)}`;
    }
    function* twoQuestions(): Coroutine<string[]> {
      return [yield* askMain('a'), yield* askMain('b')];
    }
    const g = new Greenlet(twoQuestions);
    expect(g.switch().value).toBe('a');
    expect(g.switch(1).value).toBe('b');
    expect(g.switch(2).value).toEqual(['a=1', 'b=2']);
  });
});

describe('state', () => {
  it('goes from not started to active to dead', () => {
    const main = getcurrent();
    const states: string[] = [];
    const state = (g: Greenlet) => `${g.started}/${g.active}/${g.dead}`;
    const g = new Greenlet(function* body() {
      states.push(state(g));
      expect(getcurrent()).toBe(g);
      yield* main.switch();
    });
    states.push(state(g));
    expect(String(g)).toBe('<Greenlet body not started>');
    g.switch();
    states.push(state(g));
    expect(String(g)).toBe('<Greenlet body active>');
    g.switch();
    states.push(state(g));
    expect(String(g)).toBe('<Greenlet body dead>');
    expect(states).toEqual(['false/false/false', 'true/true/false', 'true/true/false', 'true/false/true']);
    expect(state(main)).toBe('true/true/false');
    expect(String(main)).toBe('<Greenlet main>');
    expect(getcurrent()).toBe(main);
  });
});

describe('switching to a dead greenlet', () => {
  it('throws DeadGreenletError from main, and nothing changes', () => {
    const g = new Greenlet(function* () {
      return 1;
    });
    g.switch();
    expect(() => g.switch()).toThrow(DeadGreenletError);
    expect(() => g.switch(5)).toThrow(/has finished/);
    expect(getcurrent().isMain).toBe(true);
  });

  it('raises DeadGreenletError at the switch point inside a greenlet, which may go on', () => {
    const dead = new Greenlet(function* () {});
    dead.switch();
    const g = new Greenlet(function* () {
      try {
        yield* dead.switch();
      } catch (error) {
        expect(error).toBeInstanceOf(DeadGreenletError);
        return 'went on';
      }
      return 'switched';
    });
    expect(g.switch().value).toBe('went on');
  });
});

describe('misuse and bad input', () => {
  it('wants a generator function for run', () => {
    const bad: unknown[] = [
      3,
      'run',
      null,
      {},
      function plain() {},
      () => undefined,
      async function* asyncGen() {},
      async () => undefined,
    ];
    for (const run of bad) {
      expect(() => new Greenlet(run as never)).toThrow(InvalidArgumentError);
    }
    expect(() => new Greenlet(() => undefined as never)).toThrow(/generator function/);
    expect(() => new Greenlet()).toThrow(InvalidArgumentError);
  });

  it('takes the body from a subclass\'s *run() method', () => {
    class Doubler extends Greenlet {
      override *run(n: number): Coroutine<number> {
        return n * 2;
      }
    }
    expect(new Doubler().switch(21).value).toBe(42);
  });

  it('wants a greenlet for parent', () => {
    expect(() => new Greenlet(function* () {}, null as never)).toThrow(InvalidArgumentError);
    expect(() => new Greenlet(function* () {}, {} as never)).toThrow(InvalidArgumentError);
  });

  it('wants an Error or an Error class for throw', () => {
    const g = new Greenlet(function* () {});
    expect(() => g.throw('boom' as never)).toThrow(InvalidArgumentError);
    expect(() => g.throw({ message: 'x' } as never)).toThrow(InvalidArgumentError);
    expect(() => g.throw((() => new Error('x')) as never)).toThrow(InvalidArgumentError);
    expect(g.started).toBe(false);
    expect(() => g.throw(Error, 'plain')).toThrow('plain');
  });

  it('raises GreenletError where a greenlet called switch() without yield*', () => {
    const main = getcurrent();
    let forgotten: Switch | undefined;
    const g = new Greenlet(function* () {
      forgotten = main.switch('lost'); // no yield*: no switch happens
      try {
        yield* main.switch('next');
      } catch (error) {
        return error;
      }
      return 'no error';
    });
    const result = g.switch().value;
    expect(result).toBeInstanceOf(GreenletError);
    expect(String((result as Error).message)).toMatch(/without handing the Switch to `yield\*`/);
    // The forgotten switch cannot be made later either.
    const h = new Greenlet(function* () {
      yield* forgotten!;
    });
    expect(() => h.switch()).toThrow(/can no longer be used/);
  });

  it('fails a greenlet that finishes with a switch it never made', () => {
    const main = getcurrent();
    const g = new Greenlet(function* () {
      main.switch('lost');
    });
    expect(() => g.switch()).toThrow(GreenletError);
    expect(g.dead).toBe(true);
  });

  it('refuses to make a Switch twice', () => {
    const g = new Greenlet(function* () {
      for (;;) yield* getcurrent().parent!.switch();
    });
    const op = g.switch();
    const again = new Greenlet(function* () {
      yield* op;
    });
    expect(() => again.switch()).toThrow(/already made/);
  });

  it('refuses a second yield* of a Switch the same greenlet already made', () => {
    const main = getcurrent();
    const g = new Greenlet(function* () {
      const op = main.switch('first');
      const back = yield* op;
      try {
        yield* op;
      } catch (error) {
        return [back, error];
      }
      return [back, 'no error'];
    });
    expect(g.switch().value).toBe('first');
    const [back, error] = g.switch('resumed').value as [unknown, Error];
    expect(back).toBe('resumed');
    expect(error).toBeInstanceOf(GreenletError);
    expect(error.message).toMatch(/already made/);
  });

  it('a Switch iterated by other code yields itself once and can still be made', () => {
    const main = getcurrent();
    const g = new Greenlet(function* () {
      const op = main.switch('made');
      const seen = [...op]; // a generic consumer (a formatter, a spread) must not loop forever
      expect(seen.length === 1 && seen[0] === op).toBe(true);
      return yield* op;
    });
    const made = g.switch();
    expect(made.value).toBe('made');
    expect([...made]).toHaveLength(1); // made already: handed out once more, to be refused
    expect(g.switch('back').value).toBe('back');
  });

  it('has no value before control comes back', () => {
    const main = getcurrent();
    const g = new Greenlet(function* () {
      const op = main.switch();
      expect(() => op.value).toThrow(GreenletError);
      yield* op;
    });
    g.switch();
  });

  it('raises GreenletError at a yield of anything but a Switch', () => {
    const g = new Greenlet(function* () {
      try {
        yield 42;
      } catch (error) {
        return error;
      }
      return 'no error';
    });
    const result = g.switch().value as Error;
    expect(result).toBeInstanceOf(GreenletError);
    expect(result.message).toMatch(/yielded number 42/);
  });
});
