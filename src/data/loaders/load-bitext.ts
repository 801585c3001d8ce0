/**
 * Bitext customer-service intent corpus (Bitext Innovations, 2022): train/dev/test CSVs with header
 * `utterance,intent,entity_type,entity_value,start_offset,end_offset,category,tags`.
 * -> texts: text = utterance, label = intent (27 values) by default or the 11 coarse `category`
 * groups with `label: category`; split `train`/`validation`/`test`; ids `bitext:<split>:<row>`.
 * Entity slots and linguistic tags are not kept (texts has no column for them).
 */
import { z } from 'zod';
import type { Database } from '../../internal/duckdb.js';
import { ingestFile } from '../ingest/ingest-file.js';
import type { IngestReport } from '../ingest/ingest-report.js';
import { parseLoaderOptions, requireDatasetFile, type LoaderContext } from './loader-support.js';

export const bitextOptionsSchema = z.strictObject({
  label: z.enum(['intent', 'category']).default('intent').describe('Which column becomes the label: intent (27) or category (11 groups); default intent.'),
});

const FILES = [
  { split: 'train', file: 'train/Bitext_Sample_Customer_Service_Training_Dataset.csv' },
  { split: 'validation', file: 'dev/Bitext_Sample_Customer_Service_Validation_Dataset.csv' },
  { split: 'test', file: 'test/Bitext_Sample_Customer_Service_Testing_Dataset.csv' },
] as const;

/** Loads the three Bitext CSVs (folder layout of the publisher's `data/` folder) into `texts`. */
export async function loadBitext(db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext): Promise<IngestReport[]> {
  const { label } = parseLoaderOptions(bitextOptionsSchema, options, 'bitext-customer-service');
  const reports: IngestReport[] = [];
  for (const { split, file } of FILES) {
    reports.push(
      await ingestFile(db, {
        table: 'texts',
        path: await requireDatasetFile(path, file, 'bitext-customer-service'),
        format: 'csv',
        columns: { text: 'utterance', label },
        defaults: { split, language: 'en' },
        generatedIdPrefix: `bitext:${split}:`,
        checksum: context?.checksum,
        configPath: `data.dataset (bitext-customer-service ${file})`,
      }),
    );
  }
  return reports;
}
