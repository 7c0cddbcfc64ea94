/**
 * The `adapter` generator (`nx g @async/tools:adapter <name>`): scaffolds `packages/<name>`, a
 * package whose class implements `EventLoop` by hosting on another loop, with its README (a
 * runnable example), package.json and tsconfig.json shaped like the other packages', a test that
 * runs the conformance suites, and a changeset. The generated package passes its tests as it is.
 *
 * The file contents are the templates in `files/`, with `__name__`, `__className__`,
 * `__packageName__` and `__description__` replaced; package.json is built here from the
 * workspace's own manifests, so versions, engines and the repository stay in step with them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tree } from 'nx/src/devkit-exports';

/** The generator's options (see `schema.json`). */
export interface AdapterGeneratorOptions {
  /** The package's folder and npm name under `@async/`, in kebab-case. */
  name: string;
  /** The package.json description; a default says what the class is. */
  description?: string;
}

/** The names a generated package uses, derived from its kebab-case name. */
export interface AdapterNames {
  /** The folder under `packages/`, and the file the class lives in (`trio-loop`). */
  name: string;
  /** The npm name (`@async/trio-loop`). */
  packageName: string;
  /** The class (`TrioLoop`). */
  className: string;
}

interface Manifest {
  version?: string;
  license?: string;
  engines?: Record<string, string>;
  repository?: { type?: string; url?: string; directory?: string };
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const TEMPLATES = fileURLToPath(new URL('./files/', import.meta.url));

/**
 * The names of a package called `name`.
 * @throws TypeError if `name` is not kebab-case (lower-case letters and digits, single dashes).
 */
export function adapterNames(name: string): AdapterNames {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(
      `adapter name must be kebab-case (lower-case letters and digits, words joined by single dashes, ` +
        `starting with a letter), such as "trio-loop"; got ${JSON.stringify(name)}`,
    );
  }
  const className = name
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
  return { name, packageName: `@async/${name}`, className };
}

/**
 * Writes `packages/<name>` and `.changeset/<name>.md` into `tree`, and lists the new package in
 * `tools/package.json` (whose tests run every README's examples).
 * @throws TypeError for a bad name, Error if `packages/<name>` exists or the workspace lacks
 *   `packages/loop`.
 */
export default function adapterGenerator(tree: Tree, options: AdapterGeneratorOptions): () => void {
  const names = adapterNames(options.name);
  const dir = `packages/${names.name}`;
  if (tree.exists(dir)) {
    throw new Error(`${dir} exists already: choose another name, or delete it first`);
  }
  const root = readManifest(tree, 'package.json');
  const loop = readManifest(tree, 'packages/loop/package.json');
  const loopTesting = readManifest(tree, 'packages/loop-testing/package.json');
  const description =
    options.description ??
    `An EventLoop hosted on another @async/loop EventLoop (${names.className}), passing the conformance suites.`;

  const replacements: Record<string, string> = {
    __className__: names.className,
    __packageName__: names.packageName,
    __description__: description,
    __name__: names.name,
  };
  for (const template of listTemplates(TEMPLATES)) {
    const content = fill(readFileSync(join(TEMPLATES, template), 'utf8'), replacements);
    const target = template === 'changeset.md.template' ? `.changeset/${names.name}.md` : `${dir}/${template}`;
    tree.write(fill(target, replacements).replace(/\.template$/, ''), content);
  }
  tree.write(`${dir}/package.json`, `${JSON.stringify(packageJson(names, description, root, loop, loopTesting), null, 2)}\n`);

  if (tree.exists('tools/package.json')) {
    const tools = readManifest(tree, 'tools/package.json');
    tools.devDependencies = { ...tools.devDependencies, [names.packageName]: '*' };
    tree.write('tools/package.json', `${JSON.stringify(tools, null, 2)}\n`);
  }
  return () => {
    console.log(`Created ${dir}. Run \`npm install\` once so node_modules/${names.packageName} links to it.`);
  };
}

/** The new package's manifest, in the shape and order of the other packages'. */
function packageJson(names: AdapterNames, description: string, root: Manifest, loop: Manifest, loopTesting: Manifest): Manifest {
  return {
    name: names.packageName,
    version: '0.0.0',
    description,
    license: loop.license ?? 'MIT',
    repository: { type: 'git', url: root.repository?.url, directory: `packages/${names.name}` },
    type: 'module',
    sideEffects: false,
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    types: './dist/index.d.ts',
    files: ['dist', 'src', 'README.md'],
    engines: root.engines ?? loop.engines,
    publishConfig: { access: 'public' },
    scripts: {
      build: 'tsc -p tsconfig.json',
      typecheck: 'tsc -p tsconfig.json --noEmit',
      test: 'vitest run --config ../../vitest.config.ts',
      publint: 'publint --strict',
      attw: 'attw --pack . --profile esm-only',
    },
    dependencies: { '@async/loop': `^${loop.version}` },
    devDependencies: { '@async/loop-testing': `^${loopTesting.version}` },
  };
}

function readManifest(tree: Tree, path: string): Manifest {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`the adapter generator needs ${path} in the workspace, and it is missing`);
  return JSON.parse(text) as Manifest;
}

function fill(text: string, replacements: Record<string, string>): string {
  let out = text;
  for (const [token, value] of Object.entries(replacements)) out = out.split(token).join(value);
  return out;
}

function listTemplates(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path));
    }
  };
  walk(dir);
  return found.sort();
}
