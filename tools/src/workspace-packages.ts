/**
 * The packages of the workspace: every folder under `packages/` that has a package.json, read
 * fresh each time, so the tools that publish, pack or check packages include new ones as soon as
 * they exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package.json, as far as the tools read it. */
export interface PackageManifest {
  name?: string;
  version?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** One package of the workspace. */
export interface WorkspacePackage {
  /** Its folder's name under `packages/` (`loop-testing`). */
  folder: string;
  /** Its absolute path. */
  dir: string;
  /** Its package.json. */
  manifest: PackageManifest;
}

/** Every package under `<root>/packages`, sorted by folder name. */
export function listWorkspacePackages(root: string): WorkspacePackage[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .sort()
    .map((folder) => ({ folder, dir: join(packagesDir, folder) }))
    .filter(({ dir }) => existsSync(join(dir, 'package.json')))
    .map(({ folder, dir }) => ({
      folder,
      dir,
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest,
    }));
}

/** The packages that are published: those not marked `"private": true`. */
export function listPublishedPackages(root: string): WorkspacePackage[] {
  return listWorkspacePackages(root).filter((pkg) => pkg.manifest.private !== true);
}
