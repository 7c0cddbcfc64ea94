// Every package under packages/ (including ones added later) carries the package.json fields
// publishing needs; the checker itself is tested on a broken manifest so it cannot pass vacuously.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishingProblems } from '../src/publishing-fields.js';
import { listPublishedPackages, listWorkspacePackages, type PackageManifest } from '../src/workspace-packages.js';
import { workspaceRoot } from './scratch-workspace.js';

const rootManifest = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as PackageManifest;
const all = listWorkspacePackages(workspaceRoot);
const versions = new Map(all.map((pkg) => [pkg.manifest.name ?? '', pkg.manifest.version ?? '']));

describe('publishing fields', () => {
  it('the root package.json names the repository and the engines every package repeats', () => {
    expect(rootManifest.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/\S+\.git$/) });
    expect(rootManifest.engines).toMatchObject({ node: expect.any(String) });
  });

  it('finds the published packages', () => {
    expect(listPublishedPackages(workspaceRoot).map((pkg) => pkg.manifest.name)).toContain('@async/loop');
  });

  for (const pkg of listPublishedPackages(workspaceRoot)) {
    it(`packages/${pkg.folder}/package.json has every field publishing needs`, () => {
      expect(publishingProblems(pkg, rootManifest, versions)).toEqual([]);
    });
  }

  it('reports each missing or inconsistent field', () => {
    const loop = all.find((pkg) => pkg.folder === 'loop')!;
    const broken = {
      ...loop,
      manifest: {
        ...loop.manifest,
        repository: { type: 'git', url: 'git+https://example.invalid/other.git', directory: 'packages/loop' },
        sideEffects: undefined,
        engines: undefined,
        scripts: { build: 'tsc -p tsconfig.json' },
      },
    };
    const problems = publishingProblems(broken, rootManifest, versions).join('\n');
    expect(problems).toMatch(/^repository must be/m);
    expect(problems).toMatch(/^sideEffects must be/m);
    expect(problems).toMatch(/^engines must be/m);
    expect(problems).toMatch(/^scripts\.attw is missing/m);
    expect(problems).toMatch(/^scripts\.publint is missing/m);
  });

  it('reports an internal dependency range that does not accept the workspace version', () => {
    const asyncio = all.find((pkg) => pkg.folder === 'asyncio')!;
    const stale = { ...asyncio, manifest: { ...asyncio.manifest, dependencies: { '@async/loop': '^0.0.1' } } };
    expect(publishingProblems(stale, rootManifest, versions)).toEqual([
      `dependencies["@async/loop"] must be "^${versions.get('@async/loop')}" (its version in the workspace), got "^0.0.1"`,
    ]);
  });
});
