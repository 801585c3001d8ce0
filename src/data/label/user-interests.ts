/**
 * User-interest labels: the top-N categories of each user by weighted events (a view counts less
 * than a purchase), from interactions joined to the items' category paths.
 */
import type { UserInterestsConfig } from '../../config/label.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';

/** The `label.userInterests` section without `enabled`. */
export type UserInterestsOptions = Partial<Omit<UserInterestsConfig, 'enabled'>>;

/** What writing user interests produced. */
export interface UserInterestsResult {
  table: string;
  /** Users with at least one interest. */
  users: number;
  rows: number;
  /** Interactions whose item is unknown or has no category; they do not count. */
  uncategorised: number;
}

const DEFAULT_WEIGHTS: Record<string, number> = { view: 1, click: 2, cart: 3, purchase: 4, rating: 2 };

/**
 * Writes `options.table` (default `user_interests`: user_id, category, score, rank) with rank 1 the
 * strongest interest; ties in score are broken by category name. Unknown events weigh 1.
 */
export async function writeUserInterests(db: Database, options: UserInterestsOptions = {}): Promise<UserInterestsResult> {
  const table = options.table ?? 'user_interests';
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const params: Record<string, string | number> = { topN: options.topN ?? 3, level: options.level ?? 1 };
  const cases = Object.entries(weights).map(([event, weight], index) => {
    params[`event${index}`] = event;
    params[`weight${index}`] = weight;
    return `WHEN i.event = $event${index} THEN $weight${index}::DOUBLE`;
  });
  const weight = cases.length === 0 ? '1.0' : `CASE ${cases.join(' ')} ELSE 1.0 END`;
  // A path shorter than `level` labels at its deepest level.
  const category = `it.category[least($level, len(it.category))]`;
  await db.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS
     SELECT user_id, category, score, rank FROM (
       SELECT user_id, category, score, row_number() OVER (PARTITION BY user_id ORDER BY score DESC, category) AS rank
       FROM (
         SELECT i.user_id, ${category} AS category, sum(${weight}) AS score
         FROM interactions i JOIN items it ON i.item_id = it.item_id
         WHERE len(it.category) > 0
         GROUP BY i.user_id, ${category}
       )
     ) WHERE rank <= $topN ORDER BY user_id, rank`,
    params,
  );
  const [row] = await db.all<{ users: number; rows: number }>(`SELECT count(DISTINCT user_id) AS users, count(*) AS rows FROM ${quoteIdent(table)}`);
  const uncategorised = await db.scalar<number>(
    `SELECT count(*) FROM interactions i WHERE NOT EXISTS (SELECT 1 FROM items it WHERE it.item_id = i.item_id AND len(it.category) > 0)`,
  );
  return { table, users: Number(row.users), rows: Number(row.rows), uncategorised: Number(uncategorised ?? 0) };
}
