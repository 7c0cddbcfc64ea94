// `Trampoline._enter`: how a hub switches from main into a greenlet in a loop callback. Its
// first turn is written out for the two common outcomes (the greenlet blocks again, or it ends
// through its exit hook); every other outcome must come out as the general loop makes it.
import { describe, expect, it } from 'vitest';
import { Greenlet, GreenletError, GreenletExit, Trampoline, getcurrent } from '@async/greenlet';

/** A greenlet with an exit hook, as a hub's: the hook's result goes to the parent. */
class HookedGreenlet extends Greenlet {
  readonly exits: Array<[raise: boolean, value: unknown]> = [];
  hook: (raise: boolean, value: unknown) => unknown = (raise, value) => (raise ? `caught ${String(value)}` : `hooked ${String(value)}`);

  override _exit(raise: boolean, value: unknown): unknown {
    this.exits.push([raise, value]);
    return this.hook(raise, value);
  }
}

/** A trampoline whose yield handler parks every greenlet that yields a string, as a hub does. */
function parkingWorld(): { world: Trampoline; parked: unknown[] } {
  const world = new Trampoline();
  const parked: unknown[] = [];
  world.setYieldHandler((yielded) => {
    parked.push(yielded);
    return world._toMain();
  });
  return { world, parked };
}

describe('Trampoline._enter', () => {
  it('parks a greenlet that blocks, and resumes it with the value on the next entry', () => {
    const { world, parked } = parkingWorld();
    const got: unknown[] = [];
    const g = new Greenlet(function* () {
      got.push(yield 'first wait');
      got.push(yield 'second wait');
      return 'done';
    }, world.main);
    world._enter(g, false, undefined);
    expect(parked).toEqual(['first wait']);
    expect(world.running).toBe(false);
    expect(getcurrent()).not.toBe(g);
    world._enter(g, false, 1);
    world._enter(g, false, 2);
    expect(got).toEqual([1, 2]);
    expect(g.dead).toBe(true);
  });

  it('raises an error it is given at the blocking point', () => {
    const { world } = parkingWorld();
    let caught: unknown;
    const g = new Greenlet(function* () {
      try {
        yield 'wait';
      } catch (error) {
        caught = error;
      }
    }, world.main);
    world._enter(g, false, undefined);
    const error = new RangeError('timed out');
    world._enter(g, true, error);
    expect(caught).toBe(error);
    expect(g.dead).toBe(true);
  });

  it('hands a greenlet\'s end to its exit hook, whose result goes to main', () => {
    const { world } = parkingWorld();
    const g = new HookedGreenlet(function* () {
      yield 'wait';
      return 42;
    }, world.main);
    world._enter(g, false, undefined);
    world._enter(g, false, undefined);
    expect(g.exits).toEqual([[false, 42]]);
    expect(g.dead).toBe(true);
  });

  it('raises in main what the exit hook throws', () => {
    const { world } = parkingWorld();
    const g = new HookedGreenlet(function* () {
      return 1;
    }, world.main);
    const error = new Error('the hook failed');
    g.hook = () => {
      throw error;
    };
    expect(() => world._enter(g, false, undefined)).toThrow(error);
    expect(g.dead).toBe(true);
    expect(world.running).toBe(false);
  });

  it('hands the exit hook\'s result to a parent greenlet that is alive', () => {
    const { world } = parkingWorld();
    const log: unknown[] = [];
    const child: HookedGreenlet = new HookedGreenlet(function* () {
      yield 'child waits';
      return 'child value';
    }, world.main);
    const parent = new Greenlet(function* () {
      log.push(yield* child.switch());
      return 'parent done';
    }, world.main);
    child.parent = parent;
    parent.switch();
    world._enter(child, false, undefined);
    expect(log).toEqual(['hooked child value']);
    expect(parent.dead && child.dead).toBe(true);
  });

  it('passes a greenlet\'s error to its exit hook, or raises it in main without one', () => {
    const { world } = parkingWorld();
    const error = new TypeError('body failed');
    const hooked = new HookedGreenlet(function* () {
      yield 'wait';
      throw error;
    }, world.main);
    world._enter(hooked, false, undefined);
    world._enter(hooked, false, undefined);
    expect(hooked.exits).toEqual([[true, error]]);

    const plain = new Greenlet(function* () {
      yield 'wait';
      throw error;
    }, world.main);
    world._enter(plain, false, undefined);
    expect(() => world._enter(plain, false, undefined)).toThrow(error);
    expect(plain.dead).toBe(true);
  });

  it('lets a greenlet killed before it starts die without running', () => {
    const { world } = parkingWorld();
    let ran = false;
    const quiet = new Greenlet(function* () {
      ran = true;
    }, world.main);
    world._enter(quiet, true, new GreenletExit());
    const loud = new Greenlet(function* () {
      ran = true;
    }, world.main);
    const error = new RangeError('killed');
    expect(() => world._enter(loud, true, error)).toThrow(error);
    expect(ran).toBe(false);
    expect(quiet.dead && loud.dead).toBe(true);
  });

  it('carries out a switch the yield handler returns instead of parking', () => {
    const world = new Trampoline();
    const log: string[] = [];
    const other = new Greenlet(function* (word: string) {
      log.push(`other got ${word}`);
      return 'other done';
    }, world.main);
    world.setYieldHandler(() => other.switch('hello'));
    const g = new Greenlet(function* () {
      yield 'to the handler';
      log.push('g never resumes');
    }, world.main);
    world._enter(g, false, undefined);
    expect(log).toEqual(['other got hello']);
    expect(other.dead).toBe(true);
    expect(g.dead).toBe(false);
  });

  it('raises a GreenletError for a switch made and not yielded, and for a stale one yielded', () => {
    const { world } = parkingWorld();
    const other = new Greenlet(function* () {
      return 'unused';
    }, world.main);
    const errors: string[] = [];
    const g = new Greenlet(function* () {
      const stale = other.switch();
      try {
        yield 'something else';
      } catch (error) {
        errors.push((error as Error).message);
      }
      try {
        yield stale;
      } catch (error) {
        errors.push((error as Error).message);
      }
      return errors.length;
    }, world.main);
    world._enter(g, false, undefined);
    expect(g.dead).toBe(true);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/without handing the Switch to `yield\*`/);
    expect(errors[1]).toMatch(/can no longer be used/);
    expect(other.dead).toBe(false);
  });

  it('makes the switches of `yield* other.switch()` as `switch()` from main would', () => {
    const { world, parked } = parkingWorld();
    const log: unknown[] = [];
    const other = new Greenlet(function* (value: number) {
      log.push(`other got ${value}`);
      const back = yield* g.switch(value + 1);
      log.push(`other got back ${String(back)}`);
    }, world.main);
    const g: Greenlet = new Greenlet(function* () {
      yield 'wait';
      log.push(`g got ${String(yield* other.switch(1))}`);
      return 'g done';
    }, world.main);
    world._enter(g, false, undefined);
    world._enter(g, false, undefined);
    expect(parked).toEqual(['wait']);
    expect(log).toEqual(['other got 1', 'g got 2']);
    expect(g.dead).toBe(true);
  });

  it('reports to a tracer set before the entry, or set by the greenlet during it', () => {
    const { world } = parkingWorld();
    const seen: string[] = [];
    const describe = (g: Greenlet): string => (g === world.main ? 'main' : g instanceof HookedGreenlet ? 'hooked' : 'plain');
    const trace = (event: string, [origin, target]: [Greenlet, Greenlet]): void => {
      seen.push(`${event} ${describe(origin)} -> ${describe(target)}`);
    };
    const plain = new Greenlet(function* () {
      yield 'wait';
    }, world.main);
    world.settrace(trace);
    world._enter(plain, false, undefined);
    world.settrace(null);
    // Parked with a tracer: the handler's switch to main is made, and traced.
    expect(seen).toEqual(['switch main -> plain', 'switch plain -> main']);

    seen.length = 0;
    const hooked = new HookedGreenlet(function* () {
      world.settrace(trace);
      return 'value';
    }, world.main);
    world._enter(hooked, false, undefined);
    const unhooked = new Greenlet(function* () {
      return 'value';
    }, world.main);
    world._enter(unhooked, false, undefined);
    world.settrace(null);
    expect(seen).toEqual(['switch hooked -> main', 'switch main -> plain', 'switch plain -> main']);
  });

  it('refuses a dead greenlet, and defers to switch() while the trampoline runs', () => {
    const { world } = parkingWorld();
    const g = new Greenlet(function* () {
      return 1;
    }, world.main);
    world._enter(g, false, undefined);
    expect(() => world._enter(g, false, undefined)).toThrow(/it has finished/);
    const inner = new Greenlet(function* () {
      return 'inner';
    }, world.main);
    const outer = new Greenlet(function* () {
      // Inside a greenlet it is `inner.switch()`: a switch that must be handed to `yield*`.
      world._enter(inner, false, undefined);
      yield 'wait';
    }, world.main);
    expect(() => world._enter(outer, false, undefined)).toThrow(GreenletError);
    expect(inner.dead).toBe(false);
  });
});
