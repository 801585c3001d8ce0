/**
 * online_shopping_10_cats (SophonPlus ChineseNlpCorpus): CSV `cat,label,review`, 10 product
 * categories, sentiment 1/0. -> texts: text = review with U+FEFF removed (the first review starts
 * with one), label = the category (`labelBy: category`, default) or `positive`/`negative`
 * (`labelBy: sentiment`), language `zh`, no split (the corpus has none), ids `online-shopping:<row>`.
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ingestFile } from '../ingest/ingest-file.js';
import type { IngestReport } from '../ingest/ingest-report.js';
import { parseLoaderOptions, requireDatasetFile, type LoaderContext } from './loader-support.js';

export const onlineShoppingOptionsSchema = z.strictObject({
  labelBy: z.enum(['category', 'sentiment']).default('category').describe('Label = product category (10) or sentiment (positive/negative); default category.'),
});

const PREFIX = 'online-shopping:';

/** Loads `online_shopping_10_cats.csv` into `texts`. */
export async function loadOnlineShopping(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  const { labelBy } = parseLoaderOptions(onlineShoppingOptionsSchema, options, 'online-shopping-10-cats');
  const report = await ingestFile(db, {
    table: 'texts',
    path: await requireDatasetFile(path, 'online_shopping_10_cats.csv', 'online-shopping-10-cats'),
    format: 'csv',
    columns: { text: 'review', label: labelBy === 'category' ? 'cat' : 'label' },
    defaults: { language: 'zh' },
    generatedIdPrefix: PREFIX,
    checksum: context?.checksum,
    configPath: 'data.dataset (online-shopping-10-cats)',
  });
  // A small follow-up over this corpus's rows only: the BOM inside the first review, and 1/0 to words.
  await db.run(`UPDATE texts SET text = replace(text, $bom, '') WHERE starts_with(id, $prefix) AND contains(text, $bom)`, { bom: '\uFEFF', prefix: PREFIX });
  if (labelBy === 'sentiment') {
    await db.run(`UPDATE texts SET label = CASE label WHEN '1' THEN 'positive' WHEN '0' THEN 'negative' ELSE label END WHERE starts_with(id, $prefix)`, { prefix: PREFIX });
  }
  return [report];
}
