/**
 * Writes a synthetic interaction log to Parquet with DuckDB: sessions of 3 events, power-law users
 * and items (index = floor(n * u^3)), 180 days of timestamps in ms, exponential gaps, log-normal
 * dwell (10 percent missing), 1 percent exact duplicate rows and 0.2 percent missing keys. Every
 * value comes from an integer hash of the row number and a seed, so a given (rows, seed) gives the
 * same file on any machine.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../../src/internal/duckdb.js';

/** Path of the generated file for `rows` and `seed` under `folder` (created when missing). */
export async function generateInteractions(rows: number, seed: number, folder: string): Promise<string> {
  const file = join(folder, `interactions-${rows}-${seed}.parquet`);
  if (existsSync(file)) return file;
  await mkdir(folder, { recursive: true });
  const partial = `${file}.partial`;
  const db = await openDatabase();
  try {
    // 32-bit integer mixing (multiply-xorshift); all products stay below 2^63.
    await db.run(`CREATE MACRO mix32(x) AS (xor(x, x >> 16) * 73244475) % 4294967296`);
    await db.run(`CREATE MACRO u01(i, salt) AS mix32(mix32(((i * 16 + salt) * 2654435761 + ${seed >>> 0}) % 4294967296)) / 4294967296.0`);
    const users = Math.max(10, Math.round(rows / 6));
    const items = Math.max(10, Math.round(rows / 40));
    await db.run(
      `COPY (
        WITH rows AS (
          SELECT i, CASE WHEN i > 0 AND u01(i, 0) < 0.01 THEN i - 1 ELSE i END AS src FROM range($rows) AS r(i)
        ), events AS (
          SELECT i, src, src // 3 AS session, src % 3 AS step,
                 u01(src // 3, 1) AS u_user, u01(src // 3, 2) AS u_start, u01(src, 3) AS u_item,
                 u01(src, 4) AS u_event, u01(src, 5) AS u_gap, u01(src, 6) AS u_dwell_a, u01(src, 7) AS u_dwell_b,
                 u01(i, 8) AS u_missing
          FROM rows
        )
        SELECT
          CASE WHEN u_missing < 0.001 THEN NULL ELSE 'u' || CAST(floor($users * pow(u_user, 3)) AS BIGINT) END AS user_id,
          CASE WHEN u_missing >= 0.001 AND u_missing < 0.002 THEN '' ELSE 'i' || CAST(floor($items * pow(u_item, 3)) AS BIGINT) END AS item_id,
          CASE WHEN u_event < 0.70 THEN 'view' WHEN u_event < 0.90 THEN 'click' WHEN u_event < 0.97 THEN 'cart' ELSE 'purchase' END AS event,
          1.0 AS value,
          CAST(1700000000000 + floor(u_start * 15552000000) + step * 30000 + floor(-ln(1 - u_gap) * 20000) AS BIGINT) AS timestamp,
          CAST(NULL AS VARCHAR) AS query,
          CASE WHEN u_dwell_b < 0.1 THEN NULL
               ELSE round(exp(9 + sqrt(-2 * ln(1 - u_dwell_a)) * cos(2 * pi() * u_dwell_b))) END AS dwell_ms,
          's' || session AS session_id
        FROM events ORDER BY i
      ) TO '${partial.replaceAll("'", "''")}' (FORMAT parquet, ROW_GROUP_SIZE 122880)`,
      { rows, users, items },
    );
  } finally {
    db.close();
  }
  await rename(partial, file);
  return file;
}
