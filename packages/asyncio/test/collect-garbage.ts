// Forces full garbage collections from a test (as @async/loop-testing's conformance suite does):
// the flag is set at run time and `gc` taken from a fresh V8 context.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

function loadGc(): () => void {
  if (gc !== undefined) return gc;
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as () => void;
  return gc;
}

const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Collects until `done()` is true or `rounds` collections ran; returns `done()`. Each collection
 * runs in a fresh turn of Node's loop and is followed by another, in which finalizers run.
 */
export async function collectGarbageUntil(done: () => boolean, rounds = 30): Promise<boolean> {
  const collect = loadGc();
  for (let i = 0; i < rounds; i++) {
    if (done()) return true;
    await nextTurn();
    collect();
    await nextTurn();
  }
  return done();
}
