// The adapter generator, run into a scratch copy of the workspace: what it writes, and that the
// package it writes typechecks, passes its own conformance tests and runs its README untouched.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractExamples } from '../src/doc-examples.js';
import adapterGenerator, { adapterNames } from '../src/generators/adapter/generator.js';
import { publishingProblems } from '../src/publishing-fields.js';
import type { PackageManifest } from '../src/workspace-packages.js';
import { childEnv, createScratchWorkspace, workspaceRoot, type ScratchWorkspace } from './scratch-workspace.js';

const NAME = 'sample-loop';
const bin = (path: string): string => join(workspaceRoot, 'node_modules', path);

/** Runs a Node script in `cwd`; returns its exit status and everything it printed. */
function run(cwd: string, script: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [script, ...args], { cwd, env: childEnv(), encoding: 'utf8', timeout: 150_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error?.message ?? ''}` };
}

describe('nx g @async/tools:adapter', () => {
  let scratch: ScratchWorkspace;
  let dir: string;

  beforeAll(() => {
    scratch = createScratchWorkspace('async-adapter-');
    dir = join(scratch.root, 'packages', NAME);
    const tree = new FsTree(scratch.root, false);
    adapterGenerator(tree, { name: NAME });
    flushChanges(scratch.root, tree.listChanges());
    // What `npm install` does for a new workspace package: link it into node_modules. The scratch
    // workspace shares the real node_modules, so the test maps the name in a tsconfig instead.
    writeFileSync(
      join(scratch.root, 'tsconfig.tests.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true, paths: { '@async/*': ['./packages/*/src/index.ts'] } },
        include: [`packages/${NAME}/test/**/*.ts`, 'readme-example.ts'],
      }),
    );
  });

  afterAll(() => scratch?.remove());

  it('derives the package and class names from a kebab-case name, and rejects others', () => {
    expect(adapterNames('trio-loop')).toEqual({ name: 'trio-loop', packageName: '@async/trio-loop', className: 'TrioLoop' });
    for (const bad of ['Trio', 'trio_loop', 'trio--loop', '-trio', '9trio', '']) {
      expect(() => adapterNames(bad), bad).toThrow(TypeError);
    }
  });

  it('writes the package, its changeset, and lists it in tools/package.json', () => {
    for (const file of ['README.md', 'package.json', 'tsconfig.json', 'src/index.ts', `src/${NAME}.ts`, 'test/conformance.test.ts']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(readFileSync(join(dir, 'src/index.ts'), 'utf8')).toBe("export { SampleLoop } from './sample-loop.js';\n");
    expect(readFileSync(join(scratch.root, '.changeset', `${NAME}.md`), 'utf8')).toMatch(/^---\n'@async\/sample-loop': minor\n---\n/);
    const tools = JSON.parse(readFileSync(join(scratch.root, 'tools', 'package.json'), 'utf8')) as PackageManifest;
    expect((tools.devDependencies as Record<string, string>)['@async/sample-loop']).toBe('*');
    // No template token survives.
    for (const file of ['README.md', `src/${NAME}.ts`, 'test/conformance.test.ts']) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/__\w+__/);
    }
  });

  it('refuses to overwrite an existing package', () => {
    const tree = new FsTree(scratch.root, false);
    expect(() => adapterGenerator(tree, { name: NAME })).toThrow(/packages\/sample-loop exists already/);
    expect(() => adapterGenerator(tree, { name: 'Bad Name' })).toThrow(TypeError);
  });

  it('writes a package.json with every field publishing needs', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
    const root = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as PackageManifest;
    const loopVersion = (JSON.parse(readFileSync(join(workspaceRoot, 'packages/loop/package.json'), 'utf8')) as PackageManifest).version!;
    const problems = publishingProblems({ folder: NAME, dir, manifest }, root, new Map([['@async/loop', loopVersion]]));
    expect(problems).toEqual([]);
  });

  it('generates sources that typecheck', () => {
    const result = run(dir, bin('typescript/bin/tsc'), ['-p', 'tsconfig.json', '--noEmit']);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, 150_000);

  it('generates tests that typecheck and pass: the EventLoop conformance suite on NodeEventLoop and VirtualEventLoop', () => {
    const typecheck = run(scratch.root, bin('typescript/bin/tsc'), ['-p', 'tsconfig.tests.json']);
    expect(typecheck.output).toBe('');
    // The generated package's own `test` script: vitest with the workspace's config.
    const result = run(dir, bin('vitest/vitest.mjs'), ['run', '--config', '../../vitest.config.ts', '--reporter=dot']);
    expect(result.status, result.output).toBe(0);
    const passed = /Tests\s+(\d+) passed/.exec(result.output.replace(/\x1b\[[0-9;]*m/g, ''));
    expect(passed, result.output).not.toBeNull();
    expect(Number(passed![1])).toBeGreaterThan(300);
  }, 150_000);

  it('generates a package that builds and passes publint --strict and attw', () => {
    expect(run(dir, bin('typescript/bin/tsc'), ['-p', 'tsconfig.json']).status).toBe(0);
    const publint = run(dir, bin('publint/src/cli.js'), ['--strict']);
    expect(publint.output).toMatch(/All good!/);
    expect(publint.status).toBe(0);
    const attw = run(dir, bin('@arethetypeswrong/cli/dist/index.js'), ['--pack', '.', '--profile', 'esm-only', '--format', 'json']);
    expect(attw.status, attw.output).toBe(0);
  }, 150_000);

  it('writes a README whose example runs and prints its output block', () => {
    const [example, ...rest] = extractExamples(readFileSync(join(dir, 'README.md'), 'utf8'), 'README.md');
    expect(rest).toEqual([]);
    writeFileSync(join(scratch.root, 'readme-example.ts'), example!.code);
    const result = run(scratch.root, bin('tsx/dist/cli.mjs'), ['--tsconfig', 'tsconfig.tests.json', 'readme-example.ts']);
    expect(result.status, result.output).toBe(0);
    expect(result.output.trimEnd()).toBe(example!.expectedOutput);
  }, 150_000);
});
