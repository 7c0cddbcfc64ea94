/**
 * The map anchors (see src/map-anchor.ts) keep a hidden class alive only if the objects that
 * matter end up with the anchor's hidden class. For `NodeEventLoop` that means a loop that has
 * run must keep the hidden class it was made with: a field whose first value is a small integer
 * and which later takes a fractional number moves the loop to another one, which no anchor
 * holds. V8 tells hidden classes apart only with its natives syntax, hence the child process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const loopSource = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** A loop made, run (a loop turn, a timer, a task) and closed, compared with one never run. */
const script = `
const { NodeEventLoop } = await import(${JSON.stringify(loopSource)});
// Built at run time, so that no TypeScript transform reads the natives syntax.
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)');
const fresh = new NodeEventLoop();
const ran = new NodeEventLoop();
const sum = await ran.runUntilComplete(ran.createTask((function* () {
  yield;
  const timer = ran.createFuture();
  ran.callLater(0.002, () => timer.setResult(1));
  const soon = ran.createFuture();
  ran.callSoon(() => soon.setResult(2));
  return (yield* timer) + (yield* soon);
})()));
ran.close();
console.log(JSON.stringify({ sum, same: sameHiddenClass(fresh, ran), closed: ran.isClosed() }));
`;

describe('NodeEventLoop map anchor', () => {
  it('a loop that has run keeps the hidden class of a new one, which the anchor keeps alive', () => {
    const result = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ sum: 3, same: true, closed: true });
  });
});
