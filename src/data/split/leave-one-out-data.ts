/**
 * Turns the tables of {@link leaveOneOutSplit} into the dense `LeaveOneOutData` that models,
 * trainers and the ranking evaluator share: items `1..numItems` (0 is padding), users
 * `0..numUsers-1`, both numbered in the sort order of their string ids so the mapping is stable.
 */
import type { LeaveOneOutData } from '../../models/recommender.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { splitTableName } from './split-tables.js';

/** Dense leave-one-out data with the maps back to string ids. */
export interface LeaveOneOutDataset {
  data: LeaveOneOutData;
  /** `userIds[user]`: the string id of dense user index `user`. */
  userIds: string[];
  /** `itemIds[item]`: the string id of dense item id `item`; `itemIds[0]` is `''` (padding). */
  itemIds: string[];
}

async function readColumns(db: Database, sql: string, columns: number): Promise<unknown[][]> {
  const result = await db.connection.stream(sql);
  const out: unknown[][] = Array.from({ length: columns }, () => []);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    for (let column = 0; column < columns; column++) {
      const values = chunk.getColumnValues(column);
      for (const value of values) out[column].push(value);
    }
  }
  return out;
}

/**
 * Reads `<table>_train`, `<table>_validation` and `<table>_test` (default table `interactions`).
 * Train histories are in time order (timestamp, then position in the train table). Every user and
 * item of any of the three tables gets an index.
 */
export async function readLeaveOneOutData(db: Database, options: { table?: string } = {}): Promise<LeaveOneOutDataset> {
  const table = options.table ?? 'interactions';
  const [train, validation, test] = (['train', 'validation', 'test'] as const).map((split) => quoteIdent(splitTableName(table, split)));
  const all = `SELECT user_id, item_id FROM ${train} UNION ALL SELECT user_id, item_id FROM ${validation} UNION ALL SELECT user_id, item_id FROM ${test}`;
  const [userIds] = (await readColumns(db, `SELECT DISTINCT user_id FROM (${all}) ORDER BY user_id`, 1)) as [string[]];
  const [itemList] = (await readColumns(db, `SELECT DISTINCT item_id FROM (${all}) ORDER BY item_id`, 1)) as [string[]];
  const userIndex = new Map(userIds.map((id, index) => [id, index]));
  const itemIndex = new Map(itemList.map((id, index) => [id, index + 1]));

  const [trainUsers, trainItems] = (await readColumns(
    db,
    `SELECT user_id, item_id FROM ${train} ORDER BY user_id, coalesce("timestamp", 9223372036854775807), rowid`,
    2,
  )) as [string[], string[]];
  const lengths = new Int32Array(userIds.length);
  for (const user of trainUsers) lengths[userIndex.get(user) as number]++;
  const sequences = Array.from(lengths, (length) => new Int32Array(length));
  const filled = new Int32Array(userIds.length);
  for (let row = 0; row < trainUsers.length; row++) {
    const user = userIndex.get(trainUsers[row]) as number;
    sequences[user][filled[user]++] = itemIndex.get(trainItems[row]) as number;
  }

  const targets = async (source: string): Promise<Int32Array> => {
    const out = new Int32Array(userIds.length).fill(-1);
    const [users, items] = (await readColumns(db, `SELECT user_id, item_id FROM ${source}`, 2)) as [string[], string[]];
    for (let row = 0; row < users.length; row++) out[userIndex.get(users[row]) as number] = itemIndex.get(items[row]) as number;
    return out;
  };
  return {
    data: { numItems: itemList.length, train: sequences, validTarget: await targets(validation), testTarget: await targets(test) },
    userIds,
    itemIds: ['', ...itemList],
  };
}
