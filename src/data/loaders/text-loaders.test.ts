import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { loadBanking77 } from './load-banking77.js';
import { loadBitext } from './load-bitext.js';
import { loadMultiCpr } from './load-multi-cpr.js';
import { loadOnlineShopping } from './load-online-shopping.js';

const shared = (name: string): string => resolve(process.cwd(), '../shared/data', name);

describe('text dataset loaders (real files, counts from each SOURCE.md)', () => {
  it('BANKING77: train 10,003 / test 3,080 rows, 77 intents, quoted texts intact', async () => {
    await withDatabase(':memory:', async (db) => {
      const reports = await loadBanking77(db, shared('banking77'));
      expect(reports.map((report) => [report.rowsLoaded, report.rejected.count, report.warnings.length])).toEqual([[10_003, 0, 0], [3_080, 0, 0]]);
      expect(await db.all('SELECT split, count(*) AS n, count(DISTINCT label) AS labels FROM texts GROUP BY split ORDER BY split')).toEqual([
        { split: 'test', n: 3_080, labels: 77 },
        { split: 'train', n: 10_003, labels: 77 },
      ]);
      expect(await db.all(`SELECT id, text, label FROM texts WHERE id = 'banking77:train:1'`)).toEqual([
        { id: 'banking77:train:1', text: 'I am still waiting on my card?', label: 'card_arrival' },
      ]);
      expect(await db.scalar(`SELECT count(*) FROM texts WHERE text LIKE '%,%'`)).toBeGreaterThan(0);
    });
  });

  it('Bitext: 6,480 / 810 / 810 rows, 27 intents or 11 categories as labels', async () => {
    await withDatabase(':memory:', async (db) => {
      await loadBitext(db, shared('bitext-customer-service-intent'));
      expect(await db.all('SELECT split, count(*) AS n, count(DISTINCT label) AS labels FROM texts GROUP BY split ORDER BY split')).toEqual([
        { split: 'test', n: 810, labels: 27 },
        { split: 'train', n: 6_480, labels: 27 },
        { split: 'validation', n: 810, labels: 27 },
      ]);
    });
    await withDatabase(':memory:', async (db) => {
      await loadBitext(db, shared('bitext-customer-service-intent'), { label: 'category' });
      expect(await db.scalar('SELECT count(DISTINCT label) FROM texts')).toBe(11);
    });
  });

  it('online_shopping_10_cats: 62,774 Chinese reviews, 10 categories, the stray U+FEFF removed, sentiment on request', async () => {
    await withDatabase(':memory:', async (db) => {
      const [report] = await loadOnlineShopping(db, shared('zh-online-shopping-10cats'));
      expect(report.rowsLoaded).toBe(62_774);
      expect(await db.all(`SELECT label, count(*) AS n FROM texts WHERE label IN ('平板', '热水器') GROUP BY label ORDER BY n`)).toEqual([
        { label: '热水器', n: 575 },
        { label: '平板', n: 10_000 },
      ]);
      expect(await db.scalar(`SELECT count(*) FROM texts WHERE contains(text, $bom)`, { bom: '\uFEFF' })).toBe(0);
      expect(await db.scalar(`SELECT text FROM texts WHERE id = 'online-shopping:1'`)).toMatch(/^做父母一定要有刘墉这样的心态/);
      expect(await db.scalar(`SELECT DISTINCT language FROM texts`)).toBe('zh');
    });
    await withDatabase(':memory:', async (db) => {
      await loadOnlineShopping(db, shared('zh-online-shopping-10cats'), { labelBy: 'sentiment' });
      expect(await db.all('SELECT label, count(*) AS n FROM texts GROUP BY label ORDER BY label')).toEqual([
        { label: 'negative', n: 31_046 },
        { label: 'positive', n: 31_728 },
      ]);
    });
  });

  it('Multi-CPR: 100,000 train and 1,000 dev queries, ids prefixed, qrels on request', async () => {
    await withDatabase(':memory:', async (db) => {
      const reports = await loadMultiCpr(db, shared('zh-multicpr-ecom-queries'), { qrels: true });
      expect(reports.map((report) => [report.table, report.rowsLoaded])).toEqual([['texts', 100_000], ['texts', 1_000], ['judgments', 1_000]]);
      expect(await db.all(`SELECT id, text, split, language FROM texts WHERE id IN ('multicpr:1', 'multicpr:200000') ORDER BY id`)).toEqual([
        { id: 'multicpr:1', text: '减速器链条', split: 'train', language: 'zh' },
        { id: 'multicpr:200000', text: '大落地窗', split: 'validation', language: 'zh' },
      ]);
      expect(await db.all(`SELECT query_id, query, item_id, label, grade FROM judgments LIMIT 1`)).toEqual([
        { query_id: 'multicpr:200000', query: '大落地窗', item_id: '260', label: '1', grade: 1 },
      ]);
    });
  });
});
