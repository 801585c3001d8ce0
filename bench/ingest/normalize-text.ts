/**
 * Text normalisation in SQL through the JS scalar UDF against the round trip normalizeTextColumns
 * uses: stream the column to JS, normalise, append to a temp table, UPDATE by join.
 * Run: npx vite-node bench/ingest/normalize-text.ts [rows=500000]
 */
import { normalizeText, registerNormalizeTextFunction } from '../../src/data/clean/normalize-text.js';
import { openDatabase, type Database } from '../../src/internal/duckdb.js';

const rows = Number(process.argv[2] ?? 500_000);

async function createTitles(db: Database): Promise<void> {
  // Mixed-width product titles with units and model numbers, deterministic from the row number.
  await db.run(
    `CREATE OR REPLACE TABLE items AS SELECT 'i' || range AS item_id,
       ['ＵＳＢ－Ｃ Cable ', 'iPhone 13 Pro ', 'Bottle  1.5L ', 'Juice\u3000500ml ', 'Jack 3.5mm '][range % 5 + 1] || 'Model ' || (range * 7919 % 100000) || 'GB' AS title
     FROM range($rows)`,
    { rows },
  );
}

async function viaUdf(db: Database): Promise<void> {
  const fn = registerNormalizeTextFunction(db);
  await db.run(`CREATE OR REPLACE TEMP TABLE staged AS SELECT rowid AS rid, ${fn}(title) AS value FROM items`);
  await db.run(`UPDATE items SET title = s.value FROM staged s WHERE items.rowid = s.rid AND title <> s.value`);
}

async function viaRoundTrip(db: Database): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE staged (rid BIGINT, value VARCHAR)`);
  const appender = await db.connection.createAppender('staged', null, 'temp');
  const result = await db.connection.stream(`SELECT rowid, title FROM items`);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const ids = chunk.getColumnValues(0) as bigint[];
    const titles = chunk.getColumnValues(1) as string[];
    for (let row = 0; row < ids.length; row++) {
      appender.appendBigInt(ids[row]);
      appender.appendVarchar(normalizeText(titles[row]));
      appender.endRow();
    }
  }
  appender.closeSync();
  await db.run(`UPDATE items SET title = s.value FROM staged s WHERE items.rowid = s.rid AND title <> s.value`);
}

const results: Record<string, number[]> = { udf: [], roundTrip: [] };
for (let round = 0; round < 3; round++) {
  for (const name of round % 2 === 0 ? ['udf', 'roundTrip'] : ['roundTrip', 'udf']) {
    const db = await openDatabase();
    try {
      await createTitles(db);
      const started = performance.now();
      await (name === 'udf' ? viaUdf(db) : viaRoundTrip(db));
      results[name].push((performance.now() - started) / 1000);
      const sample = await db.scalar<string>(`SELECT title FROM items WHERE item_id = 'i0'`);
      if (sample !== 'usb-c cable model 0gb') throw new Error(`unexpected normalisation: ${sample}`);
    } finally {
      db.close();
    }
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];
const udf = median(results.udf);
const roundTrip = median(results.roundTrip);
console.log(`rows ${rows}, median of 3 interleaved runs`);
console.log(`UDF in SQL:        ${udf.toFixed(2)} s (${Math.round(rows / udf).toLocaleString('en-US')} rows/s)`);
console.log(`JS round trip:     ${roundTrip.toFixed(2)} s (${Math.round(rows / roundTrip).toLocaleString('en-US')} rows/s)`);
console.log(`ratio UDF / round trip: ${(udf / roundTrip).toFixed(2)}`);
