// A throwaway copy of the workspace's skeleton in the system's temp folder, for tests that
// generate or install packages without touching the real packages/ folder: the root config files
// are copied, the existing packages and node_modules are linked, so tools resolve as at home.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real workspace's root folder. */
export const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A scratch workspace and how to remove it. */
export interface ScratchWorkspace {
  /** Its root folder. */
  root: string;
  /** Deletes the folder (links only, never what they point to). */
  remove(): void;
}

/** Creates a scratch workspace whose packages/ links to every real package. */
export function createScratchWorkspace(prefix: string): ScratchWorkspace {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const file of ['package.json', 'tsconfig.base.json', 'vitest.config.ts']) {
    copyFileSync(join(workspaceRoot, file), join(root, file));
  }
  mkdirSync(join(root, 'tools'));
  copyFileSync(join(workspaceRoot, 'tools', 'package.json'), join(root, 'tools', 'package.json'));
  mkdirSync(join(root, '.changeset'));
  mkdirSync(join(root, 'packages'));
  for (const name of readdirSync(join(workspaceRoot, 'packages'))) {
    symlinkSync(join(workspaceRoot, 'packages', name), join(root, 'packages', name), 'dir');
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The environment for a child vitest or tsc: this run's vitest variables removed. */
export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'TEST') env[key] = value;
  }
  return env;
}
