import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Deque } from '../src/deque.js';

describe('Deque', () => {
  it('behaves like an array used at both ends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer(), fc.constant('shift'), fc.constant('pop'), fc.constant('remove'))),
        (ops) => {
          const d = new Deque<number>();
          const model: number[] = [];
          for (const op of ops) {
            if (op === 'shift') expect(d.shift()).toBe(model.shift());
            else if (op === 'pop') expect(d.pop()).toBe(model.pop());
            else if (op === 'remove') {
              const target = model[Math.floor(model.length / 2)];
              if (target !== undefined) {
                expect(d.remove(target)).toBe(true);
                model.splice(model.indexOf(target), 1);
              } else expect(d.remove(-1)).toBe(false);
            } else {
              d.push(op);
              model.push(op);
            }
            expect(d.length).toBe(model.length);
            expect(d.peek()).toBe(model[0]);
          }
          expect([...d]).toEqual(model);
          d.clear();
          expect([...d]).toEqual([]);
        },
      ),
    );
  });
});
