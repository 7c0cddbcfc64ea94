// Packs every published package under packages/ as npm would publish it, installs the tarballs
// into a project outside the workspace with no registry at all, and uses them from plain ESM and
// from TypeScript: what a user gets from npm, not what the workspace's aliases and links give.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPublishedPackages, type WorkspacePackage } from '../src/workspace-packages.js';
import { workspaceRoot } from './scratch-workspace.js';

interface PackResult {
  name: string;
  filename: string;
  files: Array<{ path: string }>;
}

/** The environment for a child npm: without the variables an outer `npm run` sets. */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !key.startsWith('VITEST') && key !== 'TEST') env[key] = value;
  }
  // Its own cache, and a registry that does not exist: every dependency must come from a tarball.
  return { ...env, npm_config_cache: cache, npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false' };
}

function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.error?.message}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

const packages = listPublishedPackages(workspaceRoot);

/** Stops with a clear message when a package has not been built: its dist/ is what gets packed. */
function checkBuilt(pkgs: WorkspacePackage[]): void {
  const unbuilt = pkgs.filter((pkg) => !existsSync(join(pkg.dir, 'dist', 'index.js')) || !existsSync(join(pkg.dir, 'dist', 'index.d.ts')));
  if (unbuilt.length > 0) {
    throw new Error(
      `not built: ${unbuilt.map((pkg) => `packages/${pkg.folder}/dist`).join(', ')} missing. Run \`npm run build\` first ` +
        '(`npm test` does, through nx: the tools test depends on every package\'s build).',
    );
  }
}

describe('the packages as npm publishes them', () => {
  let temp: string;
  let consumer: string;
  let packed: PackResult[];
  const names = packages.map((pkg) => pkg.manifest.name!);

  beforeAll(() => {
    checkBuilt(packages);
    temp = mkdtempSync(join(tmpdir(), 'async-pack-'));
    const env = npmEnv(join(temp, 'npm-cache'));
    const tarballs = join(temp, 'tarballs');
    mkdirSync(tarballs);
    const workspaces = packages.flatMap((pkg) => ['--workspace', `packages/${pkg.folder}`]);
    packed = JSON.parse(exec('npm', ['pack', '--json', '--pack-destination', tarballs, ...workspaces], workspaceRoot, env)) as PackResult[];

    consumer = join(temp, 'consumer');
    mkdirSync(consumer);
    const dependencies = Object.fromEntries(packed.map((p) => [p.name, `file:${join(tarballs, p.filename)}`]));
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }));
    exec('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], consumer, env);

    // Peer dependencies outside @async (the testing kit's vitest) are the consumer's to provide,
    // as typescript and @types/node are: this project borrows the workspace's copies.
    for (const pkg of packages) {
      for (const peer of Object.keys(pkg.manifest.peerDependencies ?? {})) {
        const target = join(consumer, 'node_modules', peer);
        if (!peer.startsWith('@async/') && !existsSync(target)) {
          mkdirSync(join(target, '..'), { recursive: true });
          symlinkSync(join(workspaceRoot, 'node_modules', peer), target, 'dir');
        }
      }
    }
  }, 120_000);

  afterAll(() => {
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  });

  it('packs every published package, with its build, README and manifest and without its tests', () => {
    expect(names).toContain('@async/loop');
    expect(packed.map((p) => p.name).sort()).toEqual([...names].sort());
    for (const p of packed) {
      const files = p.files.map((f) => f.path);
      expect(files, p.name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']));
      expect(files.filter((f) => f.startsWith('test/') || f.endsWith('.tsbuildinfo')), p.name).toEqual([]);
    }
  });

  it('installs from the tarballs alone, outside the workspace, each @async dependency from its tarball', () => {
    for (const name of names) {
      const installed = join(consumer, 'node_modules', name);
      expect(lstatSync(installed).isSymbolicLink(), `${name} is a link, not an installed copy`).toBe(false);
      expect(realpathSync(installed).startsWith(realpathSync(workspaceRoot)), name).toBe(false);
      // No second copy nested under a dependent: one @async/loop for everyone, as the fronts need.
      for (const dependency of Object.keys(packages.find((pkg) => pkg.manifest.name === name)!.manifest.dependencies ?? {})) {
        expect(existsSync(join(installed, 'node_modules', dependency)), `${name} nests its own ${dependency}`).toBe(false);
      }
    }
  });

  it('imports every package from plain ESM, and runs a coroutine on the installed loop', () => {
    const script = [
      `const names = ${JSON.stringify(names)};`,
      'for (const name of names) {',
      '  const exports = Object.keys(await import(name));',
      '  console.log(`${name} ${exports.length} ${import.meta.resolve(name)}`);',
      '}',
      "const { NodeEventLoop } = await import('@async/loop');",
      'const loop = new NodeEventLoop();',
      'function* main() {',
      '  const done = loop.createFuture();',
      "  loop.callLater(0.001, () => done.setResult('ran'));",
      '  return yield* done;',
      '}',
      'console.log(await loop.runUntilComplete(main()));',
      'loop.close();',
    ].join('\n');
    writeFileSync(join(consumer, 'consumer.mjs'), script);
    const lines = exec(process.execPath, ['consumer.mjs'], consumer, npmEnv(join(temp, 'npm-cache'))).trimEnd().split('\n');
    expect(lines.at(-1)).toBe('ran');
    for (const [i, name] of names.entries()) {
      const [printed, count, url] = lines[i]!.split(' ');
      expect(printed).toBe(name);
      expect(Number(count), `${name} exports nothing`).toBeGreaterThan(0);
      expect(url, name).toBe(`file://${realpathSync(join(consumer, 'node_modules'))}/${name}/dist/index.js`);
    }
  }, 60_000);

  it('typechecks a TypeScript consumer against the published declarations', () => {
    const imports = names.map((name, i) => `import * as p${i} from '${name}';`);
    // `any` would hide a missing declaration file: each namespace must have real types.
    const notAny = names.map((_, i) => `const typed${i}: IsAny<typeof p${i}> = false;\nvoid typed${i};`);
    const source = [
      ...imports,
      "import { NodeEventLoop, type Coroutine, type Future } from '@async/loop';",
      'type IsAny<T> = 0 extends 1 & T ? true : false;',
      ...notAny,
      'const loop = new NodeEventLoop();',
      'const future: Future<number> = loop.createFuture<number>();',
      'function* main(): Coroutine<number> {',
      '  const value: number = yield* future;',
      '  return value;',
      '}',
      'void main;',
      '// @ts-expect-error a Future<number> holds no string',
      'const wrong: string = future.result();',
      'void wrong;',
      'loop.close();',
      'export {};',
    ].join('\n');
    writeFileSync(join(consumer, 'consumer.ts'), source);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'ESNext.Disposable'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(workspaceRoot, 'node_modules', '@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8', timeout: 120_000 });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);
});
