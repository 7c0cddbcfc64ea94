// The porting guides' Python → TypeScript tables name real API: every identifier the TypeScript
// column calls, constructs or spells as a class must exist in the packages' sources, so a rename
// that the guides miss fails here instead of misleading a reader.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from './scratch-workspace.js';

/** Every word that occurs in a TypeScript source under packages/. */
function sourceWords(): Set<string> {
  const words = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts')) for (const word of readFileSync(path, 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? []) words.add(word);
    }
  };
  for (const name of readdirSync(join(workspaceRoot, 'packages'))) {
    const src = join(workspaceRoot, 'packages', name, 'src');
    if (existsSync(src)) walk(src);
  }
  return words;
}

/** The API names one table cell mentions: what is called, constructed, or capitalized. */
function apiNames(cell: string): string[] {
  const names: string[] = [];
  for (const [, code = ''] of cell.matchAll(/`([^`]+)`/g)) {
    // Calls and members: `gather(`, `.createTask(`, `.value`; classes and errors: `TaskGroup`.
    for (const match of code.matchAll(/(?:\bnew\s+|(?<!\.)\.)?\b([A-Za-z_$][\w$]*)\b(\s*\()?/g)) {
      const [whole, name = '', call] = match;
      const member = whole.startsWith('.');
      const capitalized = /^[A-Z]/.test(name) && name.length > 1;
      if (call !== undefined || member || capitalized) names.push(name);
    }
  }
  return names.filter((name) => !IGNORED.has(name));
}

// Language, standard library and placeholder names the tables use around the API.
const IGNORED = new Set(['function', 'yield', 'new', 'await', 'using', 'for', 'of', 'const', 'return', 'Promise', 'Error', 'T', 'Uint8Array', 'Buffer', 'AbortSignal', 'f', 'main', 'body', 'cb', 'worker']);

describe('porting guides name real API', () => {
  const words = sourceWords();
  const guides = readdirSync(join(workspaceRoot, 'docs')).filter((file) => /^porting-.*\.md$/.test(file));

  it('finds the four porting guides', () => {
    expect(guides.sort()).toEqual(['porting-asyncio.md', 'porting-gevent.md', 'porting-tornado.md', 'porting-twisted.md']);
  });

  for (const guide of guides) {
    it(`docs/${guide}: every name in the TypeScript column exists in the sources`, () => {
      const rows = readFileSync(join(workspaceRoot, 'docs', guide), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('|') && !/^\|[-| ]+\|$/.test(line));
      // The first row is the header; the TypeScript column is the last one.
      const names = rows.slice(1).flatMap((row) => apiNames(row.split(' | ').at(-1) ?? ''));
      expect(names.length).toBeGreaterThan(20);
      expect(names.filter((name) => !words.has(name))).toEqual([]);
    });
  }

  it('reads calls, members and classes out of a cell, and would catch a misspelt one', () => {
    expect(apiNames('`yield* new TaskGroup().run(function* (tg) { ... })`, `tg.createTask()`')).toEqual(['TaskGroup', 'run', 'createTask']);
    expect(apiNames('`gather(...aws, { returnExceptions })`')).toEqual(['gather']);
    expect(words.has('gatherAll')).toBe(false);
  });
});
