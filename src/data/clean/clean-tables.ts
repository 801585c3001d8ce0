/**
 * Runs the configured cleaning rules on the canonical tables, in an order where each rule sees the
 * data the earlier ones repaired: missing keys, text normalisation, duplicates, dwell outliers, bots,
 * session outliers, k-core, sequence length, chronological order.
 */
import { cleanConfigSchema, type CleanConfig } from '../../config/clean.js';
import type { Database } from '../../internal/duckdb.js';
import { dropBotSessions } from './bot-sessions.js';
import { sortChronologically } from './chronological-order.js';
import { tableExists, type CleanReport } from './drop-rows.js';
import { dropDuplicatesAll } from './remove-duplicates.js';
import { dropDwellOutliers } from './dwell-outliers.js';
import { kCoreFilter } from './k-core.js';
import { dropMissingKeysAll } from './missing-keys.js';
import { normalizeTextColumns } from './normalize-text.js';
import { boundSequenceLength } from './sequence-length.js';
import { dropSessionOutliers } from './session-outliers.js';

/**
 * Cleans items, interactions and texts in place and returns one report entry per rule and table.
 * Dropped rows are kept in `dropped_<table>` with their reason. `config` defaults to the schema's
 * defaults (missing keys, normalisation, duplicates, chronological order on; the rest off).
 */
export async function cleanTables(db: Database, config: CleanConfig = cleanConfigSchema.parse({})): Promise<CleanReport> {
  const report: CleanReport = [];
  if (config.missingKeys.enabled) report.push(...(await dropMissingKeysAll(db)));
  if (config.normalizeText.enabled) report.push(...(await normalizeTextColumns(db, config.normalizeText)));
  if (config.duplicates.enabled) report.push(...(await dropDuplicatesAll(db)));
  if (!(await tableExists(db, 'interactions'))) return report;
  if (config.dwellOutliers.enabled) report.push(await dropDwellOutliers(db, config.dwellOutliers));
  if (config.bots.enabled) report.push(await dropBotSessions(db, config.bots));
  if (config.sessionOutliers.enabled) report.push(await dropSessionOutliers(db, config.sessionOutliers));
  if (config.kCore.enabled) report.push(await kCoreFilter(db, config.kCore));
  if (config.sequenceLength.enabled) report.push(await boundSequenceLength(db, config.sequenceLength));
  if (config.chronological.enabled) report.push(await sortChronologically(db, config.chronological));
  return report;
}
