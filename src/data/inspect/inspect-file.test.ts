import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { inspectFile } from './inspect-file.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sf-inspect-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('inspectFile', () => {
  it('profiles a CSV: schema, rows, nulls, distinct counts, samples, and lines that do not parse', async () => {
    const path = join(folder, 'events.csv');
    await writeFile(path, 'user_id,item_id,price,seen\n1,a,1.5,2024-01-01\n2,a,,2024-01-02\n2,b,3.0,\n3,c,4.5,2024-01-04,extra\n');
    await withDatabase(':memory:', async (db) => {
      const inspection = await inspectFile(db, path, { sampleRows: 2 });
      expect(inspection).toMatchObject({ format: 'csv', rows: 3, distinctIsApproximate: false });
      expect(inspection.columns).toEqual([
        { name: 'user_id', type: 'BIGINT', nulls: 0, distinct: 2 },
        { name: 'item_id', type: 'VARCHAR', nulls: 0, distinct: 2 },
        { name: 'price', type: 'DOUBLE', nulls: 1, distinct: 2 },
        { name: 'seen', type: 'DATE', nulls: 1, distinct: 2 },
      ]);
      expect(inspection.sample.map((row) => row.item_id)).toEqual(['a', 'a']);
      expect(inspection.rejected.count).toBe(1);
      expect(inspection.rejected.samples[0]).toMatchObject({ line: 5, raw: '3,c,4.5,2024-01-04,extra' });
      expect(await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'rejected_%'`)).toBe(0);
    });
  });

  it('profiles JSONL with nested values and Parquet', async () => {
    const jsonl = join(folder, 'items.jsonl');
    await writeFile(jsonl, '{"id": "a", "tags": ["x", "y"], "attrs": {"color": "red"}}\n{"id": "b", "tags": null, "attrs": {"color": "blue"}}\n');
    await withDatabase(':memory:', async (db) => {
      const inspection = await inspectFile(db, jsonl);
      expect(inspection.rows).toBe(2);
      expect(inspection.columns.map((column) => [column.name, column.type, column.nulls])).toEqual([
        ['id', 'VARCHAR', 0],
        ['tags', 'VARCHAR[]', 1],
        ['attrs', 'STRUCT(color VARCHAR)', 0],
      ]);
      const parquet = join(folder, 'numbers.parquet');
      await db.run(`COPY (SELECT i, i % 10 AS bucket FROM range(1000) t(i)) TO '${parquet}' (FORMAT parquet)`);
      const profile = await inspectFile(db, parquet);
      expect(profile.rows).toBe(1000);
      expect(profile.columns.map((column) => column.distinct)).toEqual([1000, 10]);
      const approximate = await inspectFile(db, parquet, { exactDistinct: false });
      expect(approximate.distinctIsApproximate).toBe(true);
      expect(approximate.columns[0].distinct).toBeGreaterThan(700);
    });
  });

  it('fails clearly on an empty file and an unknown extension', async () => {
    const empty = join(folder, 'empty.csv');
    await writeFile(empty, '');
    await withDatabase(':memory:', async (db) => {
      await expect(inspectFile(db, empty)).rejects.toThrow(`${empty} is empty (0 bytes)`);
      await expect(inspectFile(db, join(folder, 'data.xlsx'))).rejects.toThrow(/cannot tell the format of .*data\.xlsx.*set the --format option\.format/);
    });
  });
});
