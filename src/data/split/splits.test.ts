import { describe, expect, it } from 'vitest';
import { withDatabase, type Database } from '../../internal/duckdb.js';
import { createTestTable, interactionRows } from '../clean/test-support/create-tables.js';
import { kShotSplit } from './k-shot-split.js';
import { readLeaveOneOutData } from './leave-one-out-data.js';
import { leaveOneOutSplit } from './leave-one-out.js';
import { stratifiedSplit } from './stratified-split.js';
import { temporalSplit } from './temporal-split.js';

const ids = async (db: Database, table: string, column = 'id') => (await db.all<Record<string, string>>(`SELECT ${column} FROM ${table}`)).map((row) => row[column]);

describe('leave-one-out', () => {
  it('follows the S3-Rec protocol on chronological order, ties by input position, missing times last', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(
        db,
        'interactions',
        interactionRows([['u3', 'p', 1], ['u1', 'a', 1], ['u1', 'c', 3], ['u2', 'x', 5], ['u3', 'r', null as unknown as number], ['u1', 'd', 3], ['u2', 'y', 1], ['u1', 'b', 2], ['u3', 'q', 2]]),
      );
      const result = await leaveOneOutSplit(db);
      expect(result).toEqual({ counts: { train: 5, validation: 2, test: 2, pool: 0 }, users: 2, usersTrainOnly: 1 });
      expect(await ids(db, 'interactions_test', 'item_id')).toEqual(['r', 'd']);
      expect(await ids(db, 'interactions_validation', 'item_id')).toEqual(['c', 'q']);
      expect(await ids(db, 'interactions_train', 'item_id')).toEqual(['p', 'a', 'x', 'y', 'b']);

      const dataset = await readLeaveOneOutData(db);
      // users u1, u2, u3 -> 0, 1, 2; items a b c d p q r x y -> 1..9.
      expect(dataset.userIds).toEqual(['u1', 'u2', 'u3']);
      expect(dataset.itemIds).toEqual(['', 'a', 'b', 'c', 'd', 'p', 'q', 'r', 'x', 'y']);
      expect(dataset.data.numItems).toBe(9);
      expect(dataset.data.train.map((sequence) => [...sequence])).toEqual([[1, 2], [9, 8], [5]]);
      expect([...dataset.data.validTarget]).toEqual([3, -1, 6]);
      expect([...dataset.data.testTarget]).toEqual([4, -1, 7]);
    });
  });

  it('consuming the input gives the same tables and leaves no input table', async () => {
    const rows = interactionRows([['u1', 'a', 1], ['u2', 'x', 5], ['u1', 'c', 3], ['u2', 'y', 1], ['u1', 'b', 2], ['u2', 'z', 5], ['u3', 'p', 1]]);
    const tables = ['interactions_train', 'interactions_validation', 'interactions_test', 'interactions_pool'];
    const splitWith = (consumeSource: boolean) =>
      withDatabase(':memory:', async (db) => {
        await createTestTable(db, 'interactions', rows);
        const result = await leaveOneOutSplit(db, { consumeSource });
        const contents = await Promise.all(tables.map((table) => db.all(`SELECT user_id, item_id, "timestamp" FROM ${table}`)));
        const left = await db.scalar<number>(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'interactions'`);
        return { result, contents, left };
      });
    const copied = await splitWith(false);
    const consumed = await splitWith(true);
    expect(consumed.result).toEqual(copied.result);
    expect(consumed.contents).toEqual(copied.contents);
    expect(consumed.contents[2]).toEqual([
      { user_id: 'u1', item_id: 'c', timestamp: 3 },
      { user_id: 'u2', item_id: 'z', timestamp: 5 },
    ]);
    expect([copied.left, consumed.left]).toEqual([1, 0]);
  });

  it('orders by timestamp when the range is too wide to pack with the row id', async () => {
    await withDatabase(':memory:', async (db) => {
      const at = (timestamp: bigint) => ({ timestamp });
      await createTestTable(
        db,
        'interactions',
        interactionRows([
          ['u1', 'late', 0, at(4_000_000_000_000_000_000n)],
          ['u1', 'early', 0, at(-4_000_000_000_000_000_000n)],
          ['u1', 'tie-first', 0, at(7n)],
          ['u1', 'tie-second', 0, at(7n)],
          ['u1', 'none', 0, { timestamp: null }],
        ]),
      );
      await leaveOneOutSplit(db);
      expect(await ids(db, 'interactions_test', 'item_id')).toEqual(['none']);
      expect(await ids(db, 'interactions_validation', 'item_id')).toEqual(['late']);
      expect(await ids(db, 'interactions_train', 'item_id')).toEqual(['early', 'tie-first', 'tie-second']);
    });
  });
});

describe('temporal split', () => {
  it('cuts at given timestamps and sends rows without time to the pool', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'interactions', interactionRows([...Array.from({ length: 10 }, (_, i) => ['u', `i${i + 1}`, i + 1] as [string, string, number]), ['u', 'none', null as unknown as number]]));
      const result = await temporalSplit(db, { testFrom: 9, validationFrom: 7 });
      expect(result.counts).toEqual({ train: 6, validation: 2, test: 2, pool: 1 });
      expect(await ids(db, 'interactions_test', 'item_id')).toEqual(['i9', 'i10']);
      const byQuantile = await temporalSplit(db, { testQuantile: 0.8, validationQuantile: 0.5 });
      // quantile_disc over 1..10: 0.5 -> 5, 0.8 -> 8.
      expect([byQuantile.validationFrom, byQuantile.testFrom]).toEqual([5, 8]);
      expect(byQuantile.counts).toEqual({ train: 4, validation: 3, test: 3, pool: 1 });
    });
  });
});

async function labelledTexts(db: Database): Promise<void> {
  const rows = [
    ...Array.from({ length: 60 }, (_, i) => ({ id: `a${i}`, text: `a ${i}`, label: 'A' })),
    ...Array.from({ length: 40 }, (_, i) => ({ id: `b${i}`, text: `b ${i}`, label: 'B' })),
    ...Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, text: `n ${i}`, label: null })),
  ];
  await createTestTable(db, 'texts', rows);
}

describe('stratified split', () => {
  it('keeps each label share, puts unlabelled rows in the pool, and depends only on the seed', async () => {
    await withDatabase(':memory:', async (db) => {
      await labelledTexts(db);
      // A: round(60 * 0.8) = 48 train, round(60 * 0.9) - 48 = 6 validation, 6 test; B: 32, 4, 4.
      expect(await stratifiedSplit(db, { seed: 1 })).toEqual({ train: 80, validation: 10, test: 10, pool: 5 });
      expect(await db.all(`SELECT label, count(*) AS n FROM texts_test GROUP BY label ORDER BY label`)).toEqual([
        { label: 'A', n: 6 },
        { label: 'B', n: 4 },
      ]);
      expect(await db.all(`SELECT count(*) AS n, count(label) AS labelled FROM texts_pool`)).toEqual([{ n: 5, labelled: 0 }]);
      const first = await ids(db, 'texts_test');
      // md5 is a fixed algorithm: these ids are the same on any machine and DuckDB version.
      expect(first.slice(0, 4)).toMatchInlineSnapshot(`
        [
          "a1",
          "a13",
          "a30",
          "a35",
        ]
      `);
      await stratifiedSplit(db, { seed: 1 });
      expect(await ids(db, 'texts_test')).toEqual(first);
      await stratifiedSplit(db, { seed: 2 });
      expect(await ids(db, 'texts_test')).not.toEqual(first);
    });
  });

  it('honours the dataset split column', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'texts', [
        ...Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, text: 'x', label: 'A' })),
        { id: 'fixed', text: 'x', label: 'A', split: 'test' },
      ]);
      const counts = await stratifiedSplit(db, { seed: 3, train: 0.5, validation: 0.5 });
      expect(counts).toEqual({ train: 5, validation: 5, test: 1, pool: 0 });
      expect(await ids(db, 'texts_test')).toEqual(['fixed']);
    });
  });
});

describe('k-shot split', () => {
  async function texts(db: Database, withTest: boolean): Promise<void> {
    await createTestTable(db, 'texts', [
      ...Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, text: 'x', label: 'A', split: withTest && i < 2 ? 'test' : 'train' })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `b${i}`, text: 'x', label: 'B', split: 'train' })),
      ...Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, text: 'x', label: 'C', split: 'train' })),
      ...Array.from({ length: 2 }, (_, i) => ({ id: `u${i}`, text: 'x', label: null, split: null })),
    ]);
  }

  it('takes k per label for train, honours the dataset test split and pools the rest without labels', async () => {
    await withDatabase(':memory:', async (db) => {
      await texts(db, true);
      const result = await kShotSplit(db, { seed: 5, k: 2, validationK: 1 });
      // test: the 2 dataset test rows; A 8 left: 2 train, 1 validation, 5 pool; B 3: 2, 1, 0; C 5: 2, 1, 2; 2 unlabelled.
      expect(result).toEqual({ counts: { train: 6, validation: 3, test: 2, pool: 9 }, datasetTest: true, shortLabels: {} });
      expect(await ids(db, 'texts_test')).toEqual(['a0', 'a1']);
      expect(await db.all(`SELECT count(label) AS labels, count(hidden_label) AS hidden FROM texts_pool`)).toEqual([{ labels: 0, hidden: 7 }]);
      const train = await ids(db, 'texts_train');
      await kShotSplit(db, { seed: 5, k: 2, validationK: 1 });
      expect(await ids(db, 'texts_train')).toEqual(train);
      await kShotSplit(db, { seed: 6, k: 2, validationK: 1 });
      expect(await ids(db, 'texts_train')).not.toEqual(train);
    });
  });

  it('holds out a test fraction when the dataset has no test split and reports short labels', async () => {
    await withDatabase(':memory:', async (db) => {
      await texts(db, false);
      const result = await kShotSplit(db, { seed: 5, k: 4, testFraction: 0.2 });
      // test: A round(2) = 2, B round(0.6) = 1, C round(1) = 1; train: A 4, B 2 (short), C 4.
      expect(result.counts).toEqual({ train: 10, validation: 0, test: 4, pool: 6 });
      expect(result).toMatchObject({ datasetTest: false, shortLabels: { B: 2 } });
    });
  });
});
