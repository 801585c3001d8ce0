/**
 * ingestFile against hand-written DuckDB SQL on a 10M-row interactions CSV, measured in the same run.
 * Run: npx vite-node bench/ingest-file/ingest-file.ts [rows] [folder]
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../../src/internal/duckdb.js';
import { ingestFile } from '../../src/data/ingest/ingest-file.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const folder = process.argv[3] ?? '/tmp/sampleforge-bench-ingest-file';
const file = join(folder, `interactions-${rows}.csv`);

async function generate(): Promise<void> {
  if (existsSync(file)) return;
  await mkdir(folder, { recursive: true });
  const db = await openDatabase();
  try {
    // Deterministic rows from hashes of the row number: 200k users, 50k items, unix-second times.
    await db.run(
      `COPY (SELECT 'u' || (hash(i) % 200000) AS user_id, 'i' || (hash(i * 7 + 1) % 50000) AS item_id,
              ['view', 'click', 'cart', 'purchase'][CAST(1 + hash(i * 13 + 2) % 4 AS BIGINT)] AS event, 1 + hash(i * 17 + 3) % 5 AS value,
              1600000000 + i AS timestamp
            FROM range(${rows}) AS t(i)) TO '${file.replaceAll("'", "''")}' (HEADER, DELIMITER ',')`,
    );
  } finally {
    db.close();
  }
}

/** Wall seconds and process CPU seconds (all DuckDB threads); CPU is steadier when other jobs share the cores. */
async function time<T>(work: () => Promise<T>): Promise<[{ wall: number; cpu: number }, T]> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return [{ wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 }, result];
}

await generate();
const rounds = Number(process.argv[4] ?? 5);
const results: Record<string, { wall: number; cpu: number }[]> = { handSql: [], ingestFile: [] };
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 === 0 ? ['handSql', 'ingestFile'] : ['ingestFile', 'handSql']) {
    const db = await openDatabase();
    try {
      if (name === 'handSql') {
        const [seconds] = await time(() => db.run(`CREATE TABLE interactions AS SELECT * FROM read_csv($path)`, { path: file }));
        results.handSql.push(seconds);
      } else {
        const [seconds, report] = await time(() => ingestFile(db, { table: 'interactions', path: file, timestampUnit: 's' }));
        if (report.rowsLoaded !== rows) throw new Error(`loaded ${report.rowsLoaded} of ${rows}`);
        results.ingestFile.push(seconds);
      }
    } finally {
      db.close();
    }
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const show = (name: string, label: string): { wall: number; cpu: number } => {
  const wall = median(results[name].map((entry) => entry.wall));
  const cpu = median(results[name].map((entry) => entry.cpu));
  const runs = results[name].map((entry) => entry.wall.toFixed(2)).join(', ');
  const perCpuSecond = Math.round(rows / cpu).toLocaleString('en-US');
  console.log(`${label} wall ${wall.toFixed(2)} s (${Math.round(rows / wall).toLocaleString('en-US')} rows/s), cpu ${cpu.toFixed(2)} s (${perCpuSecond} rows per cpu-second); wall runs ${runs}`);
  return { wall, cpu };
};
console.log(`rows ${rows}, file ${file}, ${rounds} interleaved rounds, medians`);
const hand = show('handSql', 'hand-written CTAS read_csv:');
const ours = show('ingestFile', 'ingestFile:                ');
console.log(`ratio ingestFile / hand SQL: wall ${(ours.wall / hand.wall).toFixed(2)}, cpu ${(ours.cpu / hand.cpu).toFixed(2)} (target <= 1.30)`);
