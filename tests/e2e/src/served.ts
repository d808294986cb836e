/**
 * What the by-hand tests share: programs started the way a person's `serve`
 * targets start them, waited for by the line they print when ready, and the
 * compiled `loadtest fault` command run against them.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManagedProcess, waitUntil } from '@lab/brokers';
import { findWorkspaceRoot } from '@lab/config';

const run = promisify(execFile);
export const root = findWorkspaceRoot();

export interface Served {
  readonly process: ManagedProcess;
  readonly lines: string[];
}

/** Starts a compiled program of the workspace, its output kept line by line. */
export function serve(
  name: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Served {
  const lines: string[] = [];
  const managed = new ManagedProcess({
    name,
    command: process.execPath,
    args: [join(root, script), ...args],
    cwd: root,
    env,
    onOutput: (line) => lines.push(line),
  });
  managed.start();
  return { process: managed, lines };
}

/** Waits until the program has printed `line`; gives up at once if it exits. */
export async function ready(s: Served, line: string): Promise<void> {
  await waitUntil(async () => s.lines.some((l) => l.includes(line)), {
    timeoutMs: 45_000,
    what: line,
    abandon: () => s.process.exited,
  });
}

/** `loadtest fault …` as `nx run loadtest:fault` runs it: its exit code and what it printed. */
export async function faultCommand(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      [join(root, 'tools/loadtest/dist/cli.js'), 'fault', ...args],
      { env, cwd: root },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}
