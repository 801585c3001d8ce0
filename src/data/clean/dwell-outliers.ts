/** Drops interactions whose dwell time lies outside robust bounds on log(1 + dwell_ms). */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { dropFlaggedRows, tableColumns, totalDropped, type CleanReportEntry } from './drop-rows.js';
import { robustBounds } from './robust-bounds.js';

/**
 * Dwell outliers: negative dwell is invalid; otherwise log(1 + dwell_ms) beyond median +- k * 1.4826 * MAD.
 * Rows without dwell are kept. Bounds are reported in milliseconds.
 */
export async function dropDwellOutliers(db: Database, options: { k: number; table?: string }): Promise<CleanReportEntry> {
  const table = options.table ?? 'interactions';
  const source = quoteIdent(table);
  if (!(await tableColumns(db, table)).includes('dwell_ms')) {
    return { rule: 'dwell-outliers', table, dropped: 0, reason: 'no dwell_ms column', details: {} };
  }
  const bounds = await robustBounds(db, 'ln(1 + dwell_ms)', `${source} WHERE dwell_ms >= 0`, options.k);
  const finite = Number.isFinite(bounds.upper);
  const counts = await dropFlaggedRows(
    db,
    table,
    `SELECT *, rowid AS rid, CASE WHEN dwell_ms < 0 THEN 'dwell negative' ELSE 'dwell outlier' END AS reason
     FROM ${source}
     WHERE dwell_ms < 0 OR ($finite AND (ln(1 + dwell_ms) < $lower OR ln(1 + dwell_ms) > $upper))`,
    { finite, lower: finite ? bounds.lower : 0, upper: finite ? bounds.upper : 0 },
  );
  return {
    rule: 'dwell-outliers',
    table,
    dropped: totalDropped(counts),
    reason: 'dwell time negative or beyond robust bounds',
    details: {
      k: options.k,
      lowerMs: finite ? Math.expm1(bounds.lower) : null,
      upperMs: finite ? Math.expm1(bounds.upper) : null,
      medianMs: Math.expm1(bounds.median),
      byReason: Object.fromEntries(counts),
    },
  };
}
