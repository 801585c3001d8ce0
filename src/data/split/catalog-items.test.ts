import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { createTableSql } from '../tables.js';
import { readCatalogItems, readTrainingInteractions } from './catalog-items.js';

describe('readCatalogItems and readTrainingInteractions', () => {
  it('read items in dense order (missing ones empty) and the training interactions in time order per user', async () => {
    const result = await withDatabase(':memory:', async (db) => {
      await db.run(createTableSql('items'));
      await db.run(`INSERT INTO items (item_id, title, category, attributes, image_path) VALUES
        ('a', 'Red Soap', ['Beauty', 'Bath'], MAP {'brand': 'acme'}, 'img/a.jpg'),
        ('b', NULL, NULL, NULL, NULL)`);
      await db.run(createTableSql('interactions', 'interactions_train'));
      await db.run(`INSERT INTO interactions_train (user_id, item_id, "timestamp") VALUES ('u2', 'a', 7), ('u1', 'b', 9), ('u1', 'a', 3), ('u3', 'b', NULL)`);
      return { catalog: await readCatalogItems(db, ['', 'b', 'a', 'z']), interactions: await readTrainingInteractions(db) };
    });
    expect(result.catalog.found).toBe(2);
    expect(result.catalog.items).toEqual([
      { itemId: 'b', title: '', category: [], attributes: {} },
      { itemId: 'a', title: 'Red Soap', category: ['Beauty', 'Bath'], attributes: { brand: 'acme' }, imagePath: 'img/a.jpg' },
      { itemId: 'z', title: '', category: [], attributes: {} },
    ]);
    expect(result.interactions).toEqual([
      { userId: 'u1', itemId: 'a', timestamp: 3 },
      { userId: 'u1', itemId: 'b', timestamp: 9 },
      { userId: 'u2', itemId: 'a', timestamp: 7 },
      { userId: 'u3', itemId: 'b' },
    ]);
  });

  it('gives empty items when there is no items table', async () => {
    const catalog = await withDatabase(':memory:', (db) => readCatalogItems(db, ['', 'a']));
    expect(catalog).toEqual({ items: [{ itemId: 'a', title: '', category: [], attributes: {} }], found: 0 });
  });
});
