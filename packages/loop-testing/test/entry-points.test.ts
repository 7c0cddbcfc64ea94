// The main entry point must load without vitest (a user may test with anything); only the
// conformance suites, behind `@async/loop-testing/conformance`, use it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('entry points', () => {
  it('imports vitest only from the conformance suites', () => {
    const importers = sourceFiles(src)
      .filter((file) => /from 'vitest'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((file) => !file.startsWith('conformance/'))).toEqual([]);
  });

  it('keeps the main entry point free of the conformance suites', () => {
    expect(readFileSync(join(src, 'index.ts'), 'utf8')).not.toMatch(/from '\.\/conformance/);
  });
});
