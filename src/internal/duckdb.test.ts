import { describe, expect, it } from 'vitest';
import { openDatabase, quoteIdent, withDatabase } from './duckdb.js';
import { SampleForgeError } from '../errors.js';
import { withQueryProgress } from './query-progress.js';

describe('duckdb helper', () => {
  it('binds parameters and returns plain rows', async () => {
    await withDatabase(':memory:', async (db) => {
      await db.run(`CREATE TABLE ${quoteIdent('odd "name"')} (id BIGINT, title VARCHAR)`);
      await db.run(`INSERT INTO ${quoteIdent('odd "name"')} VALUES ($1, $2), ($3, $4)`, [1, "it's; DROP TABLE x", 2, 'b']);
      const rows = await db.all(`SELECT * FROM ${quoteIdent('odd "name"')} WHERE title = $title`, { title: "it's; DROP TABLE x" });
      expect(rows).toEqual([{ id: 1, title: "it's; DROP TABLE x" }]);
      expect(await db.scalar<number>('SELECT count(*) FROM "odd ""name"""')).toBe(2);
    });
  });

  it('turns SQL errors into E_DATA errors that show the statement', async () => {
    const db = await openDatabase();
    try {
      await expect(db.all('SELECT * FROM missing_table')).rejects.toSatisfy(
        (error: unknown) => SampleForgeError.is(error, 'E_DATA') && /missing_table/.test((error as Error).message),
      );
    } finally {
      db.close();
    }
  });
});

describe('withQueryProgress', () => {
  it('reports rows while a long statement runs and restores the progress settings', async () => {
    await withDatabase(':memory:', async (db) => {
      const readings: { rowsProcessed: number; rowsTotal: number | undefined }[] = [];
      // range() reports no progress; a table scan does.
      await db.run('CREATE TABLE numbers AS SELECT i FROM range(4000000) r(i)');
      await withQueryProgress(db, (reading) => readings.push(reading), () => db.run(`CREATE TABLE t AS SELECT i, md5(CAST(i AS VARCHAR)) AS h FROM numbers`), 5);
      expect(readings.length).toBeGreaterThan(0);
      expect(readings.some((reading) => reading.rowsProcessed > 0 && (reading.rowsTotal ?? 0) >= 4_000_000)).toBe(true);
      expect(await db.all(`SELECT current_setting('enable_progress_bar') AS bar, current_setting('enable_progress_bar_print') AS print`)).toEqual([{ bar: false, print: true }]);
    });
  });
});
