/** Reads the leave-one-out tables of the split stage into dense sequences, with the id maps, and the items' attributes. */
import { readItemAttributeLists } from '../../data/split/item-attribute-lists.js';
import { readLeaveOneOutData, type LeaveOneOutDataset } from '../../data/split/leave-one-out-data.js';
import { withDatabase } from '../../internal/duckdb.js';
import { createItemAttributes, type ItemAttributes } from '../../models/sasrec/item-attributes.js';
import type { Sequence } from '../../types.js';
import { loadStageTables } from '../stage-tables.js';

/** The split stage's interactions as `LeaveOneOutData` plus string ids. */
export async function readSplitSequences(splitFolder: string): Promise<LeaveOneOutDataset> {
  return withDatabase(':memory:', async (db) => {
    await loadStageTables(db, splitFolder, ['interactions_train', 'interactions_validation', 'interactions_test']);
    return readLeaveOneOutData(db);
  });
}

/** The split stage's `items` table as attribute lists of the dense items `itemIds` (`train.itemAttributes`). */
export async function readSplitItemAttributes(splitFolder: string, itemIds: readonly string[]): Promise<ItemAttributes> {
  const { vocabulary, lists } = await withDatabase(':memory:', async (db) => {
    await loadStageTables(db, splitFolder, ['items']);
    return readItemAttributeLists(db, itemIds);
  });
  return createItemAttributes(itemIds.length - 1, vocabulary.length, lists);
}

/** Training sequences with string ids, the records augmenters and their lineage see. */
export function trainingSequences(dataset: LeaveOneOutDataset): Sequence[] {
  return dataset.data.train
    .map((items, user) => ({ userId: dataset.userIds[user], items: Array.from(items, (item) => dataset.itemIds[item]) }))
    .filter((sequence) => sequence.items.length > 0);
}

/**
 * Dense ids of an augmented sequence. Ids the catalog does not know (a mask token) map to
 * `maskId`, which the model reserves for them.
 */
export function toDenseSequence(items: readonly string[], index: ReadonlyMap<string, number>, maskId: number): Int32Array {
  return Int32Array.from(items, (item) => index.get(item) ?? maskId);
}
