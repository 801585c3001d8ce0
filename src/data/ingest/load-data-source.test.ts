import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceSchema } from '../../config/ingest.js';
import { parseConfig } from '../../config/load.js';
import { withDatabase } from '../../internal/duckdb.js';
import { loadDataSource } from './load-data-source.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sf-source-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('loadDataSource', () => {
  it('ingests configured files table by table, appending several files, and names list entries in errors', async () => {
    await writeFile(join(folder, 'catalog.csv'), 'asin,name,path\nA1,Serum,Beauty > Skin\nA2,Lamp,Home\n');
    await writeFile(join(folder, 'day1.csv'), 'visitor,asin,ts\nv1,A1,1700000000\n');
    await writeFile(join(folder, 'day2.jsonl'), '{"visitor": "v2", "asin": "A2", "ts": 1700000100}\n');
    const columns = { userId: 'visitor', itemId: 'asin', timestamp: 'ts' };
    const source = parseConfig(dataSourceSchema, {
      files: {
        interactions: [
          { path: join(folder, 'day1.csv'), columns, defaults: { event: 'view' } },
          { path: join(folder, 'day2.jsonl'), columns, defaults: { event: 'view' } },
        ],
        items: { path: join(folder, 'catalog.csv'), columns: { itemId: 'asin', title: 'name', category: 'path' } },
      },
    });
    await withDatabase(':memory:', async (db) => {
      const reports = await loadDataSource(db, source);
      expect(reports.map((report) => [report.table, report.rowsLoaded, report.sha256?.length])).toEqual([
        ['items', 2, 64],
        ['interactions', 1, 64],
        ['interactions', 1, 64],
      ]);
      expect(await db.all('SELECT user_id, item_id, event, timestamp FROM interactions ORDER BY timestamp')).toEqual([
        { user_id: 'v1', item_id: 'A1', event: 'view', timestamp: 1_700_000_000_000 },
        { user_id: 'v2', item_id: 'A2', event: 'view', timestamp: 1_700_000_100_000 },
      ]);
      const bad = parseConfig(dataSourceSchema, { files: { texts: [{ path: join(folder, 'catalog.csv') }] } });
      await expect(loadDataSource(db, bad)).rejects.toThrow(/no column "id" in .*catalog\.csv \(columns: asin, name, path\); map it with data\.files\.texts\[0\]\.columns\.id/);
    });
  });

  it('runs a registered dataset loader', async () => {
    const source = parseConfig(dataSourceSchema, { dataset: { name: 'wands', path: resolve(process.cwd(), '../shared/data/wands-queries'), checksum: false } });
    await withDatabase(':memory:', async (db) => {
      const reports = await loadDataSource(db, source);
      expect(reports.map((report) => [report.table, report.rowsLoaded, report.sha256])).toEqual([['texts', 480, undefined]]);
    });
  });
});
