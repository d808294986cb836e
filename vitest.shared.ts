import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const workspaceRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * One vitest config for every project: tests run against the TypeScript
 * sources of workspace libraries (the `@lab/source` export condition), in
 * Node, with real brokers started by the tests themselves.
 */
export function projectConfig(options: { timeoutMs?: number; include?: string[] } = {}) {
  const conditions = ['@lab/source', 'node', 'import', 'module', 'default'];
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@lab/source'] } },
    test: {
      environment: 'node',
      include: options.include ?? ['src/**/*.spec.ts'],
      testTimeout: options.timeoutMs ?? 20_000,
      hookTimeout: options.timeoutMs ?? 30_000,
      pool: 'forks',
      // The JSON report feeds the one-line summary CI prints at the end.
      reporters: ['default', 'json'],
      outputFile: {
        json: `${workspaceRoot}test-output/vitest/${relative(workspaceRoot, process.cwd()).replaceAll('/', '-')}.json`,
      },
    },
  });
}
