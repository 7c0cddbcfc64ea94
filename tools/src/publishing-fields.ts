/**
 * The publishing rules every package's package.json must meet, as one checker: the tools test
 * runs it on each package under `packages/`, so a package added later is held to the same rules,
 * and the adapter generator's output is checked with it too.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageManifest, WorkspacePackage } from './workspace-packages.js';

/** The scripts (hence nx targets) every published package has. */
export const REQUIRED_SCRIPTS = ['build', 'typecheck', 'test', 'publint', 'attw'] as const;

/**
 * What is wrong with `pkg`'s package.json for publishing, one sentence per problem (empty when
 * nothing is). `rootManifest` is the workspace's own package.json: its `repository.url` and
 * `engines` are the ones every package must repeat. `versions` maps each workspace package's
 * name to its version, to check that internal dependency ranges accept it.
 */
export function publishingProblems(
  pkg: WorkspacePackage,
  rootManifest: PackageManifest,
  versions: ReadonlyMap<string, string>,
): string[] {
  const m = pkg.manifest;
  const problems: string[] = [];
  const need = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };

  need(m.name === `@async/${pkg.folder}`, `name must be "@async/${pkg.folder}" (the folder's name), got ${JSON.stringify(m.name)}`);
  need(typeof m.version === 'string' && /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(m.version), 'version must be a semver version');
  need(typeof m.description === 'string' && m.description.length > 0, 'description must say what the package is');
  need(typeof m.license === 'string' && m.license.length > 0, 'license must be set (an SPDX identifier)');

  const repository = m.repository as { type?: unknown; url?: unknown; directory?: unknown } | undefined;
  const rootRepository = rootManifest.repository as { url?: unknown } | undefined;
  need(
    repository?.type === 'git' && repository.url === rootRepository?.url && repository.directory === `packages/${pkg.folder}`,
    `repository must be { "type": "git", "url": ${JSON.stringify(rootRepository?.url)} (the root package.json's), ` +
      `"directory": "packages/${pkg.folder}" }`,
  );
  need(m.type === 'module', 'type must be "module" (the packages are ESM only)');
  need(typeof m.sideEffects === 'boolean' || Array.isArray(m.sideEffects), 'sideEffects must be false, or the list of files that have side effects');
  need(
    JSON.stringify(m.engines) === JSON.stringify(rootManifest.engines),
    `engines must be ${JSON.stringify(rootManifest.engines)}, as in the root package.json`,
  );

  const files = m.files;
  need(Array.isArray(files) && files.includes('dist'), 'files must list "dist" (what npm publishes)');
  const exportsField = m.exports as Record<string, unknown> | undefined;
  const main = exportsField?.['.'] as { types?: unknown; default?: unknown } | undefined;
  need(
    main?.types === './dist/index.d.ts' && main.default === './dist/index.js',
    'exports["."] must be { "types": "./dist/index.d.ts", "default": "./dist/index.js" }',
  );
  need(exportsField?.['./package.json'] === './package.json', 'exports must expose "./package.json"');
  need(m.types === './dist/index.d.ts', 'types must be "./dist/index.d.ts" (for tools that ignore exports)');
  need((m.publishConfig as { access?: unknown } | undefined)?.access === 'public', 'publishConfig.access must be "public" (a scoped package)');

  const scripts = (m.scripts ?? {}) as Record<string, unknown>;
  for (const script of REQUIRED_SCRIPTS) need(typeof scripts[script] === 'string', `scripts.${script} is missing (it is an nx target)`);
  need(
    typeof scripts.attw === 'string' && scripts.attw.includes('--pack') && scripts.attw.includes('--profile esm-only'),
    'scripts.attw must run "attw --pack . --profile esm-only"',
  );
  need(existsSync(join(pkg.dir, 'README.md')), 'README.md is missing');

  for (const [dependency, range] of Object.entries(m.dependencies ?? {})) {
    const version = versions.get(dependency);
    if (version !== undefined) {
      need(range === `^${version}`, `dependencies["${dependency}"] must be "^${version}" (its version in the workspace), got "${range}"`);
    }
  }
  return problems;
}
