/**
 * Drops whole sessions whose event count, or peak events within one clock minute, lies above the
 * robust bound median + k * 1.4826 * MAD on the log scale. A session is (user_id, session_id); rows
 * without session_id form one session per user.
 */
import { quoteIdent, type Database, type SqlParams } from '../../internal/duckdb.js';
import { dropFlaggedRows, totalDropped, type CleanReportEntry } from './drop-rows.js';
import { robustBounds } from './robust-bounds.js';

let counter = 0;

/** Drops the rows of the sessions of `statsSql` (user_id, session_id, ...) for which `reasonSql` is not null. */
export async function dropSessions(
  db: Database,
  table: string,
  statsSql: string,
  reasonSql: string,
  params?: SqlParams,
): Promise<{ counts: Map<string, number>; sessions: number }> {
  const stats = quoteIdent(`__sessions_${process.pid}_${counter++}`);
  await db.run(`CREATE TEMP TABLE ${stats} AS SELECT * FROM (SELECT *, ${reasonSql} AS reason FROM (${statsSql})) WHERE reason IS NOT NULL`, params);
  try {
    const sessions = Number((await db.scalar<number>(`SELECT count(*) FROM ${stats}`)) ?? 0);
    const counts =
      sessions === 0
        ? new Map<string, number>()
        : await dropFlaggedRows(
            db,
            table,
            `SELECT t.*, t.rowid AS rid, s.reason FROM ${quoteIdent(table)} t
             JOIN ${stats} s ON t.user_id = s.user_id AND t.session_id IS NOT DISTINCT FROM s.session_id`,
          );
    return { counts, sessions };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${stats}`);
  }
}

/** Drops sessions with too many events or too many events per minute for the robust bounds at `k`. */
export async function dropSessionOutliers(db: Database, options: { k: number; table?: string }): Promise<CleanReportEntry> {
  const table = options.table ?? 'interactions';
  const stats = quoteIdent(`__session_stats_${process.pid}_${counter++}`);
  await db.run(
    `CREATE TEMP TABLE ${stats} AS
     SELECT user_id, session_id, sum(c) AS events, max(c) AS peak
     FROM (SELECT user_id, session_id, count(*) AS c FROM ${quoteIdent(table)} GROUP BY user_id, session_id, "timestamp" // 60000)
     GROUP BY user_id, session_id`,
  );
  try {
    const eventBounds = await robustBounds(db, 'ln(events)', stats, options.k);
    const peakBounds = await robustBounds(db, 'ln(peak)', stats, options.k);
    const upperEvents = Number.isFinite(eventBounds.upper) ? Math.exp(eventBounds.upper) : null;
    const upperPeak = Number.isFinite(peakBounds.upper) ? Math.exp(peakBounds.upper) : null;
    const { counts, sessions } = await dropSessions(
      db,
      table,
      `SELECT * FROM ${stats}`,
      `CASE WHEN events > $upperEvents::DOUBLE THEN 'session events outlier' WHEN peak > $upperPeak::DOUBLE THEN 'session rate outlier' END`,
      { upperEvents, upperPeak },
    );
    return {
      rule: 'session-outliers',
      table,
      dropped: totalDropped(counts),
      reason: 'session events or events per minute above robust bound',
      details: {
        k: options.k,
        sessionsDropped: sessions,
        upperEventsPerSession: upperEvents,
        upperEventsPerMinute: upperPeak,
        byReason: Object.fromEntries(counts),
      },
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${stats}`);
  }
}
