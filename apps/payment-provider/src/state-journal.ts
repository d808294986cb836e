import { constants, existsSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ConfigError } from '@lab/config';
import { emptyState, stateProblem, type ProviderState } from './provider-state.js';
import { GroupCommit, type StateFile } from './state-file.js';

/** The parts of the state that hold records by key. */
export type StateTable = 'endpoints' | 'charges' | 'keys' | 'deliveries';
const TABLES: readonly StateTable[] = ['endpoints', 'charges', 'keys', 'deliveries'];

/** What a save makes durable: a record of a table, as it is now (absent: removed), or the counts. */
export type StateChange = readonly [table: StateTable, key: string] | 'stats';

/** Saves the changes named, and everything changed before them. */
export type SaveState = (...changes: readonly StateChange[]) => Promise<void>;

/** One line of the journal: a record set (`v`) or removed (no `v`), or the counts. */
type JournalLine =
  | { readonly t: StateTable; readonly k: string; readonly v?: unknown }
  | { readonly t: 'stats'; readonly v: ProviderState['stats'] };

/**
 * Past this many bytes the journal is folded into the snapshot and emptied:
 * a replay at start-up stays short, and a save never rewrites the state.
 */
export const COMPACT_BYTES = 32 * 2 ** 20;

/** The journal beside a state file. */
export const journalPath = (statePath: string) => `${statePath}.journal`;

/**
 * Appending, each write on disk when it returns (O_DSYNC): one call to the
 * thread pool per save where a write and an fdatasync were two.
 */
const APPEND_DURABLY =
  constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;

/**
 * The provider's state made durable a change at a time: each save appends
 * the records it names, as JSON lines, to a journal beside the snapshot and
 * flushes it, so a save costs its own few hundred bytes however many charges
 * the provider holds. Saves asked for while a write runs share the next one
 * (group commit). At start-up, and when the journal grows past
 * COMPACT_BYTES, the state is written whole to the snapshot (atomically)
 * and the journal emptied; replaying a line twice changes nothing.
 */
export class StateJournal {
  private lines: string[] = [];
  private handle: FileHandle | undefined;
  private bytes = 0;
  private readonly commits = new GroupCommit(() => this.write());

  constructor(
    private readonly snapshot: StateFile<ProviderState>,
    private readonly state: () => ProviderState,
    private readonly compactBytes = COMPACT_BYTES,
  ) {}

  get path(): string {
    return journalPath(this.snapshot.path);
  }

  /** Folds what was loaded into the snapshot and starts an empty journal. */
  async open(): Promise<void> {
    await this.snapshot.save();
    await (await open(this.path, 'w')).close();
    // Appending: every write lands at the end, also after the journal is emptied.
    this.handle = await open(this.path, APPEND_DURABLY);
    await this.handle.sync();
  }

  /** Resolves once these changes (and every one before them) are on disk. */
  readonly save: SaveState = (...changes) => {
    const state = this.state();
    for (const change of changes) this.lines.push(JSON.stringify(lineOf(state, change)));
    // A failed write keeps its lines for the next one.
    return this.commits.run();
  };

  async close(): Promise<void> {
    await this.save();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async write(): Promise<void> {
    const lines = this.lines;
    if (!lines.length) return;
    this.lines = [];
    try {
      this.handle ??= await open(this.path, APPEND_DURABLY);
      const text = `${lines.join('\n')}\n`;
      await this.handle.write(text);
      this.bytes += Buffer.byteLength(text);
    } catch (error) {
      // Not on disk: written again with the next save's lines.
      this.lines = [...lines, ...this.lines];
      throw error;
    }
    if (this.bytes > this.compactBytes) {
      await this.snapshot.save();
      await this.handle.truncate(0);
      this.bytes = 0;
    }
  }
}

function lineOf(state: ProviderState, change: StateChange): JournalLine {
  if (change === 'stats') return { t: 'stats', v: state.stats };
  const [t, k] = change;
  const v = (state[t] as Record<string, unknown>)[k];
  return v === undefined ? { t, k } : { t, k, v };
}

/**
 * Replays the journal beside `statePath` onto `state`. A last line cut short
 * (a crash mid-append) is dropped: its save never answered. Any other line
 * that is not the journal's is thrown, with its number.
 */
export function replayJournal(statePath: string, state: ProviderState): void {
  const path = journalPath(statePath);
  if (!existsSync(path)) return;
  const lines = readFileSync(path, 'utf8').split('\n');
  const last = lines.length - 1;
  lines.forEach((text, i) => {
    if (text === '') return;
    let line: JournalLine;
    try {
      line = JSON.parse(text) as JournalLine;
    } catch (error) {
      if (i === last) return;
      throw new Error(`journal line ${String(i + 1)}: not JSON`, { cause: error });
    }
    applyLine(state, line, i + 1);
  });
}

function applyLine(state: ProviderState, line: JournalLine, n: number): void {
  if (line.t === 'stats') {
    state.stats = line.v;
    return;
  }
  if (!TABLES.includes(line.t) || typeof line.k !== 'string')
    throw new Error(`journal line ${String(n)}: not a change of the provider's state`);
  const table = state[line.t] as Record<string, unknown>;
  if (line.v === undefined) delete table[line.k];
  else table[line.k] = line.v;
}

/**
 * The state saved in `file` and its journal (state-journal.ts), or undefined
 * when there is none yet. A file that is not the provider's state stops
 * start-up as a bad setting would, naming LAB_PROVIDER_STATE_FILE, rather
 * than with a bare SyntaxError.
 */
export function loadProviderState(file: {
  readonly path: string;
  load(): unknown;
}): ProviderState | undefined {
  let value: unknown;
  try {
    value = file.load();
  } catch (error) {
    throw stateFileError(file.path, 'not valid JSON', error);
  }
  const journaled = existsSync(journalPath(file.path));
  if (value === undefined && !journaled) return undefined;
  const problem = stateProblem(value ?? emptyState());
  if (problem) throw stateFileError(file.path, problem);
  const state = (value ?? emptyState()) as ProviderState;
  try {
    replayJournal(file.path, state);
  } catch (error) {
    throw stateFileError(journalPath(file.path), (error as Error).message, error);
  }
  const replayed = stateProblem(state);
  if (replayed) throw stateFileError(journalPath(file.path), replayed);
  return state;
}

function stateFileError(path: string, why: string, cause?: unknown): ConfigError {
  return new ConfigError(
    [`LAB_PROVIDER_STATE_FILE (provider.stateFile): ${path} is not the provider's state: ${why}`],
    cause === undefined ? undefined : { cause },
  );
}
