/**
 * Implicit feedback to graded relevance labels: each event maps to a grade (default purchase 3 >
 * cart 2 > click 1 > view 0; `rating` events by value thresholds) and each (user, item) pair keeps
 * its highest grade, the graded relevance NDCG expects.
 */
import type { GradedLabelsConfig } from '../../config/label.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';

/** The `label.graded` section without `enabled`; `source` is the interactions table (default `interactions`). */
export type GradedLabelsOptions = Partial<Omit<GradedLabelsConfig, 'enabled'>> & { source?: string };

/** What writing graded labels produced. */
export interface GradedLabelsResult {
  table: string;
  /** (user, item) pairs written. */
  pairs: number;
  /** Pairs per grade. */
  byGrade: Record<string, number>;
  /** Events with no grade (not in the map), counted by event name; they are ignored. */
  unknownEvents: Record<string, number>;
}

const DEFAULT_GRADES: Record<string, number> = { purchase: 3, cart: 2, click: 1, view: 0 };
const DEFAULT_THRESHOLDS = [
  { min: 4, grade: 2 },
  { min: 3, grade: 1 },
];

/** Writes `options.table` (default `grades`: user_id, item_id, grade) from `options.source` (default `interactions`). */
export async function writeGradedLabels(db: Database, options: GradedLabelsOptions = {}): Promise<GradedLabelsResult> {
  const table = options.table ?? 'grades';
  const source = quoteIdent(options.source ?? 'interactions');
  const grades = options.grades ?? DEFAULT_GRADES;
  const thresholds = [...(options.ratingThresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => b.min - a.min);
  const params: Record<string, string | number> = { belowGrade: options.ratingBelowGrade ?? 0 };
  const eventCases = Object.entries(grades).map(([event, grade], index) => {
    params[`event${index}`] = event;
    params[`grade${index}`] = grade;
    return `WHEN event = $event${index} THEN $grade${index}::INTEGER`;
  });
  const ratingCases = thresholds.map((threshold, index) => {
    params[`min${index}`] = threshold.min;
    params[`ratingGrade${index}`] = threshold.grade;
    return `WHEN value >= $min${index} THEN $ratingGrade${index}::INTEGER`;
  });
  const rating = `CASE ${ratingCases.join(' ')} ELSE $belowGrade::INTEGER END`;
  // An explicit grade for `rating` in the map wins over the thresholds.
  const gradeSql = `CASE ${eventCases.join(' ')} WHEN event = 'rating' THEN ${rating} END`;
  const graded = quoteIdent(`__graded_${table}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${graded} AS SELECT user_id, item_id, event, ${gradeSql} AS grade FROM ${source}`, params);
  try {
    await db.run(
      `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS
       SELECT user_id, item_id, max(grade) AS grade FROM ${graded} WHERE grade IS NOT NULL GROUP BY user_id, item_id ORDER BY user_id, item_id`,
    );
    const unknown = await db.all<{ event: string | null; n: number }>(
      `SELECT coalesce(event, '(null)') AS event, count(*) AS n FROM ${graded} WHERE grade IS NULL GROUP BY event ORDER BY event`,
    );
    const byGrade = await db.all<{ grade: number; n: number }>(`SELECT grade, count(*) AS n FROM ${quoteIdent(table)} GROUP BY grade ORDER BY grade`);
    return {
      table,
      pairs: byGrade.reduce((sum, row) => sum + Number(row.n), 0),
      byGrade: Object.fromEntries(byGrade.map((row) => [String(row.grade), Number(row.n)])),
      unknownEvents: Object.fromEntries(unknown.map((row) => [row.event, Number(row.n)])),
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${graded}`);
  }
}
