/**
 * k-core filtering: repeatedly drops the interactions of users with fewer than `userK` and items with
 * fewer than `itemK` interactions until none is left to drop (the fixed point), as in the 5-core
 * datasets of McAuley et al. (2015) used by SASRec and S3-Rec. Counts are rows, not distinct pairs.
 */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { dropFlaggedRows, totalDropped, type CleanReportEntry } from './drop-rows.js';

/** Minimum interactions per user and per item (rows, after duplicates are gone). */
export interface KCoreOptions {
  userK: number;
  itemK: number;
  /** Stops after this many rounds; the report then says the fixed point was not reached. Default 100. */
  maxIterations?: number;
  table?: string;
}

/** Runs k-core filtering to a fixed point; `details.iterations` counts the rounds that dropped rows. */
export async function kCoreFilter(db: Database, options: KCoreOptions): Promise<CleanReportEntry> {
  const table = options.table ?? 'interactions';
  const source = quoteIdent(table);
  const maxIterations = options.maxIterations ?? 100;
  const users = quoteIdent(`__kcore_users_${table}`);
  const items = quoteIdent(`__kcore_items_${table}`);
  const droppedPerIteration: number[] = [];
  let converged = false;
  try {
    for (;;) {
      // Counts are materialised once per round: the low-degree sets that drive the deletion and, at
      // the fixed point, the surviving users and items come from them without another scan.
      await db.run(`CREATE OR REPLACE TEMP TABLE ${users} AS SELECT user_id AS id, count(*) AS n FROM ${source} GROUP BY user_id`);
      await db.run(`CREATE OR REPLACE TEMP TABLE ${items} AS SELECT item_id AS id, count(*) AS n FROM ${source} GROUP BY item_id`);
      const low = Number(
        (await db.scalar<number>(`SELECT (SELECT count(*) FROM ${users} WHERE n < $userK) + (SELECT count(*) FROM ${items} WHERE n < $itemK)`, {
          userK: options.userK,
          itemK: options.itemK,
        })) ?? 0,
      );
      if (low === 0) {
        converged = true;
        break;
      }
      if (droppedPerIteration.length >= maxIterations) break;
      const counts = await dropFlaggedRows(
        db,
        table,
        `SELECT *, rowid AS rid, 'k-core' AS reason FROM ${source}
         WHERE user_id IN (SELECT id FROM ${users} WHERE n < $userK) OR item_id IN (SELECT id FROM ${items} WHERE n < $itemK)`,
        { userK: options.userK, itemK: options.itemK },
      );
      droppedPerIteration.push(totalDropped(counts));
    }
    const [remaining] = await db.all<{ users: number; items: number; rows: number }>(
      `SELECT (SELECT count(*) FROM ${users}) AS users, (SELECT count(*) FROM ${items}) AS items, (SELECT coalesce(sum(n), 0) FROM ${users}) AS rows`,
    );
    return {
      rule: 'k-core',
      table,
      dropped: droppedPerIteration.reduce((sum, value) => sum + value, 0),
      reason: `user with < ${options.userK} or item with < ${options.itemK} interactions`,
      details: {
        userK: options.userK,
        itemK: options.itemK,
        iterations: droppedPerIteration.length,
        droppedPerIteration,
        converged,
        users: Number(remaining.users),
        items: Number(remaining.items),
        rows: Number(remaining.rows),
      },
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${users}`);
    await db.run(`DROP TABLE IF EXISTS ${items}`);
  }
}
