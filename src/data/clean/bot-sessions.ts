/**
 * Drops bot-like sessions: too many events, too many distinct items within one clock minute, or
 * machine-regular intervals (coefficient of variation of the gaps between events below a threshold).
 */
import type { CleanConfig } from '../../config/clean.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { totalDropped, type CleanReportEntry } from './drop-rows.js';
import { dropSessions } from './session-outliers.js';

/** Thresholds of the bot tests (see the `clean.bots` config section); `table` defaults to `interactions`. */
export type BotOptions = Omit<CleanConfig['bots'], 'enabled'> & { table?: string };

/** Drops the rows of bot-like sessions; the reason says which test caught the session. */
export async function dropBotSessions(db: Database, options: BotOptions): Promise<CleanReportEntry> {
  const table = options.table ?? 'interactions';
  const source = quoteIdent(table);
  const statsSql = `
    WITH gaps AS (
      SELECT user_id, session_id, item_id, "timestamp" // 60000 AS minute,
             "timestamp" - lag("timestamp") OVER (PARTITION BY user_id, session_id ORDER BY "timestamp", rowid) AS gap
      FROM ${source}
    ),
    per_minute AS (
      SELECT user_id, session_id, count(DISTINCT item_id) AS items FROM gaps GROUP BY user_id, session_id, minute
    ),
    per_session AS (
      SELECT user_id, session_id, count(*) AS events, stddev_pop(gap) / nullif(avg(gap), 0) AS gap_cv FROM gaps GROUP BY user_id, session_id
    )
    SELECT s.user_id, s.session_id, s.events, s.gap_cv, m.peak_items
    FROM per_session s
    JOIN (SELECT user_id, session_id, max(items) AS peak_items FROM per_minute GROUP BY user_id, session_id) m
      ON s.user_id = m.user_id AND s.session_id IS NOT DISTINCT FROM m.session_id`;
  const { counts, sessions } = await dropSessions(
    db,
    table,
    statsSql,
    `CASE WHEN events > $maxEvents THEN 'bot: too many events'
          WHEN peak_items > $maxItems THEN 'bot: too many items per minute'
          WHEN events >= $regularMin AND gap_cv IS NOT NULL AND gap_cv < $maxCv THEN 'bot: machine-regular intervals' END`,
    {
      maxEvents: options.maxEventsPerSession,
      maxItems: options.maxDistinctItemsPerMinute,
      regularMin: options.regularMinEvents,
      maxCv: options.regularMaxCv,
    },
  );
  return {
    rule: 'bots',
    table,
    dropped: totalDropped(counts),
    reason: 'bot-like session',
    details: {
      sessionsDropped: sessions,
      maxEventsPerSession: options.maxEventsPerSession,
      maxDistinctItemsPerMinute: options.maxDistinctItemsPerMinute,
      regularMinEvents: options.regularMinEvents,
      regularMaxCv: options.regularMaxCv,
      byReason: Object.fromEntries(counts),
    },
  };
}
