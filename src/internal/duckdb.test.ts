import { describe, expect, it } from 'vitest';
import { openDatabase, quoteIdent, withDatabase } from './duckdb.js';
import { SampleForgeError } from '../errors.js';

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
