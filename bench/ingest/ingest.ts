/**
 * Benchmark of issue 2 part 11: generate N interactions (default 10 million) into Parquet, then
 * ingest, clean (missing keys, duplicates, chronological order), 5-core and leave-one-out split them
 * through SampleForge (run-library.ts) and as hand-written DuckDB SQL (run-hand-sql.ts), each in its
 * own child process, interleaved over rounds. Prints rows per second, CPU seconds and peak RSS of
 * each, and the ratio. Both children use the same kind of database, memory limit (default 1GB) and
 * spill folder: `--database=memory` (default) is an in-memory DuckDB, as each pipeline stage opens
 * (src/pipeline/stage-tables.ts); `--database=file` is a DuckDB file under /tmp, which compresses
 * every table it writes (about three times the CPU of an in-memory write here).
 * Run: npx vite-node bench/ingest/ingest.ts [rows=10000000] [rounds=2] [memoryLimit=1GB] [threads] [--database=memory|file]
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateInteractions } from './generate-interactions.js';

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  steps: Record<string, number>;
  stepsCpu: Record<string, number>;
  rowsIn: number;
  split: Record<string, number>;
  digests: Record<string, string>;
}

const flags = process.argv.slice(2).filter((argument) => argument.startsWith('--'));
const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const rows = Number(positional[0] ?? 10_000_000);
const rounds = Number(positional[1] ?? 2);
const memoryLimit = positional[2] ?? '1GB';
const threads = positional[3];
const databaseKind = flags.find((flag) => flag.startsWith('--database='))?.slice('--database='.length) ?? 'memory';
if (databaseKind !== 'memory' && databaseKind !== 'file') throw new Error(`--database must be memory or file, got ${databaseKind}`);
const folder = '/tmp/sampleforge-bench-ingest';
const viteNode = resolve('node_modules/vite-node/vite-node.mjs');

function runChild(script: string, file: string): ChildResult {
  const database = databaseKind === 'memory' ? ':memory:' : `${folder}/${script.replace(/\.ts$/, '')}.duckdb`;
  const removeDatabase = () => {
    if (databaseKind === 'memory') return;
    rmSync(database, { force: true });
    rmSync(`${database}.wal`, { force: true });
  };
  removeDatabase();
  const args = [viteNode, resolve('bench/ingest', script), file, database, memoryLimit, ...(threads === undefined ? [] : [threads])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  removeDatabase();
  if (child.status !== 0) throw new Error(`${script} failed (${child.status}): ${child.stderr}`);
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ChildResult;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const generateStarted = performance.now();
const file = await generateInteractions(rows, 7, folder);
console.log(`DuckDB ${databaseKind === 'memory' ? 'in-memory database' : `database file in ${folder}`}, memory limit ${memoryLimit} in each child, threads ${threads ?? 'default (cores)'}`);
console.log(`data: ${file} (${rows} rows, seed 7; ready in ${((performance.now() - generateStarted) / 1000).toFixed(1)} s)`);

const results: Record<'library' | 'hand', ChildResult[]> = { library: [], hand: [] };
for (let round = 0; round < rounds; round++) {
  const order: ('library' | 'hand')[] = round % 2 === 0 ? ['hand', 'library'] : ['library', 'hand'];
  for (const name of order) {
    const result = runChild(name === 'library' ? 'run-library.ts' : 'run-hand-sql.ts', file);
    results[name].push(result);
    const steps = Object.entries(result.steps).map(([step, seconds]) => `${step} ${seconds.toFixed(2)} s / ${result.stepsCpu[step].toFixed(2)} cpu`).join(', ');
    console.log(`round ${round + 1} ${name.padEnd(7)} ${result.seconds.toFixed(2)} s wall, ${result.cpuSeconds.toFixed(2)} s cpu, peak RSS ${mib(result.peakRssBytes)} (${steps})`);
  }
}

const summary = (name: 'library' | 'hand', label: string) => {
  const wall = median(results[name].map((result) => result.seconds));
  const cpu = median(results[name].map((result) => result.cpuSeconds));
  const rss = Math.max(...results[name].map((result) => result.peakRssBytes));
  console.log(`${label} ${Math.round(rows / wall).toLocaleString('en-US')} rows/s end to end (median wall ${wall.toFixed(2)} s, cpu ${cpu.toFixed(2)} s), peak RSS ${mib(rss)}`);
  return { wall, cpu, rss };
};
const library = summary('library', 'SampleForge:');
const hand = summary('hand', 'hand SQL:   ');
console.log(`ratio SampleForge / hand SQL: wall ${(library.wall / hand.wall).toFixed(2)}, cpu ${(library.cpu / hand.cpu).toFixed(2)} (target <= 1.30)`);
console.log(`targets: >= 1,000,000 rows/s ${rows / library.wall >= 1e6 ? 'met' : 'NOT met'}; peak RSS < 2 GiB ${library.rss < 2 ** 31 ? 'met' : 'NOT met'}`);
// Content checks, computed by each child after its timed steps: the cleaned table row for row
// (as a multiset), and each split by (user_id, timestamp) pairs, because the hand SQL orders a
// user's events by timestamp alone and breaks ties arbitrarily where SampleForge uses input order.
const ours = results.library[0].digests;
const theirs = results.hand[0].digests;
const check = (name: string, key: string) => `${name} ${ours[key] === theirs[key] ? 'yes' : 'NO'}`;
const split = results.library[0].split;
console.log(
  `outputs agree: cleaned rows ${check('', 'clean').trim()}; split by (user, timestamp): ${check('train', 'trainUserTimes')}, ` +
    `${check('validation', 'validationUserTimes')}, ${check('test', 'testUserTimes')} (train ${split.train}, validation ${split.validation}, test ${split.test})`,
);
const sameUserTimes = ['train', 'validation', 'test'].every((name) => ours[`${name}UserTimes`] === theirs[`${name}UserTimes`]);
const tied = ['train', 'validation', 'test'].filter((name) => ours[name] !== theirs[name]);
if (sameUserTimes && tied.length > 0) console.log(`whole rows of ${tied.join(', ')} differ only in which of a user's equal-timestamp events each side took`);
