/**
 * CLINC150 (Larson et al., EMNLP 2019, "An Evaluation Dataset for Intent Classification and
 * Out-of-Scope Prediction"): `data_<variant>.json` = `{"train": [[text, intent], ...], "val": [...],
 * "test": [...], "oos_train": [...], "oos_val": [...], "oos_test": [...]}`.
 * -> texts: label = intent (`oos` for the out-of-scope parts), split `train`/`validation`/`test`
 * from the part name, ids `clinc150:<part>:<index>` (1-based index in its list).
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ensureCanonicalTable } from '../ingest/ensure-table.js';
import { createLoadedReport, type IngestReport } from '../ingest/ingest-report.js';
import { parseLoaderOptions, requireDatasetFile, withChecksum, type LoaderContext } from './loader-support.js';

export const clinc150OptionsSchema = z.strictObject({
  variant: z.enum(['full', 'small', 'imbalanced', 'oos_plus']).default('full').describe('Which data_<variant>.json to read; default full.'),
  outOfScope: z.boolean().default(true).describe('Also load the oos_* parts (label "oos"); default true.'),
});

/** Loads a CLINC150 `data_<variant>.json` into `texts`. */
export async function loadClinc150(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  const { variant, outOfScope } = parseLoaderOptions(clinc150OptionsSchema, options, 'clinc150');
  const file = await requireDatasetFile(path, `data_${variant}.json`, 'clinc150');
  await ensureCanonicalTable(db, 'texts');
  const rows = await db.scalar<number>(
    `INSERT INTO texts (id, text, label, language, split)
     WITH parts AS (
       SELECT entry.key AS part, CAST(entry.value AS VARCHAR[][]) AS pairs
       FROM (SELECT unnest(map_entries(CAST(CAST(content AS JSON) AS MAP(VARCHAR, JSON)))) AS entry FROM read_text($path))
       WHERE entry.key IN ('train', 'val', 'test') OR ($outOfScope AND entry.key IN ('oos_train', 'oos_val', 'oos_test'))
     ), pairs AS (SELECT part, unnest(pairs) AS pair, unnest(range(1, len(pairs) + 1)) AS position FROM parts)
     SELECT 'clinc150:' || part || ':' || position, pair[1], pair[2], 'en',
       CASE replace(part, 'oos_', '') WHEN 'val' THEN 'validation' ELSE replace(part, 'oos_', '') END
     FROM pairs ORDER BY part, position`,
    { path: file, outOfScope },
  );
  return [await withChecksum(createLoadedReport('texts', file, 'json', Number(rows ?? 0)), context)];
}
