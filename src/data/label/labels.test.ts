import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { createTestTable } from '../clean/test-support/create-tables.js';
import { writeGradedLabels } from './graded-labels.js';
import { writeItemCategories } from './item-categories.js';
import { applyLabelingFunctions, labelingFunctionPattern } from './labeling-functions.js';
import { writeUserInterests } from './user-interests.js';

describe('graded labels', () => {
  it('keeps the highest grade per pair and grades ratings by thresholds', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'interactions', [
        { user_id: 'u1', item_id: 'a', event: 'view' },
        { user_id: 'u1', item_id: 'a', event: 'purchase' },
        { user_id: 'u1', item_id: 'b', event: 'click' },
        { user_id: 'u2', item_id: 'a', event: 'cart' },
        { user_id: 'u2', item_id: 'c', event: 'rating', value: 4.5 },
        { user_id: 'u2', item_id: 'd', event: 'rating', value: 3 },
        { user_id: 'u2', item_id: 'e', event: 'rating', value: 1 },
        { user_id: 'u3', item_id: 'a', event: 'share' },
      ]);
      const result = await writeGradedLabels(db);
      expect(result).toEqual({ table: 'grades', pairs: 6, byGrade: { 0: 1, 1: 2, 2: 2, 3: 1 }, unknownEvents: { share: 1 } });
      expect(await db.all('SELECT * FROM grades WHERE user_id = $1', ['u1'])).toEqual([
        { user_id: 'u1', item_id: 'a', grade: 3 },
        { user_id: 'u1', item_id: 'b', grade: 1 },
      ]);
      const custom = await writeGradedLabels(db, { grades: { purchase: 1, share: 5 }, table: 'custom' });
      expect(custom.byGrade).toEqual({ 0: 1, 1: 2, 2: 1, 5: 1 });
    });
  });
});

async function catalog(db: Parameters<Parameters<typeof withDatabase>[1]>[0]): Promise<void> {
  await db.run(`CREATE TABLE items (item_id VARCHAR, title VARCHAR, category VARCHAR[], attributes MAP(VARCHAR, VARCHAR), image_path VARCHAR, price DOUBLE)`);
  await db.run(`INSERT INTO items (item_id, category, attributes) VALUES
    ('a', ['beauty', 'skin'], MAP {'type': 'Running Shoes', 'brand': 'X'}),
    ('b', ['beauty', 'hair'], MAP {'type': 'T-shirt'}),
    ('c', ['tools'], MAP {'brand': 'Y'}),
    ('d', [], MAP {})`);
}

describe('user interests', () => {
  it('ranks categories by weighted events', async () => {
    await withDatabase(':memory:', async (db) => {
      await catalog(db);
      await createTestTable(db, 'interactions', [
        { user_id: 'u1', item_id: 'a', event: 'view' },
        { user_id: 'u1', item_id: 'a', event: 'purchase' },
        { user_id: 'u1', item_id: 'b', event: 'click' },
        { user_id: 'u1', item_id: 'c', event: 'view' },
        { user_id: 'u1', item_id: 'd', event: 'click' },
        { user_id: 'u1', item_id: 'e', event: 'click' },
      ]);
      // beauty = view 1 + purchase 4 + click 2 = 7, tools = 1; d has no category, e is not in items.
      expect(await writeUserInterests(db)).toEqual({ table: 'user_interests', users: 1, rows: 2, uncategorised: 2 });
      expect(await db.all('SELECT category, score, rank FROM user_interests')).toEqual([
        { category: 'beauty', score: 7, rank: 1 },
        { category: 'tools', score: 1, rank: 2 },
      ]);
      await writeUserInterests(db, { level: 2, topN: 2 });
      expect(await db.all('SELECT category, score FROM user_interests')).toEqual([
        { category: 'skin', score: 5 },
        { category: 'hair', score: 2 },
      ]);
    });
  });
});

describe('item categories', () => {
  it('labels items by the first matching attribute rule', async () => {
    await withDatabase(':memory:', async (db) => {
      await catalog(db);
      const result = await writeItemCategories(db, [{ key: 'type', pattern: 'shoe', category: 'footwear' }, { key: 'type' }]);
      expect(result).toEqual({ table: 'item_categories', byRule: { 0: 1, 1: 1 }, labelled: 2, unlabelled: 2 });
      expect(await db.all('SELECT * FROM item_categories ORDER BY item_id')).toEqual([
        { item_id: 'a', category: 'footwear', rule: 0 },
        { item_id: 'b', category: 'T-shirt', rule: 1 },
      ]);
    });
  });
});

describe('labelling functions', () => {
  it('escapes keywords for RE2', () => {
    expect(labelingFunctionPattern({ name: 'x', label: 'y', keywords: ['3.5mm', 'c++'] })).toBe('3\\.5mm|c\\+\\+');
  });

  it('votes by majority and summarises coverage, overlaps and conflicts', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'texts', [
        { id: 't1', text: 'refund my order' },
        { id: 't2', text: 'where is my order', label: 'track' },
        { id: 't3', text: 'cancel and refund' },
        { id: 't4', text: 'hello' },
        { id: 't5', text: 'cancel order now' },
        { id: 't6', text: 'REFUND please' },
      ]);
      const result = await applyLabelingFunctions(db, [
        { name: 'lf_refund', label: 'refund', keywords: ['refund'] },
        { name: 'lf_order', label: 'track', keywords: ['order'] },
        { name: 'lf_cancel', label: 'cancel', pattern: '\\bcancel\\b' },
        { name: 'lf_money', label: 'refund', pattern: 'refund|money back' },
      ]);
      // Votes: t1 refund x2 + track; t2 track; t3 refund x2 + cancel; t4 none; t5 cancel + track (tie); t6 refund x2.
      expect(result.functions.map((lf) => [lf.name, lf.covered, lf.overlapped, lf.conflicted])).toEqual([
        ['lf_refund', 3, 3, 2],
        ['lf_order', 3, 2, 2],
        ['lf_cancel', 2, 2, 2],
        ['lf_money', 3, 3, 2],
      ]);
      expect(result.functions[0]).toMatchObject({ polarity: ['refund'], coverage: 0.5, overlaps: 0.5, conflicts: 2 / 6 });
      expect(result).toMatchObject({ texts: 6, covered: 5, coverage: 5 / 6, labelled: 4, ties: 1, abstained: 1, filled: 3 });
      expect(await db.all('SELECT id, label, votes, status FROM weak_labels')).toEqual([
        { id: 't1', label: 'refund', votes: 3, status: 'labelled' },
        { id: 't2', label: 'track', votes: 1, status: 'labelled' },
        { id: 't3', label: 'refund', votes: 3, status: 'labelled' },
        { id: 't4', label: null, votes: 0, status: 'abstain' },
        { id: 't5', label: null, votes: 2, status: 'tie' },
        { id: 't6', label: 'refund', votes: 2, status: 'labelled' },
      ]);
      expect(await db.all('SELECT id, label FROM texts WHERE label IS NOT NULL ORDER BY id')).toEqual([
        { id: 't1', label: 'refund' },
        { id: 't2', label: 'track' },
        { id: 't3', label: 'refund' },
        { id: 't6', label: 'refund' },
      ]);
    });
  });
});
