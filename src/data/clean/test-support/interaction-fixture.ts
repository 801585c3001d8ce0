/**
 * A seeded interaction log built in SQL for tests that compare the cleaning and split stages with a
 * plain-SQL oracle: skewed users and items, many timestamp ties, missing timestamps, null and blank
 * keys (including U+3000 and a tab, which `trim` does not strip), exact duplicates, near duplicates
 * that differ in one nullable column, and enough rows (when asked) to span several row groups.
 */
import { quoteIdent, type Database } from '../../../internal/duckdb.js';
import { createTableSql } from '../../tables.js';

/** Creates canonical `interactions` (or `as`) with `rows` rows derived from `seed`. */
export async function createInteractionFixture(db: Database, rows: number, seed: number, as = 'interactions'): Promise<void> {
  // Integer mixing (multiply-xorshift), all products below 2^63; the same rows on any DuckDB version.
  await db.run(`CREATE OR REPLACE TEMP MACRO fixture_mix(x) AS (xor(x, x >> 16) * 73244475) % 4294967296`);
  await db.run(`CREATE OR REPLACE TEMP MACRO fixture_u(i, salt, seed) AS fixture_mix(fixture_mix(((i * 16 + salt) * 2654435761 + seed) % 4294967296)) / 4294967296.0`);
  const users = Math.max(4, Math.round(rows / 8));
  const items = Math.max(4, Math.round(rows / 12));
  await db.run(createTableSql('interactions', as));
  try {
    await db.run(
      `INSERT INTO ${quoteIdent(as)}
       WITH numbered AS (
         SELECT i, CASE WHEN i > 1 AND fixture_u(i, 0, $seed) < 0.03 THEN i - 1 - CAST(fixture_u(i, 9, $seed) < 0.5 AS BIGINT) ELSE i END AS src,
                fixture_u(i, 0, $seed) < 0.005 AS near_copy
         FROM range($rows) AS r(i)
       ), drawn AS (
         SELECT i, near_copy, fixture_u(src, 1, $seed) AS a, fixture_u(src, 2, $seed) AS b, fixture_u(src, 3, $seed) AS c, fixture_u(src, 4, $seed) AS d,
                fixture_u(src, 5, $seed) AS e, fixture_u(src, 6, $seed) AS f, fixture_u(src, 7, $seed) AS g, src
         FROM numbered
       )
       SELECT
         CASE WHEN g < 0.003 THEN NULL WHEN g < 0.005 THEN '' WHEN g < 0.006 THEN '  ' WHEN g < 0.007 THEN chr(12288) WHEN g < 0.008 THEN chr(9)
              ELSE 'u' || CAST(floor($users * a * a) AS BIGINT) END,
         CASE WHEN g >= 0.99 AND g < 0.993 THEN NULL WHEN g >= 0.993 AND g < 0.995 THEN ' '
              ELSE 'i' || CAST(floor($items * b * b) AS BIGINT) END,
         ['view', 'click', 'cart', 'purchase'][CAST(floor(c * 4) AS BIGINT) + 1],
         CASE WHEN d < 0.05 THEN NULL WHEN d < 0.5 THEN 1.0 ELSE 2.5 END,
         CASE WHEN e < 0.02 THEN NULL ELSE 1000 + CAST(floor(e * 60) AS BIGINT) END,
         CASE WHEN f < 0.9 THEN NULL ELSE 'q' || CAST(floor(f * 100) AS BIGINT) END,
         CASE WHEN near_copy THEN 7.0 WHEN f < 0.1 THEN NULL ELSE floor(f * 1000) END,
         CASE WHEN d > 0.97 THEN NULL ELSE 's' || (src // 3) END
       FROM drawn ORDER BY i`,
      { rows, users, items, seed: seed >>> 0 },
    );
  } finally {
    await db.run('DROP MACRO IF EXISTS temp.fixture_u');
    await db.run('DROP MACRO IF EXISTS temp.fixture_mix');
  }
}
