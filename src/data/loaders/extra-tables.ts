/**
 * Tables some datasets need beside the canonical three: query-item relevance `judgments` (ESCI,
 * WANDS, Multi-CPR) and MovieLens `users`. Created on first use; loaders append to them.
 */
import type { Database } from '../../internal/duckdb.js';

/**
 * `judgments`: one graded query-item label. `grade` is ordinal, higher is more relevant: ESCI
 * E=3, S=2, C=1, I=0; WANDS Exact=2, Partial=1, Irrelevant=0; Multi-CPR qrels 1. `split` is the
 * dataset's own split when it has one.
 */
export const JUDGMENTS_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS judgments (query_id VARCHAR, query VARCHAR, item_id VARCHAR, label VARCHAR, grade DOUBLE, split VARCHAR, source VARCHAR)';

/** `users`: MovieLens demographics, `user_id` joins `interactions.user_id`. */
export const USERS_TABLE_SQL = 'CREATE TABLE IF NOT EXISTS users (user_id VARCHAR, age INTEGER, gender VARCHAR, occupation VARCHAR, zip VARCHAR)';

/** Creates `judgments` if missing. */
export async function ensureJudgmentsTable(db: Database): Promise<void> {
  await db.run(JUDGMENTS_TABLE_SQL);
}

/** Creates `users` if missing. */
export async function ensureUsersTable(db: Database): Promise<void> {
  await db.run(USERS_TABLE_SQL);
}
