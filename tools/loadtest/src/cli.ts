#!/usr/bin/env node
/**
 * loadtest: drives the sync, async and hybrid stacks with the same workload
 * and writes the report. `loadtest --help` for the commands.
 */
import { main } from './cli/main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`loadtest: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
