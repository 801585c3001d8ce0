/**
 * Child process of bench/ingest/ingest.ts: ingest, clean (missing keys, duplicates, chronological
 * order), 5-core and leave-one-out through SampleForge's functions. Prints one JSON line.
 * Run: npx vite-node bench/ingest/run-library.ts FILE [DATABASE=:memory:] [MEMORY_LIMIT=1GB] [THREADS]
 */
import { cleanConfigSchema } from '../../src/config/clean.js';
import { cleanTables } from '../../src/data/clean/clean-tables.js';
import { ingestFile } from '../../src/data/ingest/ingest-file.js';
import { leaveOneOutSplit } from '../../src/data/split/leave-one-out.js';
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
  const ingest = await timer.step('ingest', () => ingestFile(db, { table: 'interactions', path: file, timestampUnit: 'ms' }));
  const config = cleanConfigSchema.parse({
    normalizeText: { enabled: false },
    kCore: { enabled: true, userK: 5, itemK: 5 },
  });
  const report = await timer.step('clean + 5-core', () => cleanTables(db, config));
  // As the pipeline's split stage does: the cleaned table becomes the train table (its Parquet file
  // is the stage's record of it), so the clean digest below is taken over the three splits.
  const split = await timer.step('leave-one-out', () => leaveOneOutSplit(db, { consumeSource: true }));
  const measured = stopTimer(timer);
  await db.run(
    `CREATE VIEW cleaned AS SELECT * FROM interactions_train UNION ALL SELECT * FROM interactions_validation UNION ALL SELECT * FROM interactions_test`,
  );
  printResult(measured, {
    rowsIn: ingest.rowsLoaded,
    dropped: Object.fromEntries(report.map((entry) => [entry.rule, entry.dropped])),
    kCoreIterations: report.find((entry) => entry.rule === 'k-core')?.details.iterations,
    split: split.counts,
    digests: {
      clean: await digestTable(db, 'cleaned'),
      train: await digestTable(db, 'interactions_train'),
      validation: await digestTable(db, 'interactions_validation'),
      test: await digestTable(db, 'interactions_test'),
      trainUserTimes: await digestUserTimes(db, 'interactions_train'),
      validationUserTimes: await digestUserTimes(db, 'interactions_validation'),
      testUserTimes: await digestUserTimes(db, 'interactions_test'),
    },
  });
} finally {
  db.close();
}
