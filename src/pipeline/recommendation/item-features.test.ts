import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { itemFeaturesConfigSchema } from '../../config/item-features.js';
import { createTableSql } from '../../data/tables.js';
import { withDatabase } from '../../internal/duckdb.js';
import { saveStageTables } from '../stage-tables.js';
import { readSplitItemFeatures } from './item-features.js';

const itemIds = ['', 'a', 'b', 'c', 'd'];

/** Writes a split stage folder: items, and train/validation/test interactions (rows `user item time`). */
async function writeSplit(folder: string, splits: Record<'train' | 'validation' | 'test', [string, string, number][]>): Promise<void> {
  await withDatabase(':memory:', async (db) => {
    await db.run(createTableSql('items'));
    await db.run(`INSERT INTO items (item_id, title, category, attributes) VALUES
      ('a', 'Rose hand cream', ['Beauty'], MAP {'brand': 'acme'}),
      ('b', 'Rose face cream', ['Beauty'], MAP {'brand': 'acme'}),
      ('c', 'Steel drill', ['Tools'], MAP {'brand': 'bolt'}),
      ('d', 'Drill bits', ['Tools'], MAP {'brand': 'bolt'})`);
    for (const [split, rows] of Object.entries(splits)) {
      const table = `interactions_${split}`;
      await db.run(createTableSql('interactions', table));
      for (const [user, item, time] of rows) await db.run(`INSERT INTO ${table} (user_id, item_id, "timestamp") VALUES ($1, $2, $3)`, [user, item, time]);
    }
    await saveStageTables(db, folder, ['items', 'interactions_train', 'interactions_validation', 'interactions_test']);
  });
}

const train: [string, string, number][] = [
  ['u1', 'a', 1],
  ['u1', 'b', 2],
  ['u2', 'b', 3],
  ['u2', 'c', 4],
  ['u3', 'a', 5],
];
const config = parseConfig(itemFeaturesConfigSchema, { blocks: [{ block: 'tfidf', dim: 16, minDocumentFrequency: 1 }, { block: 'attributes' }, { block: 'behaviour', window: 1 }], fusion: 'learned' });

describe('readSplitItemFeatures', () => {
  it('computes the blocks from the items table and interactions_train, in dense item order, and records them', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sf-item-features-'));
    await writeSplit(folder, { train, validation: [['u1', 'c', 9]], test: [['u1', 'd', 10]] });
    const { features, record } = await readSplitItemFeatures(folder, itemIds, config);
    expect(features).toMatchObject({ numItems: 4, dim: 16 + 4 + 3, learnedWeights: true });
    expect(features.blocks).toEqual([
      { name: 'tfidf', offset: 0, dim: 16 },
      { name: 'attributes', offset: 16, dim: 4 },
      { name: 'behaviour', offset: 20, dim: 3 },
    ]);
    expect(record).toMatchObject({ fusion: 'learned', dim: 23, items: 4, itemsInCatalog: 4, trainingInteractions: 5 });
    expect(record.blocks.map((block) => [block.name, block.dim])).toEqual([['tfidf', 16], ['attributes', 4], ['behaviour', 3]]);
    expect(record.blocks[2].info).toMatchObject({ interactions: 5, recency: 'time', itemsWithout: 1 });
  });

  it('never reads validation or test interactions: changing them leaves every feature as it was, changing training does not', async () => {
    const first = await mkdtemp(join(tmpdir(), 'sf-item-features-'));
    await writeSplit(first, { train, validation: [['u1', 'c', 9], ['u2', 'a', 9], ['u3', 'b', 9]], test: [['u1', 'd', 10], ['u2', 'd', 10], ['u3', 'd', 10]] });
    const second = await mkdtemp(join(tmpdir(), 'sf-item-features-'));
    // Item d is every held-out target in the first split and none in the second; c is a held-out target only in the second.
    await writeSplit(second, { train, validation: [['u1', 'c', 20], ['u2', 'c', 21], ['u3', 'c', 22]], test: [['u1', 'c', 30], ['u2', 'b', 31], ['u3', 'c', 32]] });
    const a = await readSplitItemFeatures(first, itemIds, config);
    const b = await readSplitItemFeatures(second, itemIds, config);
    expect(b.features.values).toEqual(a.features.values);
    expect(b.record).toEqual(a.record);
    // Item d has no training interaction, so its raw behaviour row is zero in both.
    const behaviour = (result: typeof a) => result.record.blocks[2].info.itemsWithout;
    expect(behaviour(a)).toBe(1);
    const third = await mkdtemp(join(tmpdir(), 'sf-item-features-'));
    await writeSplit(third, { train: [...train, ['u3', 'd', 6]], validation: [], test: [] });
    const c = await readSplitItemFeatures(third, itemIds, config);
    expect(c.features.values).not.toEqual(a.features.values);
    expect(c.record.trainingInteractions).toBe(6);
  });

  it('names the config path when the embedding block has no model', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sf-item-features-'));
    await writeSplit(folder, { train, validation: [], test: [] });
    const embedding = parseConfig(itemFeaturesConfigSchema, { blocks: [{ block: 'behaviour' }, { block: 'embedding' }] });
    await expect(readSplitItemFeatures(folder, itemIds, embedding)).rejects.toThrow(/train\.itemFeatures\.blocks\[1\]: the embedding block needs an embedding model/);
  });
});
