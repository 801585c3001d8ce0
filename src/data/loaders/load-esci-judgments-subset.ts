/**
 * The OpenSearch project's 150-query ESCI US judgment subset (derived from Reddy et al., 2022):
 * `esci_us_judgments.json` = `{judgmentRatings: [{query, ratings: [{docId, rating}]}]}` with
 * ratings "100.000"/"10.000"/"1.000"/"0.000" = 100 x the ESCI gains of E/S/C/I (inferred from the
 * value set; the source does not document it). -> judgments: query_id `esci-subset:<n>` (1-based
 * order of the query in the file), item_id = ASIN, label E/S/C/I, grade 3/2/1/0 as in `esci`;
 * and one text per query (same id, no label). No product text exists in this subset.
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ensureCanonicalTable } from '../ingest/ensure-table.js';
import { createLoadedReport, type IngestReport } from '../ingest/ingest-report.js';
import { ensureJudgmentsTable } from './extra-tables.js';
import { parseLoaderOptions, requireDatasetFile, withChecksum, type LoaderContext } from './loader-support.js';

export const esciJudgmentsSubsetOptionsSchema = z.strictObject({});

/** Loads `esci_us_judgments.json` into `judgments` and its queries into `texts`. */
export async function loadEsciJudgmentsSubset(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  parseLoaderOptions(esciJudgmentsSubsetOptionsSchema, options, 'esci-judgments-subset');
  const file = await requireDatasetFile(path, 'esci_us_judgments.json', 'esci-judgments-subset');
  await ensureJudgmentsTable(db);
  await ensureCanonicalTable(db, 'texts');
  await db.run(
    `CREATE TEMP TABLE esci_subset_staging AS
     WITH queries AS (
       SELECT unnest(judgmentRatings) AS judgment, unnest(range(1, len(judgmentRatings) + 1)) AS position
       FROM read_json($path, format = 'auto', maximum_object_size = 268435456)
     )
     SELECT 'esci-subset:' || position AS query_id, position, judgment.query AS query,
       unnest(judgment.ratings).docId AS item_id, CAST(unnest(judgment.ratings).rating AS DOUBLE) AS rating
     FROM queries`,
    { path: file },
  );
  try {
    const judgments = await db.scalar<number>(
      `INSERT INTO judgments
       SELECT query_id, query, item_id, CASE rating WHEN 100 THEN 'E' WHEN 10 THEN 'S' WHEN 1 THEN 'C' WHEN 0 THEN 'I' END,
         CASE rating WHEN 100 THEN 3 WHEN 10 THEN 2 WHEN 1 THEN 1 WHEN 0 THEN 0 END, NULL, 'esci-judgments-subset'
       FROM esci_subset_staging ORDER BY position`,
    );
    const queries = await db.scalar<number>(
      `INSERT INTO texts (id, text, label, language, split)
       SELECT query_id, any_value(query), NULL, 'en', NULL FROM esci_subset_staging GROUP BY query_id, position ORDER BY position`,
    );
    return [
      await withChecksum(createLoadedReport('judgments', file, 'json', Number(judgments ?? 0)), context),
      createLoadedReport('texts', file, 'json', Number(queries ?? 0)),
    ];
  } finally {
    await db.run('DROP TABLE IF EXISTS esci_subset_staging');
  }
}
