// Runs every TypeScript block of the README files and docs/, and every script in examples/,
// checking printed output where the Markdown gives it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { collectExamples, extractExamples } from '../src/doc-examples.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = join(root, 'tools', '.doc-examples');

/** Imports a module and returns what it printed with console.log. */
async function runModule(path: string): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    await import(/* @vite-ignore */ path);
  } finally {
    log.mockRestore();
  }
  return lines.join('\n');
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('examples in the docs', () => {
  const examples = collectExamples(root);
  mkdirSync(scratch, { recursive: true });

  it('finds examples to run', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const [i, example] of examples.entries()) {
    it(`${example.file}:${example.line} runs`, async () => {
      const path = join(scratch, `example-${i}.ts`);
      writeFileSync(path, example.code);
      const output = await runModule(path);
      if (example.expectedOutput !== undefined) expect(output).toBe(example.expectedOutput);
    });
  }
});

describe('examples/', () => {
  it('loop-demo runs sequential then concurrent fetches', async () => {
    const output = await runModule(join(root, 'examples', 'loop-demo.ts'));
    expect(output).toMatch(/^sequential 5 pages in [\d.]+ s\nconcurrent 5 pages in [\d.]+ s$/);
  });

  it('greenlet-example prints 1 2 3, as the seed does, and never 4', async () => {
    expect(await runModule(join(root, 'examples', 'greenlet-example.ts'))).toBe('1\n2\n3');
  });
});

describe('extractExamples', () => {
  it('takes ts blocks, skips no-run ones and attaches an output block', () => {
    const md = [
      '```ts',
      'console.log(1);',
      '```',
      '',
      '```text output',
      '1',
      '```',
      '```ts no-run',
      'nope();',
      '```',
    ].join('\n');
    const found = extractExamples(md, 'x.md');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 1, code: 'console.log(1);\n', expectedOutput: '1' });
  });
});
