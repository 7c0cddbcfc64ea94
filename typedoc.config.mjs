// The API reference (`npm run docs:api`): TypeDoc over the TSDoc of every published package, that
// is every folder under packages/ whose package.json is not private, found afresh on each run so
// a new package is documented without touching this file. A warning fails the run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const packagesDir = new URL('./packages/', import.meta.url);
const published = readdirSync(packagesDir)
  .filter((name) => existsSync(new URL(`${name}/package.json`, packagesDir)))
  .filter((name) => JSON.parse(readFileSync(new URL(`${name}/package.json`, packagesDir), 'utf8')).private !== true)
  .sort();

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'async-interop',
  entryPointStrategy: 'packages',
  entryPoints: published.map((name) => `packages/${name}`),
  packageOptions: {
    entryPoints: ['src/index.ts'],
    // Members marked @internal (engine hooks such as Future._state) are not part of the API.
    excludeInternal: true,
    excludePrivate: true,
    // Source links point at the main branch without asking git, so a clean clone or an export
    // without .git builds the same pages.
    disableGit: true,
    gitRevision: 'main',
    sourceLinkTemplate: 'https://github.com/async-interop/async-interop/blob/{gitRevision}/{path}#L{line}',
  },
  out: 'dist/api',
  // The index page lists the packages; each package's README is its page. The root README is
  // left out: its links to folders (private packages, examples) are not pages TypeDoc can make.
  readme: 'none',
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, notDocumented: false },
};
