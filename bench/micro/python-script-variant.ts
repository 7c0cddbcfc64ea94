/**
 * A micro benchmark's variant played by a Python original, for the figures an issue states
 * against "the C greenlet on this machine" and the like: each sample starts /usr/bin/python3 on a
 * script that does the work once and prints the seconds it took, timed inside Python, so the
 * interpreter's start-up is not counted. The harness samples it between ours and the raw
 * baselines, as it does every variant, so a busy machine slows all of them alike.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Variant } from '../harness.js';
import { PYTHON } from '../tcp-echo/bench-child.js';

/** A sample longer than this means the script hangs. */
const SAMPLE_TIMEOUT_MS = 120_000;

/**
 * The variant `label` that runs `../python/<script>` with `args`, performing `ops` operations
 * per run. The script prints one number, the seconds its timed part took. `interpreter` is for
 * the tests, which check the variant with a Node script where Python may be missing.
 */
export function pythonScriptVariant(label: string, script: string, args: readonly string[], ops: number, interpreter = PYTHON): Variant {
  const path = fileURLToPath(new URL(script, new URL('../python/', import.meta.url)));
  return {
    label,
    side: 'python',
    ops,
    sample: () =>
      new Promise<number>((resolve, reject) => {
        execFile(interpreter, [path, ...args], { timeout: SAMPLE_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
          if (error !== null) {
            reject(new Error(`${label}: ${interpreter} ${script} failed: ${stderr.trim() || error.message}`));
            return;
          }
          const seconds = Number(stdout.trim());
          if (!(seconds > 0)) reject(new Error(`${label}: ${script} printed ${JSON.stringify(stdout)}, not a number of seconds`));
          else resolve(seconds);
        });
      }),
  };
}
