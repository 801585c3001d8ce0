/** Sequence length bounds: drops users with fewer than `min` interactions and keeps each user's most recent `max`. */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { dropFlaggedRows, totalDropped, type CleanReportEntry } from './drop-rows.js';

/** Bounds on the number of interactions per user. */
export interface SequenceLengthOptions {
  /** Users with fewer interactions are dropped. */
  min: number;
  /** Only the most recent `max` interactions per user are kept (ties in time: later input wins); null = no bound. */
  max: number | null;
  table?: string;
}

/** Applies the length bounds; the reasons are `sequence too short` and `sequence truncated`. */
export async function boundSequenceLength(db: Database, options: SequenceLengthOptions): Promise<CleanReportEntry> {
  const table = options.table ?? 'interactions';
  const counts = await dropFlaggedRows(
    db,
    table,
    `SELECT * EXCLUDE (n, from_end), CASE WHEN n < $min THEN 'sequence too short' ELSE 'sequence truncated' END AS reason
     FROM (
       SELECT *, rowid AS rid,
              count(*) OVER (PARTITION BY user_id) AS n,
              row_number() OVER (PARTITION BY user_id ORDER BY "timestamp" DESC NULLS FIRST, rowid DESC) AS from_end
       FROM ${quoteIdent(table)}
     )
     WHERE n < $min OR from_end > $max`,
    { min: options.min, max: options.max ?? Number.MAX_SAFE_INTEGER },
  );
  return {
    rule: 'sequence-length',
    table,
    dropped: totalDropped(counts),
    reason: 'sequence shorter than min or longer than max',
    details: { min: options.min, max: options.max, byReason: Object.fromEntries(counts) },
  };
}
