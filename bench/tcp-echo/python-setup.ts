/**
 * Makes the Python originals available for the side-by-side rows: checks which framework modules
 * /usr/bin/python3 can import and, when some are missing and the bench runs as root, installs
 * their Debian packages with `apt-get install -y` (after `apt-get update` if the first attempt
 * fails). What cannot be had is reported with the reason, and those rows are skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptGetInstall, canInstallPackages } from './apt-get.js';
import { PYTHON } from './bench-child.js';
import type { PythonRequirement } from './echo-servers.js';

/** Which modules can be imported, and why the others cannot. */
export interface PythonAvailability {
  /** Modules that import. */
  available: Set<string>;
  /** Module → why it is unavailable. */
  missing: Map<string, string>;
  /** Each module's version, for the report. */
  versions: Record<string, string>;
}

function canImport(module: string): string | null {
  const result = spawnSync(PYTHON, ['-c', `import ${module}, sys; sys.stdout.write(getattr(${module}, '__version__', getattr(${module}, 'version', '?')))`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return result.status === 0 ? String(result.stdout).trim() || '?' : null;
}

/**
 * Finds out which of `requirements` (plus `sys`, for Python itself) are there, installing what is
 * missing when `install` is true and the process runs as root.
 */
export function preparePython(requirements: readonly PythonRequirement[], install: boolean, progress: (line: string) => void): PythonAvailability {
  const availability: PythonAvailability = { available: new Set(), missing: new Map(), versions: {} };
  const unique = [...new Map(requirements.map((r) => [r.module, r])).values()];
  if (!existsSync(PYTHON)) {
    for (const r of unique) availability.missing.set(r.module, `${PYTHON} not found`);
    availability.missing.set('sys', `${PYTHON} not found`);
    return availability;
  }
  availability.available.add('sys');
  availability.versions.python = spawnSync(PYTHON, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).stdout.trim();
  let absent = unique.filter((r) => {
    const version = canImport(r.module);
    if (version !== null) availability.versions[r.module] = version;
    return version === null;
  });
  if (absent.length > 0 && install) {
    if (!canInstallPackages()) {
      for (const r of absent) availability.missing.set(r.module, `${r.debianPackage} is not installed and the bench is not root (apt-get install -y ${r.debianPackage})`);
      return finish(availability, unique);
    }
    const packages = absent.map((r) => r.debianPackage);
    const installed = aptGetInstall(packages, progress);
    absent = absent.filter((r) => {
      const version = installed ? canImport(r.module) : null;
      if (version !== null) availability.versions[r.module] = version;
      return version === null;
    });
    for (const r of absent) availability.missing.set(r.module, `apt-get install -y ${r.debianPackage} failed`);
  } else {
    for (const r of absent) availability.missing.set(r.module, `${r.debianPackage} is not installed (a full run installs it when run as root)`);
  }
  return finish(availability, unique);
}

function finish(availability: PythonAvailability, all: readonly PythonRequirement[]): PythonAvailability {
  for (const r of all) if (!availability.missing.has(r.module)) availability.available.add(r.module);
  return availability;
}
