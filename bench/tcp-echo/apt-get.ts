/**
 * Installing a Debian package for the benchmark (the Python originals' frameworks, `wrk`):
 * `apt-get install -y`, and when that fails, `apt-get update` and once more (a fresh machine has
 * no package lists). Only when the bench runs as root; the callers say why when it does not.
 */
import { spawnSync } from 'node:child_process';

/** True when this process may install packages (it runs as root). */
export function canInstallPackages(): boolean {
  return process.getuid?.() === 0;
}

function aptGet(args: readonly string[], progress: (line: string) => void): boolean {
  progress(`apt-get ${args.join(' ')} ...`);
  const result = spawnSync('apt-get', args, { encoding: 'utf8', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Installs `packages` with apt-get (updating the lists if the first attempt fails); true on success. */
export function aptGetInstall(packages: readonly string[], progress: (line: string) => void): boolean {
  const install = ['install', '-y', ...packages];
  return aptGet(install, progress) || (aptGet(['update'], progress) && aptGet(install, progress));
}
