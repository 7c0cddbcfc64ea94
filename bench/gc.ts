/**
 * A full garbage collection between samples, so that one sample does not pay for the garbage
 * of the one before. `global.gc` is only there under `--expose-gc`; the flag can still be set at
 * run time and the function picked up from a fresh context, which keeps `tsx bench/run.ts`
 * working without extra node flags.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

function loadGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

const gcFunction = loadGc();

/** Collects garbage if the runtime lets us; otherwise does nothing. */
export function collectGarbage(): void {
  gcFunction?.();
}

/** True when `collectGarbage()` really collects. */
export const canCollectGarbage = gcFunction !== null;
