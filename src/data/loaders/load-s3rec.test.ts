import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { loadS3Rec } from './load-s3rec.js';

const folder = resolve(process.cwd(), '../shared/data/amazon-seqrec-s3rec');

describe('loadS3Rec (real Beauty files)', () => {
  it('loads the counts published with S3-Rec: 22,363 users, 12,101 items, 198,502 interactions', async () => {
    await withDatabase(':memory:', async (db) => {
      const reports = await loadS3Rec(db, folder, { subset: 'Beauty' }, { checksum: true });
      expect(reports.map((report) => [report.table, report.rowsLoaded])).toEqual([['interactions', 198_502], ['items', 12_101]]);
      expect(reports[0].sha256).toBe('226cce9c3105299ca0db9615d7d3fb32b3175e90da43100ae352599f0f0107b8');
      expect(await db.all('SELECT count(DISTINCT user_id) AS users, count(DISTINCT item_id) AS items, min(len) AS shortest FROM interactions, (SELECT user_id AS u, count(*) AS len FROM interactions GROUP BY 1) WHERE u = user_id')).toEqual([
        { users: 22_363, items: 12_101, shortest: 5 },
      ]);
      // Line 1 of Beauty.txt is "1 1 2 3 4 5": positions become timestamps.
      expect(await db.all(`SELECT item_id, event, value, timestamp FROM interactions WHERE user_id = '1' ORDER BY timestamp`)).toEqual(
        ['1', '2', '3', '4', '5'].map((item, index) => ({ item_id: item, event: 'purchase', value: 1, timestamp: index + 1 })),
      );
      // Beauty_item2attributes.json: "4": [1, 2, 3].
      expect(await db.all(`SELECT map_keys(attributes) AS ids FROM items WHERE item_id = '4'`)).toEqual([{ ids: ['1', '2', '3'] }]);
      expect(await db.scalar('SELECT count(DISTINCT key) FROM (SELECT unnest(map_keys(attributes)) AS key FROM items)')).toBe(637);
    });
  });

  it('names the missing file and the option', async () => {
    await withDatabase(':memory:', async (db) => {
      await expect(loadS3Rec(db, folder, { subset: 'Toys_and_Games' })).rejects.toThrow(/s3rec-amazon: missing file .*Toys_and_Games\.txt/);
      await expect(loadS3Rec(db, folder, { subset: 'Shoes' })).rejects.toThrow(/subset: Invalid option.*got "Shoes"/);
    });
  });
});
