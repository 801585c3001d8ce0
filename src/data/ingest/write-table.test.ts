import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { createTableSql } from '../tables.js';
import { ingestFile } from './ingest-file.js';
import { writeTable } from './write-table.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sf-write-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeTable', () => {
  it('round-trips a canonical table through Parquet, JSONL and CSV', async () => {
    await withDatabase(':memory:', async (db) => {
      await db.run(createTableSql('items'));
      await db.run(`INSERT INTO items VALUES ('b', 'Lamp', ['home'], MAP {'color': 'red'}, NULL, 9.5), ('a', 'Serum', ['beauty', 'skin'], MAP {}, NULL, NULL)`);
      const parquet = await writeTable(db, 'items', join(folder, 'out', 'items.parquet'), 'parquet', { orderBy: ['item_id'] });
      expect(parquet).toMatchObject({ rows: 2, format: 'parquet' });
      expect(parquet.bytes).toBeGreaterThan(0);
      const jsonl = await writeTable(db, 'items', join(folder, 'out', 'items.jsonl'), 'jsonl', { orderBy: ['item_id'] });
      const lines = (await readFile(jsonl.path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((line) => [line.item_id, line.category, line.attributes])).toEqual([
        ['a', ['beauty', 'skin'], {}],
        ['b', ['home'], { color: 'red' }],
      ]);
      await writeTable(db, 'items', join(folder, 'out', 'items.csv'), 'csv');
      expect((await readFile(join(folder, 'out', 'items.csv'), 'utf8')).split('\n')[0]).toBe('item_id,title,category,attributes,image_path,price');

      await db.run('CREATE TABLE copy AS SELECT * FROM read_parquet($path)', { path: parquet.path });
      expect(await db.all('SELECT item_id, map_entries(attributes) AS attributes FROM copy ORDER BY item_id')).toEqual([
        { item_id: 'a', attributes: [] },
        { item_id: 'b', attributes: [{ key: 'color', value: 'red' }] },
      ]);
      await db.run('DROP TABLE items');
      const report = await ingestFile(db, { table: 'items', path: jsonl.path });
      expect(report.rowsLoaded).toBe(2);
      expect(await db.all(`SELECT category FROM items WHERE item_id = 'a'`)).toEqual([{ category: ['beauty', 'skin'] }]);
    });
  });

  it('leaves no file under the real name when the copy fails', async () => {
    await withDatabase(':memory:', async (db) => {
      const path = join(folder, 'failed', 'missing.parquet');
      await expect(writeTable(db, 'no_such_table', path, 'parquet')).rejects.toThrow(/no_such_table/);
      expect(await readdir(join(folder, 'failed'))).toEqual([]);
    });
  });
});
