import { describe, expect, it } from 'vitest';
import { ExceptionGroup, InvalidArgumentError } from '@async/asyncio';

describe('ExceptionGroup', () => {
  it('is an AggregateError whose exceptions are its errors', () => {
    const a = new RangeError('a');
    const b = new TypeError('b');
    const g = new ExceptionGroup('several', [a, b], { cause: 'why' });
    expect(g).toBeInstanceOf(AggregateError);
    expect(g.exceptions).toEqual([a, b]);
    expect(g.errors).toBe(g.exceptions);
    expect([g.name, g.message, g.cause]).toEqual(['ExceptionGroup', 'several', 'why']);
  });

  it('split() and subgroup() keep the nesting, match by class or predicate', () => {
    const a = new RangeError('a');
    const b = new TypeError('b');
    const c = new RangeError('c');
    const inner = new ExceptionGroup('inner', [b, c]);
    const g = new ExceptionGroup('outer', [a, inner], { cause: 'root' });
    const [match, rest] = g.split(RangeError);
    expect(match!.exceptions[0]).toBe(a);
    expect((match!.exceptions[1] as ExceptionGroup).exceptions).toEqual([c]);
    expect((match!.exceptions[1] as ExceptionGroup).message).toBe('inner');
    expect(match!.cause).toBe('root');
    expect(((rest!.exceptions[0] as ExceptionGroup).exceptions)).toEqual([b]);
    expect(g.subgroup((e) => e instanceof Error && e.message === 'b')!.exceptions.length).toBe(1);
    expect(g.subgroup(SyntaxError)).toBeNull();
    expect(g.split(Error)).toEqual([g, null]);
    expect(g.subgroup((e) => e === g)).toBe(g);
    expect(g.derive([a]).message).toBe('outer');
  });

  it('refuses a non-string message, an empty or non-iterable list, and a bad condition', () => {
    expect(() => new ExceptionGroup(5 as never, [new Error()])).toThrow(InvalidArgumentError);
    expect(() => new ExceptionGroup('m', [])).toThrow(/at least one/);
    expect(() => new ExceptionGroup('m', 5 as never)).toThrow(/iterable/);
    expect(() => new ExceptionGroup('m', [1]).split('x' as never)).toThrow(InvalidArgumentError);
  });
});
