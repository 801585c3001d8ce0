import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { loadClinc150 } from './load-clinc150.js';
import { loadEsci } from './load-esci.js';
import { loadEsciJudgmentsSubset } from './load-esci-judgments-subset.js';
import { loadWands } from './load-wands.js';

const shared = (name: string): string => resolve(process.cwd(), '../shared/data', name);
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sf-loaders-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('CLINC150 (fixture in the data_full.json schema)', () => {
  it('maps parts to splits, out-of-scope parts to label oos, and numbers ids per part', async () => {
    const path = join(folder, 'clinc');
    await mkdir(path);
    await writeFile(
      join(path, 'data_full.json'),
      JSON.stringify({
        train: [['what is my balance', 'balance'], ['book a flight to "paris"', 'book_flight']],
        val: [['how much money do i have', 'balance']],
        test: [['fly me to rome', 'book_flight']],
        oos_train: [['tell me a joke about cats', 'oos']],
        oos_val: [],
        oos_test: [['what is the meaning of life', 'oos']],
      }),
    );
    await withDatabase(':memory:', async (db) => {
      const [report] = await loadClinc150(db, path);
      expect(report).toMatchObject({ table: 'texts', rowsLoaded: 6, format: 'json' });
      expect(await db.all('SELECT id, text, label, split FROM texts ORDER BY id')).toEqual([
        { id: 'clinc150:oos_test:1', text: 'what is the meaning of life', label: 'oos', split: 'test' },
        { id: 'clinc150:oos_train:1', text: 'tell me a joke about cats', label: 'oos', split: 'train' },
        { id: 'clinc150:test:1', text: 'fly me to rome', label: 'book_flight', split: 'test' },
        { id: 'clinc150:train:1', text: 'what is my balance', label: 'balance', split: 'train' },
        { id: 'clinc150:train:2', text: 'book a flight to "paris"', label: 'book_flight', split: 'train' },
        { id: 'clinc150:val:1', text: 'how much money do i have', label: 'balance', split: 'validation' },
      ]);
    });
    await withDatabase(':memory:', async (db) => {
      await loadClinc150(db, path, { outOfScope: false });
      expect(await db.scalar(`SELECT count(*) FROM texts WHERE label = 'oos'`)).toBe(0);
    });
  });
});

describe('WANDS', () => {
  it('loads the real query.csv: 480 queries, 189 query classes (one empty)', async () => {
    await withDatabase(':memory:', async (db) => {
      const reports = await loadWands(db, shared('wands-queries'));
      expect(reports.map((report) => [report.table, report.rowsLoaded])).toEqual([['texts', 480]]);
      expect(await db.scalar('SELECT count(DISTINCT coalesce(label, \'\')) FROM texts')).toBe(189);
      expect(await db.all(`SELECT text, label FROM texts WHERE id = 'wands:query:0'`)).toEqual([{ text: 'salon chair', label: 'Massage Chairs' }]);
    });
  });

  it('loads product.csv and label.csv fixtures in the documented TAB-separated schema', async () => {
    const path = join(folder, 'wands');
    await mkdir(path);
    await writeFile(join(path, 'query.csv'), 'query_id\tquery\tquery_class\n0\tsalon chair\tMassage Chairs\n1\tsmart coffee table\tCoffee & Cocktail Tables\n');
    await writeFile(
      join(path, 'product.csv'),
      'product_id\tproduct_name\tproduct_class\tcategory_hierarchy\tproduct_description\tproduct_features\trating_count\taverage_rating\treview_count\n' +
        '0\tsolid wood platform bed\tBeds\tFurniture / Bedroom Furniture / Beds & Headboards / Beds\ta bed\toverallwidth-sidetoside:64.7|dsprimaryproductstyle:modern\t15\t4.5\t15\n' +
        '1\tall-clad 7 qt . slow cooker\tSlow Cookers\tKitchen & Tabletop / Small Kitchen Appliances\tcooker\tcapacityquarts:7|producttype:slow cooker\t100\t2\t98\n',
    );
    await writeFile(join(path, 'label.csv'), 'id\tquery_id\tproduct_id\tlabel\n0\t0\t1\tIrrelevant\n1\t0\t0\tPartial\n2\t1\t0\tExact\n');
    await withDatabase(':memory:', async (db) => {
      const reports = await loadWands(db, path);
      expect(reports.map((report) => [report.table, report.rowsLoaded])).toEqual([['texts', 2], ['items', 2], ['judgments', 3]]);
      expect(await db.all(`SELECT title, category, attributes['producttype'] AS kind FROM items WHERE item_id = '1'`)).toEqual([
        { title: 'all-clad 7 qt . slow cooker', category: ['Kitchen & Tabletop', 'Small Kitchen Appliances'], kind: 'slow cooker' },
      ]);
      expect(await db.all('SELECT query_id, query, item_id, label, grade, source FROM judgments ORDER BY query_id, item_id')).toEqual([
        { query_id: 'wands:query:0', query: 'salon chair', item_id: '0', label: 'Partial', grade: 1, source: 'wands' },
        { query_id: 'wands:query:0', query: 'salon chair', item_id: '1', label: 'Irrelevant', grade: 0, source: 'wands' },
        { query_id: 'wands:query:1', query: 'smart coffee table', item_id: '0', label: 'Exact', grade: 2, source: 'wands' },
      ]);
    });
  });
});

describe('ESCI', () => {
  it('loads examples and products Parquet fixtures written with DuckDB, filtered by locale and version', async () => {
    const path = join(folder, 'esci');
    await mkdir(path);
    await withDatabase(':memory:', async (db) => {
      await db.run(
        `COPY (SELECT * FROM (VALUES
           (0, 'revent 80 cfm', 0, 'B000MOO21W', 'us', 'I', 1, 1, 'train'),
           (1, 'revent 80 cfm', 0, 'B07X3Y6B1V', 'us', 'E', 1, 1, 'train'),
           (2, 'revent 80 cfm', 0, 'B07WDM7MQQ', 'us', 'S', 0, 1, 'train'),
           (3, 'zapatos', 5, 'B0ES000001', 'es', 'C', 1, 1, 'test'),
           (4, '!awnmower tires', 1, 'B08L3B9B9P', 'us', 'C', 1, 1, 'test'))
         AS t(example_id, query, query_id, product_id, product_locale, esci_label, small_version, large_version, split))
         TO '${join(path, 'shopping_queries_dataset_examples.parquet')}' (FORMAT parquet)`,
      );
      await db.run(
        `COPY (SELECT * FROM (VALUES
           ('B07X3Y6B1V', 'Panasonic FV-0511VQ1 WhisperCeiling', NULL, 'quiet fan|energy star', 'Panasonic', 'White', 'us'),
           ('B000MOO21W', 'Bathroom light', 'A light', NULL, '', NULL, 'us'),
           ('B0ES000001', 'Zapatos rojos', NULL, NULL, 'Marca', 'Rojo', 'es'))
         AS t(product_id, product_title, product_description, product_bullet_point, product_brand, product_color, product_locale))
         TO '${join(path, 'shopping_queries_dataset_products.parquet')}' (FORMAT parquet)`,
      );
    });
    await withDatabase(':memory:', async (db) => {
      const reports = await loadEsci(db, path);
      expect(reports.map((report) => [report.table, report.rowsLoaded])).toEqual([['judgments', 3], ['texts', 2], ['items', 2]]);
      expect(await db.all('SELECT query_id, query, item_id, label, grade, split FROM judgments ORDER BY item_id')).toEqual([
        { query_id: 'esci:0', query: 'revent 80 cfm', item_id: 'B000MOO21W', label: 'I', grade: 0, split: 'train' },
        { query_id: 'esci:0', query: 'revent 80 cfm', item_id: 'B07X3Y6B1V', label: 'E', grade: 3, split: 'train' },
        { query_id: 'esci:1', query: '!awnmower tires', item_id: 'B08L3B9B9P', label: 'C', grade: 1, split: 'test' },
      ]);
      expect(await db.all('SELECT id, text, split FROM texts ORDER BY id')).toEqual([
        { id: 'esci:0', text: 'revent 80 cfm', split: 'train' },
        { id: 'esci:1', text: '!awnmower tires', split: 'test' },
      ]);
      expect(await db.all(`SELECT title, map_entries(attributes) AS attributes FROM items ORDER BY item_id`)).toEqual([
        { title: 'Bathroom light', attributes: [{ key: 'locale', value: 'us' }, { key: 'description', value: 'A light' }] },
        {
          title: 'Panasonic FV-0511VQ1 WhisperCeiling',
          attributes: [{ key: 'brand', value: 'Panasonic' }, { key: 'color', value: 'White' }, { key: 'locale', value: 'us' }, { key: 'bullet_points', value: 'quiet fan|energy star' }],
        },
      ]);
    });
    await withDatabase(':memory:', async (db) => {
      const reports = await loadEsci(db, path, { locale: 'all', version: 'large' });
      expect(reports.map((report) => report.rowsLoaded)).toEqual([5, 3, 3]);
    });
  });

  it('loads the real OpenSearch ESCI subset: 150 queries, 6,678 judgments with the documented rating counts', async () => {
    await withDatabase(':memory:', async (db) => {
      const reports = await loadEsciJudgmentsSubset(db, shared('esci-us-judgments-subset'));
      expect(reports.map((report) => [report.table, report.rowsLoaded])).toEqual([['judgments', 6_678], ['texts', 150]]);
      expect(await db.all('SELECT label, grade, count(*) AS n FROM judgments GROUP BY ALL ORDER BY grade DESC')).toEqual([
        { label: 'E', grade: 3, n: 3_389 },
        { label: 'S', grade: 2, n: 1_898 },
        { label: 'C', grade: 1, n: 305 },
        { label: 'I', grade: 0, n: 1_086 },
      ]);
      expect(await db.all(`SELECT id, text FROM texts WHERE id = 'esci-subset:1'`)).toEqual([{ id: 'esci-subset:1', text: 't towels kitchen' }]);
      expect(await db.scalar(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'esci_subset_staging'`)).toBe(0);
    });
  });
});
