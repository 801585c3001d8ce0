import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../internal/duckdb.js';
import { linkStageTables, loadStageTables, saveStageTables } from './stage-tables.js';

describe('stage tables', () => {
  it('links unchanged tables into the next stage instead of writing them again', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sf-stage-tables-'));
    const [label, split] = [join(root, 'label'), join(root, 'split')];
    await mkdir(label);
    await mkdir(split);
    await withDatabase(':memory:', async (db) => {
      await db.run('CREATE TABLE interactions AS SELECT range AS id FROM range(5)');
      await db.run('CREATE TABLE items AS SELECT range AS id FROM range(3)');
      await saveStageTables(db, label, ['interactions', 'items']);
    });
    await withDatabase(':memory:', async (db) => {
      await loadStageTables(db, label, ['interactions']);
      await db.run('CREATE TABLE interactions_test AS SELECT * FROM interactions WHERE id = 4');
      const linked = await linkStageTables(db, label, split, ['interactions_test']);
      const saved = await saveStageTables(db, split, ['interactions_test']);
      expect({ ...linked, ...saved }).toEqual({ interactions: 5, items: 3, interactions_test: 1 });
    });
    for (const table of ['interactions', 'items']) {
      const [before, after] = [await stat(join(label, `${table}.parquet`)), await stat(join(split, `${table}.parquet`))];
      expect(after.ino).toBe(before.ino);
    }
  });
});
