/**
 * BANKING77 (Casanueva et al., 2020, arXiv:2003.04807): `train.csv` and `test.csv` with header
 * `text,category` (some texts quoted). -> texts: label = category, split `train`/`test`, ids
 * `banking77:<split>:<row>` (1-based row in the file), language `en`.
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ingestFile } from '../ingest/ingest-file.js';
import type { IngestReport } from '../ingest/ingest-report.js';
import { parseLoaderOptions, requireDatasetFile, type LoaderContext } from './loader-support.js';

export const banking77OptionsSchema = z.strictObject({
  splits: z.array(z.enum(['train', 'test'])).min(1).default(['train', 'test']).describe('Which files to load; default both.'),
});

/** Loads `train.csv` and `test.csv` from a BANKING77 `banking_data` folder into `texts`. */
export async function loadBanking77(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  const { splits } = parseLoaderOptions(banking77OptionsSchema, options, 'banking77');
  const reports: IngestReport[] = [];
  for (const split of splits) {
    reports.push(
      await ingestFile(db, {
        table: 'texts',
        path: await requireDatasetFile(path, `${split}.csv`, 'banking77'),
        format: 'csv',
        columns: { text: 'text', label: 'category' },
        defaults: { split, language: 'en' },
        generatedIdPrefix: `banking77:${split}:`,
        checksum: context?.checksum,
        configPath: `data.dataset (banking77 ${split}.csv)`,
      }),
    );
  }
  return reports;
}
