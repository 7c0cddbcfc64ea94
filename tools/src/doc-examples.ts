/**
 * Finds the runnable code blocks in the project's Markdown (README files and `docs/`), so a
 * test can execute each one and examples in prose cannot rot.
 *
 * A block runs when it is fenced as `ts` or `typescript`. A block fenced `ts no-run` is shown
 * only (a fragment, or code that needs something the test machine lacks). A `text` block that
 * directly follows a runnable block, fenced as `text output`, is the output the block must print.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One runnable block. */
export interface DocExample {
  /** The Markdown file, relative to the workspace root. */
  file: string;
  /** Line of the opening fence, 1-based. */
  line: number;
  /** The TypeScript source. */
  code: string;
  /** What the block must print (trimmed lines), when the file says so. */
  expectedOutput: string | undefined;
}

const FENCE = /^```(\w+)?([^\n]*)\n([\s\S]*?)^```\s*$/gm;

/** The runnable blocks of one Markdown text. */
export function extractExamples(markdown: string, file: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const match of markdown.matchAll(FENCE)) {
    const [whole, lang = '', flags = '', body = ''] = match;
    const line = markdown.slice(0, match.index).split('\n').length;
    if (lang === 'text' && flags.trim() === 'output') {
      const previous = examples.at(-1);
      const previousEnd = previous ? markdown.indexOf(previous.code) + previous.code.length : -1;
      // Only an output block right after its code block (nothing but whitespace and the fence between).
      if (previous && /^\s*```\s*$/.test(markdown.slice(previousEnd, match.index))) {
        previous.expectedOutput = body.trimEnd();
      }
      continue;
    }
    if ((lang === 'ts' || lang === 'typescript') && !flags.includes('no-run')) {
      examples.push({ file, line, code: body, expectedOutput: undefined });
    }
    void whole;
  }
  return examples;
}

/** Markdown files that carry examples: the root README, every package README, `docs/`. */
export function findMarkdownFiles(root: string): string[] {
  const files = [join(root, 'README.md')];
  for (const name of readdirSync(join(root, 'packages'))) {
    const readme = join(root, 'packages', name, 'README.md');
    if (exists(readme)) files.push(readme);
  }
  const walk = (dir: string): void => {
    if (!exists(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk(join(root, 'docs'));
  return files.filter(exists).map((f) => relative(root, f));
}

/** Every runnable example of the workspace at `root`. */
export function collectExamples(root: string): DocExample[] {
  return findMarkdownFiles(root).flatMap((file) => extractExamples(readFileSync(join(root, file), 'utf8'), file));
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
