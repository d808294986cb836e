import { defineConfig } from 'vitest/config';

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
      reporters: ['default'],
    },
  });
}
