import { listValue } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../internal/duckdb.js';
import { defaultFeatureColumns, readFeatureTable } from './feature-table.js';

describe('readFeatureTable', () => {
  it('flattens category paths and attribute maps into columns and picks the default features', async () => {
    await withDatabase(':memory:', async (db) => {
      await db.run(`CREATE TABLE items (item_id VARCHAR, title VARCHAR, category VARCHAR[], attributes MAP(VARCHAR, VARCHAR), image_path VARCHAR, price DOUBLE, stock INTEGER)`);
      // 40 items: titles unique, two top categories, a leaf only on half, brand everywhere, colour on
      // one item (2.5% < 5%), a constant size.
      for (let i = 0; i < 40; i++) {
        const top = i % 2 === 0 ? 'beauty' : 'home';
        const category = i < 20 ? [top, `${top}-leaf`] : [top];
        const attributes = i === 0 ? { brand: `b${i % 4}`, colour: 'red', size: 'M' } : { brand: `b${i % 4}`, size: 'M' };
        await db.run(
          `INSERT INTO items VALUES ($id, $title, $category, MAP($keys, $values), NULL, $price, $stock)`,
          { id: `i${String(i).padStart(2, '0')}`, title: `title ${i}`, category: listValue(category), keys: listValue(Object.keys(attributes)), values: listValue(Object.values(attributes)), price: 10 + i / 2, stock: i % 3 },
        );
      }
      const table = await readFeatureTable(db, 'items', 'item_id');
      expect(table.rowCount).toBe(40);
      expect(table.columns.map((column) => [column.name, column.kind, column.present, column.distinct])).toEqual([
        ['title', 'categorical', 40, 40],
        ['category.1', 'categorical', 40, 2],
        ['category.2', 'categorical', 20, 2],
        ['attributes.brand', 'categorical', 40, 4],
        ['attributes.colour', 'categorical', 1, 1],
        ['attributes.size', 'categorical', 40, 1],
        ['image_path', 'categorical', 0, 0],
        ['price', 'numeric', 40, 40],
        ['stock', 'numeric', 40, 3],
      ]);
      expect(table.columns.find((column) => column.name === 'stock')).toMatchObject({ integer: true });
      expect(table.columns.find((column) => column.name === 'price')).toMatchObject({ integer: false });
      expect(table.defaults).toEqual([
        { name: 'category.1', kind: 'categorical' },
        { name: 'category.2', kind: 'categorical' },
        { name: 'attributes.brand', kind: 'categorical' },
        { name: 'price', kind: 'numeric', integer: false },
        { name: 'stock', kind: 'numeric', integer: true },
      ]);
      expect(table.skipped).toEqual([
        { column: 'title', reason: 'near-unique: 40 distinct values in 40 rows (an identifier or free text)' },
        { column: 'attributes.colour', reason: 'present on 1 of 40 rows (under 5%)' },
        { column: 'attributes.size', reason: 'constant' },
        { column: 'image_path', reason: 'present on 0 of 40 rows (under 5%)' },
      ]);
      const rows = table.rows(['category.2', 'attributes.colour', 'price']);
      expect(rows[0]).toEqual({ item_id: 'i00', 'category.2': 'beauty-leaf', 'attributes.colour': 'red', price: 10 });
      expect(rows[39]).toEqual({ item_id: 'i39', 'category.2': null, 'attributes.colour': null, price: 29.5 });
    });
  });

  it('keeps numeric columns with many values and drops categorical ones with more values than half the rows', () => {
    const columns = [
      { name: 'zip', kind: 'categorical' as const, present: 10, distinct: 6 },
      { name: 'occupation', kind: 'categorical' as const, present: 10, distinct: 5 },
      { name: 'age', kind: 'numeric' as const, integer: true, present: 10, distinct: 10 },
    ];
    const { defaults, skipped } = defaultFeatureColumns(columns, 10);
    expect(defaults.map((column) => column.name)).toEqual(['occupation', 'age']);
    expect(skipped).toEqual([{ column: 'zip', reason: 'near-unique: 6 distinct values in 10 rows (an identifier or free text)' }]);
  });
});
