/**
 * WANDS, the Wayfair ANnotation DataSet (Chen et al., ECIR 2022). All files are TAB-separated
 * despite the `.csv` names.
 * - `query.csv` (`query_id, query, query_class`) -> texts: id `wands:query:<query_id>`, label = query_class.
 * - `product.csv` (`product_id, product_name, product_class, category_hierarchy, product_description,
 *   product_features, rating_count, average_rating, review_count`) -> items: title = product_name,
 *   category = category_hierarchy split on `/`, attributes = product_features (`k:v|k:v`). The
 *   description, class and rating columns are not kept (items has no column for them).
 * - `label.csv` (`id, query_id, product_id, label`) -> judgments: label Exact/Partial/Irrelevant,
 *   grade 2/1/0, query text joined from query.csv.
 * product.csv and label.csv are loaded when present (only query.csv is required).
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { createLoadedReport, type IngestReport } from '../ingest/ingest-report.js';
import { ensureJudgmentsTable } from './extra-tables.js';
import { hasDatasetFile, parseLoaderOptions, requireDatasetFile, withChecksum, type LoaderContext } from './loader-support.js';

export const wandsOptionsSchema = z.strictObject({});

/** Loads a WANDS `dataset/` folder: queries into `texts`, products into `items`, labels into `judgments`. */
export async function loadWands(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  parseLoaderOptions(wandsOptionsSchema, options, 'wands');
  const queries = await requireDatasetFile(path, 'query.csv', 'wands');
  const reports: IngestReport[] = [
    await ingestFile(db, {
      table: 'texts',
      path: queries,
      format: 'tsv',
      columns: { id: 'query_id', text: 'query', label: 'query_class' },
      idPrefix: 'wands:query:',
      checksum: context?.checksum,
      configPath: 'data.dataset (wands query.csv)',
    }),
  ];
  if (await hasDatasetFile(path, 'product.csv')) {
    reports.push(
      await ingestFile(db, {
        table: 'items',
        path: await requireDatasetFile(path, 'product.csv', 'wands'),
        format: 'tsv',
        columns: { itemId: 'product_id', title: 'product_name', category: 'category_hierarchy', attributes: 'product_features' },
        categoryDelimiter: '/',
        attributesFormat: 'pairs',
        checksum: context?.checksum,
        configPath: 'data.dataset (wands product.csv)',
      }),
    );
  }
  if (await hasDatasetFile(path, 'label.csv')) {
    const labels = await requireDatasetFile(path, 'label.csv', 'wands');
    await ensureJudgmentsTable(db);
    const rows = await db.scalar<number>(
      `INSERT INTO judgments
       SELECT 'wands:query:' || l.query_id, q.query, l.product_id, l.label,
         CASE l.label WHEN 'Exact' THEN 2 WHEN 'Partial' THEN 1 WHEN 'Irrelevant' THEN 0 END, NULL, 'wands'
       FROM read_csv($labels, header = true, delim = '\t', types = {'id': 'VARCHAR', 'query_id': 'VARCHAR', 'product_id': 'VARCHAR', 'label': 'VARCHAR'}) l
       LEFT JOIN read_csv($queries, header = true, delim = '\t', types = {'query_id': 'VARCHAR', 'query': 'VARCHAR', 'query_class': 'VARCHAR'}) q USING (query_id)
       ORDER BY TRY_CAST(l.id AS BIGINT)`,
      { labels, queries },
    );
    reports.push(await withChecksum(createLoadedReport('judgments', labels, 'tsv', Number(rows ?? 0)), context));
  }
  return reports;
}
