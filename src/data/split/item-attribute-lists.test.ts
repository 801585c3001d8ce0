import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { createTableSql } from '../tables.js';
import { readItemAttributeLists } from './item-attribute-lists.js';

describe('readItemAttributeLists', () => {
  it('turns attribute maps and category paths into sorted token ids per dense item', async () => {
    const result = await withDatabase(':memory:', async (db) => {
      await db.run(createTableSql('items'));
      await db.run(`INSERT INTO items (item_id, category, attributes) VALUES
        ('a', ['Beauty', 'Eyes'], MAP {'colour': 'red'}),
        ('b', NULL, MAP {'17': '1', '4': '1'}),
        ('c', NULL, NULL)`);
      return readItemAttributeLists(db, ['', 'b', 'a', 'c', 'unknown']);
    });
    expect(result.vocabulary).toEqual(['17=1', '4=1', 'category=Beauty', 'category=Eyes', 'colour=red']);
    expect(result.lists.map((list) => [...list])).toEqual([[], [0, 1], [2, 3, 4], [], []]);
  });

  it('says what to do when there is no items table', async () => {
    await expect(withDatabase(':memory:', (db) => readItemAttributeLists(db, ['', 'a']))).rejects.toThrow(/no items table.*train\.itemAttributes: false/);
  });
});
