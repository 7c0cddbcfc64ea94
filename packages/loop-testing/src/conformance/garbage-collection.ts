/**
 * Forcing garbage collection from a test, for the checks that something was (or was not) kept
 * alive: a never-retrieved exception is reported when its future is collected, and a closed
 * loop must let go of its callbacks. Test runners do not pass `--expose-gc`, but the flag can be
 * set at run time and `gc` picked up from a fresh V8 context.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gcFunction: (() => void) | undefined;

function loadGc(): () => void {
  if (gcFunction !== undefined) return gcFunction;
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') {
    gcFunction = existing as () => void;
    return gcFunction;
  }
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') {
    throw new Error('cannot force garbage collection in this runtime: run node with --expose-gc');
  }
  gcFunction = gc as () => void;
  return gcFunction;
}

const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs full collections until `done()` is true or `rounds` collections have run, and returns
 * `done()`. Each collection starts in a fresh turn of Node's loop, because `WeakRef.deref()` keeps
 * its target alive until the current job ends, and is followed by another turn, in which
 * finalization callbacks run.
 */
export async function collectGarbageUntil(done: () => boolean, rounds = 30): Promise<boolean> {
  const gc = loadGc();
  for (let i = 0; i < rounds; i++) {
    if (done()) return true;
    await nextTurn();
    gc();
    await nextTurn();
  }
  return done();
}
