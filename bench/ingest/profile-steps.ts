/**
 * Where the library's time goes in bench/ingest: ingest, then each cleaning rule and leave-one-out
 * run one at a time on the generated interactions (in-memory DuckDB, the bench's memory limit), each
 * with its wall and CPU seconds, and every SQL statement over 60 ms with its time. Run it after
 * `ingest.ts` has generated the file (the same rows and seed).
 * Run: npx vite-node bench/ingest/profile-steps.ts [rows=10000000] [memoryLimit=1GB]
 */
import { dropMissingKeysAll } from '../../src/data/clean/missing-keys.js';
import { dropDuplicatesAll } from '../../src/data/clean/remove-duplicates.js';
import { kCoreFilter } from '../../src/data/clean/k-core.js';
import { sortChronologically } from '../../src/data/clean/chronological-order.js';
import { ingestFile } from '../../src/data/ingest/ingest-file.js';
import { leaveOneOutSplit } from '../../src/data/split/leave-one-out.js';
import { openDatabase, type Database } from '../../src/internal/duckdb.js';
import { generateInteractions } from './generate-interactions.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const memoryLimit = process.argv[3] ?? '1GB';
const file = await generateInteractions(rows, 7, '/tmp/sampleforge-bench-ingest');
const db = await openDatabase(':memory:', { memoryLimit, tempDirectory: '/tmp/sampleforge-bench-ingest/spill' });

// Every statement the steps send goes through these three methods: time each one.
for (const method of ['run', 'all', 'scalar'] as const) {
  const original = db[method].bind(db) as (sql: string, params?: unknown) => Promise<unknown>;
  (db as unknown as Record<string, unknown>)[method] = async (sql: string, params?: unknown) => {
    const started = performance.now();
    const result = await original(sql, params);
    const milliseconds = performance.now() - started;
    if (milliseconds > 60) console.log(`    ${milliseconds.toFixed(0).padStart(5)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 110)}`);
    return result;
  };
}

const cpuSeconds = () => {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
};
async function step(name: string, work: (db: Database) => Promise<unknown>): Promise<void> {
  const started = performance.now();
  const startedCpu = cpuSeconds();
  await work(db);
  console.log(`${name.padEnd(16)} ${((performance.now() - started) / 1000).toFixed(2)} s wall, ${(cpuSeconds() - startedCpu).toFixed(2)} s cpu`);
}

try {
  const started = performance.now();
  await step('ingest', () => ingestFile(db, { table: 'interactions', path: file, timestampUnit: 'ms' }));
  await step('missing keys', () => dropMissingKeysAll(db));
  await step('duplicates', () => dropDuplicatesAll(db));
  await step('5-core', () => kCoreFilter(db, { userK: 5, itemK: 5 }));
  await step('chronological', () => sortChronologically(db, { byUser: true }));
  await step('leave-one-out', () => leaveOneOutSplit(db, { consumeSource: true }));
  console.log(`total ${((performance.now() - started) / 1000).toFixed(2)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  db.close();
}
