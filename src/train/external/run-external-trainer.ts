import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SampleForgeError, type Warning } from '../../errors.js';
import type { LeaveOneOutData } from '../../models/recommender.js';

/** How an external trainer is run. */
export interface ExternalTrainerOptions {
  /** argv, no shell: `command[0]` is the program. `{manifest}` in any argument is replaced by the manifest path; without it the path is appended. */
  command: readonly string[];
  /** Top-K list length asked for; default 100. */
  topK?: number;
  /** Milliseconds before the command is killed; default 600,000 (10 minutes). */
  timeoutMs?: number;
  /** Seed written into the manifest for the trainer to use; default 0. */
  seed?: number;
  /** Which targets the predictions are for; default `test`. */
  split?: 'valid' | 'test';
  /** Extra training sequences (augmented), written after the real ones with `synthetic: true` and their parent user. */
  synthetic?: readonly { parent: number; items: ArrayLike<number>; augmenter?: string }[];
  /** What the command writes: `top-k` lists in `predictions.jsonl` (default) or `scores`, a float32 file. */
  output?: 'top-k' | 'scores';
  /** Keep the temp directory for inspection; default false. */
  keepDirectory?: boolean;
  /** Extra environment for the command. */
  env?: Record<string, string>;
}

/** The external trainer's top-K lists or scores. */
export interface ExternalTrainerResult {
  split: 'valid' | 'test';
  /** `lists[user]`: recommended items, best first (empty when the trainer wrote no line for the user); with `output: top-k`. */
  lists?: Int32Array[];
  /** With `output: scores`: one row of `numItems + 1` scores per query user, in `users` order. */
  scores?: { users: Int32Array; values: Float32Array };
  seconds: number;
  warnings: Warning[];
  /** The temp directory (removed unless `keepDirectory`). */
  directory: string;
}

/** The manifest file the command receives; `files` are relative to `directory`. */
export interface ExternalTrainerManifest {
  version: 1;
  directory: string;
  numItems: number;
  numUsers: number;
  seed: number;
  split: 'valid' | 'test';
  topK: number;
  output: 'top-k' | 'scores';
  files: { train: string; queries: string; predictions: string; scores: string };
  formats: Record<string, string>;
}

const STDERR_TAIL = 2000;

async function writeInputs(directory: string, data: LeaveOneOutData, options: ExternalTrainerOptions, split: 'valid' | 'test', topK: number): Promise<{ manifestPath: string; queryUsers: Int32Array }> {
  const train: string[] = data.train.map((items, user) => JSON.stringify({ user, items: Array.from(items), synthetic: false }));
  for (const row of options.synthetic ?? []) train.push(JSON.stringify({ user: row.parent, items: Array.from(row.items), synthetic: true, augmenter: row.augmenter ?? null }));
  const queries: string[] = [];
  const queryUsers: number[] = [];
  data.train.forEach((items, user) => {
    const target = split === 'valid' ? data.validTarget[user] : data.testTarget[user];
    if (target <= 0) return;
    queryUsers.push(user);
    const history = Array.from(items);
    if (split === 'test' && data.validTarget[user] > 0) history.push(data.validTarget[user]);
    queries.push(JSON.stringify({ user, history, exclude: [...new Set(history)].filter((item) => item !== target && item > 0) }));
  });
  const manifest: ExternalTrainerManifest = {
    version: 1,
    directory,
    numItems: data.numItems,
    numUsers: data.train.length,
    seed: options.seed ?? 0,
    split,
    topK,
    output: options.output ?? 'top-k',
    files: { train: 'train.jsonl', queries: 'queries.jsonl', predictions: 'predictions.jsonl', scores: 'scores.f32' },
    formats: {
      train: 'JSONL {"user": number, "items": number[] (dense ids 1..numItems, time order), "synthetic": boolean, "augmenter"?: string}',
      queries: 'JSONL {"user": number, "history": number[], "exclude": number[] (known items the evaluation masks)}',
      predictions: 'JSONL {"user": number, "items": number[] (best first, up to topK)}, written by the command when output is top-k',
      scores: 'little-endian float32, one row of numItems + 1 scores per line of queries.jsonl in that order (column 0 ignored), written when output is scores',
    },
  };
  await writeFile(join(directory, 'train.jsonl'), `${train.join('\n')}\n`);
  await writeFile(join(directory, 'queries.jsonl'), `${queries.join('\n')}\n`);
  const manifestPath = join(directory, 'manifest.json');
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifestPath, queryUsers: Int32Array.from(queryUsers) };
}

function runCommand(command: readonly string[], manifestPath: string, directory: string, timeoutMs: number, env: Record<string, string>): Promise<void> {
  const hasPlaceholder = command.some((argument) => argument.includes('{manifest}'));
  const argv = command.map((argument) => argument.replaceAll('{manifest}', manifestPath));
  if (!hasPlaceholder) argv.push(manifestPath);
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: directory, env: { ...process.env, ...env, SAMPLEFORGE_MANIFEST: manifestPath }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new SampleForgeError('E_TRAIN', `external trainer ${JSON.stringify(argv[0])} could not start: ${error.message}; check train.external.command`, { details: { command: argv }, cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new SampleForgeError('E_TRAIN', `external trainer ${JSON.stringify(argv.join(' '))} timed out after ${timeoutMs} ms and was killed; raise train.external.timeoutMs or speed it up`, { details: { command: argv, timeoutMs } }));
      } else if (code !== 0) {
        reject(
          new SampleForgeError('E_TRAIN', `external trainer ${JSON.stringify(argv.join(' '))} exited with ${code === null ? `signal ${signal}` : `code ${code}`}; stderr: ${stderr.trim() || '(empty)'}`, {
            details: { command: argv, code, signal, stderr },
          }),
        );
      } else resolve();
    });
  });
}

async function readOutput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new SampleForgeError('E_DATA', `external trainer exited 0 but wrote no ${file}; see the manifest's "formats" for what to write`, { details: { file }, cause });
  }
}

/** Parses `predictions.jsonl`; malformed lines throw E_DATA naming the file and the 1-based line. */
export function parsePredictions(text: string, file: string, numUsers: number, numItems: number): { lists: Int32Array[]; warnings: Warning[] } {
  const lists: (Int32Array | undefined)[] = new Array(numUsers);
  const warnings: Warning[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (cause) {
      throw new SampleForgeError('E_DATA', `${where}: not valid JSON (${(cause as Error).message}); each line must be {"user": number, "items": number[]}`, { details: { file, line: index + 1 }, cause });
    }
    const record = row as { user?: unknown; items?: unknown };
    const user = record.user;
    if (typeof user !== 'number' || !Number.isInteger(user) || user < 0 || user >= numUsers) {
      throw new SampleForgeError('E_DATA', `${where}: "user" must be an integer in 0..${numUsers - 1}, got ${JSON.stringify(user)}`, { details: { file, line: index + 1 } });
    }
    if (!Array.isArray(record.items) || record.items.some((item) => typeof item !== 'number' || !Number.isInteger(item) || item < 1 || item > numItems)) {
      throw new SampleForgeError('E_DATA', `${where}: "items" must be an array of item ids in 1..${numItems}`, { details: { file, line: index + 1 } });
    }
    if (lists[user] !== undefined) warnings.push({ code: 'W_DUPLICATE_USER', message: `${where}: user ${user} listed again; the later list is used`, details: { file, line: index + 1 } });
    lists[user] = Int32Array.from(record.items as number[]);
  });
  return { lists: Array.from(lists, (list) => list ?? new Int32Array(0)), warnings };
}

/**
 * Runs an external trainer command on the (augmented) training data and reads its top-K lists.
 * The command gets a temp directory with `train.jsonl`, `queries.jsonl` and `manifest.json` (path
 * as an argument and in `SAMPLEFORGE_MANIFEST`) and must write `predictions.jsonl`. No shell is
 * involved; the command is killed after `timeoutMs`.
 */
export async function runExternalTrainer(data: LeaveOneOutData, options: ExternalTrainerOptions): Promise<ExternalTrainerResult> {
  if (options.command.length === 0) throw new SampleForgeError('E_CONFIG', 'train.external.command is empty; give an argv array such as ["python", "train.py", "{manifest}"]');
  const split = options.split ?? 'test';
  const topK = options.topK ?? 100;
  const started = performance.now();
  const directory = await mkdtemp(join(tmpdir(), 'sampleforge-external-'));
  try {
    const { manifestPath, queryUsers } = await writeInputs(directory, data, options, split, topK);
    await runCommand(options.command, manifestPath, directory, options.timeoutMs ?? 600_000, options.env ?? {});
    const seconds = (): number => (performance.now() - started) / 1000;
    if (options.output === 'scores') {
      const file = join(directory, 'scores.f32');
      const bytes = await readOutput(file);
      const expected = queryUsers.length * (data.numItems + 1) * 4;
      if (bytes.length !== expected) {
        throw new SampleForgeError('E_DATA', `${file}: ${bytes.length} bytes, expected ${expected} (${queryUsers.length} queries x ${data.numItems + 1} float32 scores)`, { details: { file, bytes: bytes.length, expected } });
      }
      const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      return { split, scores: { users: queryUsers, values }, warnings: [], seconds: seconds(), directory };
    }
    const file = join(directory, 'predictions.jsonl');
    const { lists, warnings } = parsePredictions((await readOutput(file)).toString('utf8'), file, data.train.length, data.numItems);
    return { split, lists, warnings, seconds: seconds(), directory };
  } finally {
    if (!options.keepDirectory) await rm(directory, { recursive: true, force: true });
  }
}
