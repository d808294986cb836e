import { projectConfig } from '../../vitest.shared.js';

// Whole-system tests: real brokers, real processes, compiled apps.
export default projectConfig({ include: ['src/**/*.e2e.ts'], timeoutMs: 60_000 });
