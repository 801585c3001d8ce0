/**
 * Two choices inside the cleaning and split SQL, each timed beside the alternative it replaced, in
 * the same process on the same table (the generated interactions after missing keys), alternating
 * over rounds:
 * - the duplicate search's candidate aggregate: hash of (user, timestamp) against (user, item, timestamp);
 * - leave-one-out's per-user max_by key: (timestamp, rowid) packed into one BIGINT against the struct.
 * Run: npx vite-node bench/ingest/sql-alternatives.ts [rows=10000000] [rounds=3]
 */
import { openDatabase } from '../../src/internal/duckdb.js';
import { generateInteractions } from './generate-interactions.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const rounds = Number(process.argv[3] ?? 3);
const file = await generateInteractions(rows, 7, '/tmp/sampleforge-bench-ingest');
const db = await openDatabase(':memory:', { memoryLimit: '1GB', tempDirectory: '/tmp/sampleforge-bench-ingest/spill' });

const candidates = (columns: string) => `CREATE OR REPLACE TEMP TABLE result AS SELECT hash(${columns}) AS h FROM interactions GROUP BY h HAVING count(*) > 1`;
const perUser = (key: string) => `CREATE OR REPLACE TEMP TABLE result AS SELECT count(*) AS n, max_by(rowid, ${key}, 2) AS last_two FROM interactions GROUP BY user_id`;

try {
  await db.run(`CREATE TABLE interactions AS SELECT * FROM read_parquet($file) WHERE user_id IS NOT NULL AND item_id <> ''`, { file });
  const [range] = await db.all<{ low: number; span: number; width: number }>(`SELECT min("timestamp") AS low, max("timestamp") - min("timestamp") + 2 AS span, max(rowid) + 1 AS width FROM interactions`);
  const pairs: [string, string, string, string, string][] = [
    ['duplicate candidates', 'hash(user, timestamp)', candidates('user_id, "timestamp"'), 'hash(user, item, timestamp)', candidates('user_id, item_id, "timestamp"')],
    [
      'per-user last two',
      'packed BIGINT key',
      perUser(`(coalesce("timestamp" - ${range.low}, ${range.span - 1}) * ${range.width} + rowid)`),
      'struct key',
      perUser(`(coalesce("timestamp", 9223372036854775807), rowid)`),
    ],
  ];
  for (const [what, oursName, ours, theirsName, theirs] of pairs) {
    const times: Record<string, number[]> = { ours: [], theirs: [] };
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? (['ours', 'theirs'] as const) : (['theirs', 'ours'] as const)) {
        const started = performance.now();
        await db.run(side === 'ours' ? ours : theirs);
        times[side].push((performance.now() - started) / 1000);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
    console.log(`${what}: ${oursName} ${median(times.ours).toFixed(2)} s (median of ${rounds}) vs ${theirsName} ${median(times.theirs).toFixed(2)} s`);
  }
} finally {
  db.close();
}
