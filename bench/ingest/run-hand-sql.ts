/**
 * Child process of bench/ingest/ingest.ts: the same steps as run-library.ts written by hand as plain
 * DuckDB SQL, the baseline. Prints one JSON line.
 * Run: npx vite-node bench/ingest/run-hand-sql.ts FILE [DATABASE=:memory:] [MEMORY_LIMIT=1GB] [THREADS]
 */
import { openDatabase } from '../../src/internal/duckdb.js';
import { createStepTimer, printResult, stopTimer } from './step-timer.js';
import { digestTable, digestUserTimes } from './table-digest.js';

const file = process.argv[2];
const database = process.argv[3] ?? ':memory:';
const memoryLimit = process.argv[4] ?? '1GB';
const threads = process.argv[5] === undefined ? undefined : Number(process.argv[5]);
const timer = createStepTimer();
const db = await openDatabase(database, { threads, memoryLimit, tempDirectory: '/tmp/sampleforge-bench-ingest/spill' });
try {
  await timer.step('ingest', () => db.run(`CREATE TABLE interactions AS SELECT * FROM read_parquet($file)`, { file }));
  const rowsIn = Number(await db.scalar<number>('SELECT count(*) FROM interactions'));
  let iterations = 0;
  await timer.step('clean + 5-core', async () => {
    await db.run(
      `CREATE TABLE clean AS SELECT DISTINCT * FROM interactions
       WHERE user_id IS NOT NULL AND trim(user_id) <> '' AND item_id IS NOT NULL AND trim(item_id) <> ''`,
    );
    let rows = Number(await db.scalar<number>('SELECT count(*) FROM clean'));
    for (;;) {
      await db.run(
        `CREATE OR REPLACE TABLE clean AS SELECT * FROM clean
         WHERE user_id IN (SELECT user_id FROM clean GROUP BY user_id HAVING count(*) >= 5)
           AND item_id IN (SELECT item_id FROM clean GROUP BY item_id HAVING count(*) >= 5)`,
      );
      const next = Number(await db.scalar<number>('SELECT count(*) FROM clean'));
      if (next === rows) break;
      iterations++;
      rows = next;
    }
    await db.run(`CREATE TABLE sorted AS SELECT * FROM clean ORDER BY user_id, "timestamp"`);
  });
  const split = await timer.step('leave-one-out', async () => {
    await db.run(
      `CREATE TABLE ranked AS SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY "timestamp" DESC) AS from_end FROM sorted`,
    );
    await db.run(`CREATE TABLE train AS SELECT * EXCLUDE (from_end) FROM ranked WHERE from_end > 2`);
    await db.run(`CREATE TABLE validation AS SELECT * EXCLUDE (from_end) FROM ranked WHERE from_end = 2`);
    await db.run(`CREATE TABLE test AS SELECT * EXCLUDE (from_end) FROM ranked WHERE from_end = 1`);
    const count = async (table: string) => Number(await db.scalar<number>(`SELECT count(*) FROM ${table}`));
    return { train: await count('train'), validation: await count('validation'), test: await count('test') };
  });
  const measured = stopTimer(timer);
  printResult(measured, {
    rowsIn,
    kCoreIterations: iterations,
    split,
    digests: {
      clean: await digestTable(db, 'sorted'),
      train: await digestTable(db, 'train'),
      validation: await digestTable(db, 'validation'),
      test: await digestTable(db, 'test'),
      trainUserTimes: await digestUserTimes(db, 'train'),
      validationUserTimes: await digestUserTimes(db, 'validation'),
      testUserTimes: await digestUserTimes(db, 'test'),
    },
  });
} finally {
  db.close();
}
