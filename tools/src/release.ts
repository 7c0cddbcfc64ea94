/**
 * `npm run release`: the release rehearsal. It applies the pending changesets (`changeset
 * version`: versions, changelogs, internal dependency ranges), brings package-lock.json in step
 * with the new versions, builds every package, and shows what npm would publish for each package
 * whose version changed (`npm publish --dry-run`). Publishing for real is `npx changeset publish`,
 * run by hand once this looks right (docs/publishing.md).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listPublishedPackages } from './workspace-packages.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(command: string, args: string[]): void {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`release: \`${command} ${args.join(' ')}\` failed; nothing was published.`);
    process.exit(result.status ?? 1);
  }
}

function versions(): Map<string, string> {
  return new Map(listPublishedPackages(root).map((pkg) => [pkg.folder, pkg.manifest.version ?? '']));
}

const before = versions();
run('npx', ['changeset', 'version']);
const changed = [...versions()].filter(([folder, version]) => before.get(folder) !== version);
if (changed.length === 0) {
  console.log('\nrelease: no package changed version (no pending changesets); nothing to publish.');
  process.exit(0);
}
run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
run('npm', ['run', 'build']);
for (const [folder] of changed) run('npm', ['publish', '--dry-run', '--workspace', `packages/${folder}`]);
console.log(`\nrelease: versioned and checked ${changed.map(([folder, version]) => `${folder}@${version}`).join(', ')}.`);
console.log('Review the diff (package.json versions, CHANGELOG.md files), commit it, then run `npx changeset publish`.');
