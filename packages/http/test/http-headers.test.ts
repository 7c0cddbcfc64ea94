import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@async/loop';
import { HTTPHeaders } from '@async/http';

describe('HTTPHeaders', () => {
  it('looks names up case-insensitively and keeps the original spelling and order', () => {
    const headers = new HTTPHeaders([
      ['Content-Type', 'text/plain'],
      ['X-Multi', 'a'],
      ['x-multi', 'b'],
    ]);
    expect(headers.get('content-type')).toBe('text/plain');
    expect(headers.get('X-MULTI')).toBe('a, b');
    expect(headers.getAll('x-Multi')).toEqual(['a', 'b']);
    expect(headers.has('CONTENT-type')).toBe(true);
    expect(headers.has('missing')).toBe(false);
    expect(headers.get('missing')).toBeUndefined();
    expect([...headers]).toEqual([
      ['Content-Type', 'text/plain'],
      ['X-Multi', 'a'],
      ['x-multi', 'b'],
    ]);
    expect(headers.size).toBe(3);
  });

  it('set() replaces every field of the name in place of the first; add() appends; delete() removes all', () => {
    const headers = new HTTPHeaders({ A: '1', B: ['2', '3'], C: 4 });
    headers.add('a', '5');
    expect(headers.getAll('a')).toEqual(['1', '5']);
    headers.set('b', 'x');
    expect([...headers]).toEqual([
      ['A', '1'],
      ['b', 'x'],
      ['C', '4'],
      ['a', '5'],
    ]);
    expect(headers.delete('A')).toBe(true);
    expect(headers.delete('A')).toBe(false);
    expect([...headers.entries()]).toEqual([
      ['b', 'x'],
      ['C', '4'],
    ]);
    headers.set('New', 1);
    expect(headers.toJSON()).toEqual({ b: 'x', c: '4', new: '1' });
  });

  it('copies are independent', () => {
    const headers = new HTTPHeaders({ A: '1' });
    const copy = headers.copy();
    copy.set('A', '2');
    const extended = new HTTPHeaders(headers);
    extended.add('B', '3');
    expect(headers.get('a')).toBe('1');
    expect(copy.get('a')).toBe('2');
    expect(headers.has('b')).toBe(false);
  });

  it('refuses names that are not tokens and values with CR, LF, NUL or controls', () => {
    const headers = new HTTPHeaders();
    expect(() => headers.set('Bad Name', 'x')).toThrow(InvalidArgumentError);
    expect(() => headers.set('', 'x')).toThrow(InvalidArgumentError);
    expect(() => headers.add('X', 'a\r\nInjected: yes')).toThrow(InvalidArgumentError);
    expect(() => headers.add('X', 'a\nb')).toThrow(InvalidArgumentError);
    expect(() => headers.add('X', 'a\0b')).toThrow(InvalidArgumentError);
    expect(() => headers.add('X', 'a\x7fb')).toThrow(InvalidArgumentError);
    expect(() => headers.add('X', {} as never)).toThrow(InvalidArgumentError);
    expect(() => new HTTPHeaders([['only-one'] as never])).toThrow(InvalidArgumentError);
    expect(() => new HTTPHeaders(42 as never)).toThrow(InvalidArgumentError);
    expect(headers.size).toBe(0);
    headers.add('X', 'tab\tand obs-text \xe9');
    expect(headers.get('x')).toBe('tab\tand obs-text \xe9');
  });
});
