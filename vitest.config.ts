// Shared vitest configuration. Each package runs it from its own folder; `@async/*` imports
// resolve to the packages' TypeScript sources, so tests never need a build first.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = fileURLToPath(new URL('./packages/', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@async\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/index.ts` },
      // Subpath entry points, such as @async/loop-testing/conformance.
      { find: /^@async\/([a-z0-9-]+)\/([a-z0-9-]+)$/, replacement: `${packages}$1/src/$2/index.ts` },
    ],
  },
  test: {
    root: process.cwd(),
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
