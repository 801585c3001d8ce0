/** Reads the leave-one-out tables of the split stage into dense sequences, with the id maps. */
import { readLeaveOneOutData, type LeaveOneOutDataset } from '../../data/split/leave-one-out-data.js';
import { withDatabase } from '../../internal/duckdb.js';
import type { Sequence } from '../../types.js';
import { loadStageTables } from '../stage-tables.js';

/** The split stage's interactions as `LeaveOneOutData` plus string ids. */
export async function readSplitSequences(splitFolder: string): Promise<LeaveOneOutDataset> {
  return withDatabase(':memory:', async (db) => {
    await loadStageTables(db, splitFolder, ['interactions_train', 'interactions_validation', 'interactions_test']);
    return readLeaveOneOutData(db);
  });
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
