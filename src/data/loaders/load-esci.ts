/**
 * ESCI, the Shopping Queries Dataset (Reddy et al., arXiv:2206.06588, 2022), Parquet files:
 * - `shopping_queries_dataset_examples.parquet` (example_id, query, query_id, product_id,
 *   product_locale, esci_label E/S/C/I, small_version, large_version, split) -> judgments
 *   (query_id `esci:<query_id>`, grade E=3 S=2 C=1 I=0, split train/test) and one text per query
 *   (id `esci:<query_id>`, no label, the query's split).
 * - `shopping_queries_dataset_products.parquet` (product_id, product_title, product_description,
 *   product_bullet_point, product_brand, product_color, product_locale) -> items: title =
 *   product_title, attributes brand, color, locale, description, bullet_points when present.
 * Rows are kept for one locale (`locale`, default `us`) and one task version (`version`, default
 * `small`, the Task 1 ranking set).
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ensureCanonicalTable } from '../ingest/ensure-table.js';
import { createLoadedReport, type IngestReport } from '../ingest/ingest-report.js';
import { ensureJudgmentsTable } from './extra-tables.js';
import { hasDatasetFile, parseLoaderOptions, requireDatasetFile, withChecksum, type LoaderContext } from './loader-support.js';

export const esciOptionsSchema = z.strictObject({
  locale: z.enum(['us', 'es', 'jp', 'all']).default('us').describe('Product locale to keep; default us.'),
  version: z.enum(['small', 'large']).default('small').describe('small = Task 1 (reduced) set, large = Tasks 2-3 set; default small.'),
});

const EXAMPLES = 'shopping_queries_dataset_examples.parquet';
const PRODUCTS = 'shopping_queries_dataset_products.parquet';

/** Loads the ESCI examples (and products when present) into `judgments`, `texts` and `items`. */
export async function loadEsci(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  const { locale, version } = parseLoaderOptions(esciOptionsSchema, options, 'esci');
  const examples = await requireDatasetFile(path, EXAMPLES, 'esci');
  await ensureJudgmentsTable(db);
  await ensureCanonicalTable(db, 'texts');
  const filter = `($locale = 'all' OR product_locale = $locale) AND (CASE WHEN $version = 'small' THEN small_version ELSE large_version END) = 1`;
  const params = { path: examples, locale, version };
  const judgments = await db.scalar<number>(
    `INSERT INTO judgments
     SELECT 'esci:' || CAST(query_id AS VARCHAR), query, product_id, esci_label,
       CASE esci_label WHEN 'E' THEN 3 WHEN 'S' THEN 2 WHEN 'C' THEN 1 WHEN 'I' THEN 0 END, split, 'esci'
     FROM read_parquet($path) WHERE ${filter} ORDER BY example_id`,
    params,
  );
  const queries = await db.scalar<number>(
    `INSERT INTO texts (id, text, label, language, split)
     SELECT 'esci:' || CAST(query_id AS VARCHAR), any_value(query), NULL,
       CASE any_value(product_locale) WHEN 'jp' THEN 'ja' WHEN 'es' THEN 'es' ELSE 'en' END, any_value(split)
     FROM read_parquet($path) WHERE ${filter} GROUP BY query_id ORDER BY query_id`,
    params,
  );
  const reports = [
    await withChecksum(createLoadedReport('judgments', examples, 'parquet', Number(judgments ?? 0)), context),
    createLoadedReport('texts', examples, 'parquet', Number(queries ?? 0)),
  ];
  if (await hasDatasetFile(path, PRODUCTS)) {
    const products = await requireDatasetFile(path, PRODUCTS, 'esci');
    await ensureCanonicalTable(db, 'items');
    const items = await db.scalar<number>(
      `INSERT INTO items (item_id, title, category, attributes)
       SELECT product_id, product_title, CAST([] AS VARCHAR[]),
         map_from_entries(list_filter([{'key': 'brand', 'value': product_brand}, {'key': 'color', 'value': product_color},
           {'key': 'locale', 'value': product_locale}, {'key': 'description', 'value': product_description},
           {'key': 'bullet_points', 'value': product_bullet_point}], entry -> entry.value IS NOT NULL AND entry.value <> ''))
       FROM read_parquet($path) WHERE ($locale = 'all' OR product_locale = $locale) ORDER BY product_id`,
      { path: products, locale },
    );
    reports.push(await withChecksum(createLoadedReport('items', products, 'parquet', Number(items ?? 0)), context));
  }
  return reports;
}
